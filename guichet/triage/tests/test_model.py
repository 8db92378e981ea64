"""The classifier artefact and its predictions (pure)."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp

from guichet.assistant.tests.fakes import HashingEmbedder
from guichet.triage.features import FeatureConfig, embed_cap, embed_text, text_block
from guichet.triage.model import ArtefactError, TriageClassifier
from guichet.triage.tests.data import examples, out_of_scope
from guichet.triage.training import TrainConfig, train_classifier


@pytest.fixture(scope="module")
def trained() -> TriageClassifier:
    texts, labels = examples()
    return train_classifier(texts, labels, embedder=HashingEmbedder()).classifier


def test_artefact_round_trip_predicts_the_same(trained: TriageClassifier) -> None:
    embedder = HashingEmbedder()
    texts = ["mon imprimante est bloquée", "facture en double", "colis perdu"]

    loaded = TriageClassifier.loads(trained.dumps())

    before, after = trained.predict(texts, embedder), loaded.predict(texts, embedder)
    assert (
        [p.label for p in after] == [p.label for p in before] == ["printing", "billing", "delivery"]
    )
    assert [p.confidence for p in after] == [p.confidence for p in before]
    assert loaded.embedder_version == "fake-hashing/1"


def test_artefact_is_not_a_pickle(trained: TriageClassifier) -> None:
    assert trained.dumps()[:2] == b"PK"  # a zip of .npy arrays, loaded with allow_pickle=False


@pytest.mark.parametrize("damage", [b"", b"not a model", "truncate"])
def test_corrupt_artefact_raises_artefact_error(trained: TriageClassifier, damage: object) -> None:
    data = trained.dumps()
    broken = data[: len(data) // 2] if damage == "truncate" else damage

    with pytest.raises(ArtefactError):
        TriageClassifier.loads(broken)  # type: ignore[arg-type]


def test_fast_tfidf_equals_scikit_learn(trained: TriageClassifier) -> None:
    texts = ["Bonjour, mon IMPRIMANTE n'imprime plus!", "", "facture facture facture"]

    ours = text_block(trained.vectorizers, texts)
    theirs = sp.hstack([v.transform(texts) for v in trained.vectorizers]) / np.sqrt(2)

    assert abs(ours - theirs).max() < 1e-6


def test_one_text_scores_equal_the_batch_scores(trained: TriageClassifier) -> None:
    texts = ["mon imprimante est bloquée", "", "facture en double"] + ["colis perdu"] * 9
    embeddings = HashingEmbedder().embed_queries(texts)

    batch = trained.scores(texts, embeddings)  # more than FEW_TEXTS: one sparse product
    one_by_one = np.vstack(
        [trained.scores([t], embeddings[i : i + 1]) for i, t in enumerate(texts)]
    )

    np.testing.assert_allclose(one_by_one, batch, atol=1e-5)


def test_without_its_embedder_the_model_still_answers_on_text(trained: TriageClassifier) -> None:
    other = HashingEmbedder(version="another-model/2")

    with_nothing = trained.predict_one("imprimante papier coincé", None)
    with_other = trained.predict_one("imprimante papier coincé", other)

    assert with_nothing.label == with_other.label == "printing"
    assert other.calls == []  # vectors of another model are never mixed in


def test_prediction_lists_alternatives_by_probability(trained: TriageClassifier) -> None:
    prediction = trained.predict_one("facture non reçue", HashingEmbedder())

    probabilities = [p for _, p in prediction.alternatives]
    assert prediction.alternatives[0][0] == prediction.label == "billing"
    assert probabilities == sorted(probabilities, reverse=True)
    assert 0.0 < prediction.confidence <= 1.0


def test_two_classes_work() -> None:
    texts, labels = examples(topics={"yes": (["oui", "yes"], ["d'accord", "sure"]),
                                     "no": (["non", "no"], ["jamais", "never"])})  # fmt: skip

    classifier = train_classifier(texts, labels).classifier

    assert classifier.coef.shape[0] == 2
    assert classifier.predict_one("non jamais").label == "no"
    assert classifier.predict_one("oui d'accord").label == "yes"


def test_embedded_text_is_cut_at_a_word_within_the_limit() -> None:
    text = "mot " * 100

    cut = embed_text(text, 50)

    assert len(cut) <= 50 and cut.endswith("mot") and text.startswith(cut)
    assert embed_text("court", 50) == embed_text("court", None) == "court"


def test_embed_cap_is_the_largest_that_fits_the_budget() -> None:
    config = FeatureConfig(embed_max_chars=320, embed_min_chars=96)

    assert embed_cap([40] * 100, config, budget_chars=10_000) == 320  # short texts: all of them
    assert embed_cap([1000] * 100, config, budget_chars=15_000) == 144  # 100 x 144 <= 15,000
    assert embed_cap([1000] * 100, config, budget_chars=10) == 96  # never below the floor


def test_artefact_keeps_out_of_scope_centroids_and_embedding_cap() -> None:
    texts, labels = examples(per_class=20)
    chit_chat = out_of_scope(24)
    embedder = HashingEmbedder()
    classifier = train_classifier(
        texts + chit_chat, labels + ["oos"] * len(chit_chat), embedder=embedder,
        config=TrainConfig(oos_max_in_scope_loss=0.05),
    ).classifier  # fmt: skip

    loaded = TriageClassifier.loads(classifier.dumps())

    assert loaded.centroids is not None and classifier.centroids is not None
    assert np.array_equal(loaded.centroids, classifier.centroids)
    assert loaded.oos_scaling == classifier.oos_scaling
    assert loaded.oos_score_threshold == classifier.oos_score_threshold
    assert loaded.embed_chars == classifier.embed_chars == FeatureConfig().embed_max_chars
    probe = ["zxqv wprt", "colis perdu en retard"]
    assert [p.label for p in loaded.predict(probe, embedder)] == [
        p.label for p in classifier.predict(probe, embedder)
    ]
