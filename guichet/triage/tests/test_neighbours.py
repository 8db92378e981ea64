from __future__ import annotations

import io
import json

import numpy as np

from guichet.assistant.tests.fakes import HashingEmbedder
from guichet.triage.model import TriageClassifier
from guichet.triage.neighbours import neighbour_votes
from guichet.triage.tests.data import examples
from guichet.triage.training import (
    TrainConfig,
    keep_neighbour_votes_if_they_help,
    train_classifier,
)


def _unit(rows: list[list[float]]) -> np.ndarray:
    matrix = np.asarray(rows, dtype=np.float32)
    return matrix / np.linalg.norm(matrix, axis=1, keepdims=True)


def test_votes_go_mostly_to_the_class_of_the_closest_paraphrase() -> None:
    # given three training texts: two of class 0 loosely related, one of class 1 very close
    memory = _unit([[1, 0, 0], [0.6, 0.8, 0], [0.98, 0.0, 0.2]])
    labels = np.array([0, 0, 1])
    query = _unit([[0.97, 0.0, 0.24]])

    votes = neighbour_votes(query, memory, labels, n_classes=3, k=2, sharpness=0.02)

    assert votes.shape == (1, 3)
    assert abs(float(votes[0].sum()) - 1.0) < 1e-6
    assert votes[0, 1] > 0.5 > votes[0, 0]
    assert votes[0, 2] == 0.0  # a class without neighbours gets nothing


def test_a_text_far_from_every_example_gets_fewer_votes_under_the_floor() -> None:
    memory = _unit([[1, 0, 0], [0, 1, 0]])
    labels = np.array([0, 1])
    near, far = _unit([[0.995, 0.1, 0]]), _unit([[0.7, 0.1, 0.7]])

    near_votes = neighbour_votes(near, memory, labels, 2, k=2, sharpness=0.02, floor=0.3)
    far_votes = neighbour_votes(far, memory, labels, 2, k=2, sharpness=0.02, floor=0.3)

    assert abs(float(near_votes.sum()) - 1.0) < 1e-6  # enough weight: shares sum to 1
    assert 0.0 < float(far_votes.sum()) < 0.01  # cosine 0.7: almost no say
    assert far_votes[0, 0] > far_votes[0, 1]  # still pointing to the closer class


def test_artefact_keeps_the_neighbour_memory_and_answers_the_same() -> None:
    # given a model with neighbour votes on (set here: on this toy data the linear scores are
    # already always right, so training turns them off)
    texts, labels = examples(per_class=12)
    embedder = HashingEmbedder()
    classifier = train_classifier(texts, labels, embedder=embedder).classifier
    classifier.memory = np.asarray(embedder.embed_queries(texts), dtype=np.float16).astype(
        np.float32
    )
    classifier.memory_labels = np.searchsorted(classifier.classes, labels)
    classifier.knn_weight, classifier.knn_floor = 0.5, 0.3

    loaded = TriageClassifier.loads(classifier.dumps())

    assert loaded.memory is not None and np.array_equal(loaded.memory, classifier.memory)
    assert loaded.memory_labels is not None
    assert [loaded.classes[i] for i in loaded.memory_labels] == labels
    assert (loaded.knn_weight, loaded.knn_k, loaded.knn_floor) == (0.5, 10, 0.3)
    probe = ["colis perdu", "facture en double"]
    before, after = classifier.predict(probe, embedder), loaded.predict(probe, embedder)
    assert [p.confidence for p in after] == [p.confidence for p in before]


def test_neighbour_votes_that_do_not_help_on_validation_are_turned_off() -> None:
    # given votes from a memory whose labels are all wrong (every text votes "billing")
    texts, labels = examples(per_class=12)
    embedder = HashingEmbedder()
    classifier = train_classifier(
        texts, labels, embedder=embedder, config=TrainConfig(knn_weight=0.0)
    ).classifier
    classifier.memory = np.asarray(embedder.embed_queries(texts), dtype=np.float32)
    classifier.memory_labels = np.full(len(texts), classifier.classes.index("billing"))
    classifier.knn_weight = 50.0

    keep_neighbour_votes_if_they_help(classifier, texts, labels, embedder.embed_queries(texts))

    assert classifier.knn_weight == 0.0 and classifier.memory is None


def test_without_neighbour_votes_the_artefact_has_no_memory_and_still_loads() -> None:
    texts, labels = examples(per_class=12)
    config = TrainConfig(knn_weight=0.0)
    classifier = train_classifier(texts, labels, embedder=HashingEmbedder(), config=config)

    data = classifier.classifier.dumps()
    loaded = TriageClassifier.loads(data)

    with np.load(io.BytesIO(data), allow_pickle=False) as archive:
        assert "memory" not in archive.files
    assert loaded.memory is None and loaded.knn_weight == 0.0
    assert loaded.predict_one("colis perdu", HashingEmbedder()).label == "delivery"


def test_artefact_saved_before_neighbour_votes_still_loads() -> None:
    # given an artefact whose header has no knn_* keys and no memory arrays (older format)
    texts, labels = examples(per_class=12)
    data = train_classifier(texts, labels, embedder=HashingEmbedder()).classifier.dumps()
    with np.load(io.BytesIO(data), allow_pickle=False) as archive:
        arrays = {name: archive[name] for name in archive.files if not name.startswith("memory")}
    header = json.loads(arrays["header"].tobytes().decode())
    header = {key: value for key, value in header.items() if not key.startswith("knn_")}
    arrays["header"] = np.frombuffer(json.dumps(header).encode(), dtype=np.uint8)
    buffer = io.BytesIO()
    np.savez_compressed(buffer, **arrays)  # type: ignore[arg-type]

    loaded = TriageClassifier.loads(buffer.getvalue())

    assert loaded.memory is None and loaded.knn_weight == 0.0
    assert loaded.predict_one("colis perdu", HashingEmbedder()).label == "delivery"


def test_validation_picks_the_smallest_neighbour_weight_that_gets_the_most_labels_right() -> None:
    # given a linear part that always says "billing" by 0.3 and a memory of the texts
    # themselves with their right labels (each text's own vote share is ~1)
    texts, labels = examples(per_class=12)
    embedder = HashingEmbedder()
    classifier = train_classifier(
        texts, labels, embedder=embedder, config=TrainConfig(knn_weight=0.0)
    ).classifier
    classifier.coef = np.zeros_like(classifier.coef)
    classifier.intercept = np.zeros_like(classifier.intercept)
    classifier.intercept[classifier.classes.index("billing")] = 0.3
    classifier.__dict__.pop("_split_weights", None)
    embeddings = embedder.embed_queries(texts)
    classifier.memory = np.asarray(embeddings, dtype=np.float32)
    classifier.memory_labels = np.searchsorted(classifier.classes, labels)
    classifier.knn_weight = 0.5

    # when the weight is chosen among 0.25 (too weak to beat 0.3), 0.5 and 1.0 (as good)
    keep_neighbour_votes_if_they_help(classifier, texts, labels, embeddings, (1.0, 0.25, 0.5))

    # then 0.5 wins: every label right, and smaller than 1.0
    assert classifier.knn_weight == 0.5 and classifier.memory is not None
