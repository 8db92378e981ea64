"""The classifier artefact and its predictions (pure)."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp

from guichet.assistant.tests.fakes import HashingEmbedder
from guichet.triage.features import text_block
from guichet.triage.model import ArtefactError, TriageClassifier
from guichet.triage.tests.data import examples
from guichet.triage.training import train_classifier


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
