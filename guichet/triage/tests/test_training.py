"""The training service (pure): validation, calibration, out-of-scope handling."""

from __future__ import annotations

import numpy as np
import pytest

from guichet.assistant.tests.fakes import HashingEmbedder
from guichet.triage.features import FeatureConfig, make_vectorizers, text_block
from guichet.triage.tests.data import examples, out_of_scope
from guichet.triage.training import (
    NotEnoughData,
    TrainConfig,
    class_weights,
    one_vs_rest_svm,
    stratified_split,
    train_classifier,
)


def test_trains_and_reports_validation_figures() -> None:
    texts, labels = examples()

    result = train_classifier(texts, labels)

    assert result.metrics["accuracy"] >= 0.9
    assert set(result.metrics["per_class"]) == {"printing", "billing", "access", "delivery"}
    assert result.metrics["confusion"]["labels"] == sorted(set(labels))
    assert result.n_train == len(texts)  # refitted on everything after validating
    assert result.classifier.oos_threshold is None  # no oos label: never abstains


def test_embeddings_are_computed_once_for_train_and_validation() -> None:
    texts, labels = examples()
    embedder = HashingEmbedder()

    result = train_classifier(
        texts, labels, embedder=embedder, config=TrainConfig(embed_batch=1000)
    )

    assert embedder.calls == [("query", len(texts))]
    assert result.classifier.uses_embeddings
    assert "embed_seconds" in result.timings


def test_given_validation_set_is_used_and_not_trained_on() -> None:
    texts, labels = examples(per_class=10)
    val_texts, val_labels = examples(per_class=4)

    result = train_classifier(texts, labels, val_texts=val_texts, val_labels=val_labels)

    assert (result.n_train, result.n_validation) == (len(texts), len(val_texts))


def test_oos_label_gets_a_threshold_and_unsure_texts_go_to_a_human() -> None:
    texts, labels = examples(per_class=20)
    chit_chat = out_of_scope(24)
    texts, labels = texts + chit_chat, labels + ["oos"] * len(chit_chat)

    classifier = train_classifier(
        texts, labels, config=TrainConfig(oos_max_in_scope_loss=0.05)
    ).classifier

    assert classifier.oos_threshold is not None
    assert classifier.predict_one("zxqv wprt").label == "oos"
    assert classifier.predict_one("Bonjour, imprimante papier coincé").label == "printing"


def test_threshold_turns_low_confidence_into_oos() -> None:
    texts, labels = examples()
    classifier = train_classifier(texts, labels).classifier
    unsure = classifier.predict_one("bonjour")

    classifier.oos_threshold = unsure.confidence + 0.01

    assert classifier.predict_one("bonjour").label == "oos"
    assert classifier.predict_one("imprimante papier coincé toner").label == "printing"


def test_too_little_data_is_refused() -> None:
    with pytest.raises(NotEnoughData):
        train_classifier(["a", "b", "c"], ["x", "y", "x"])
    with pytest.raises(NotEnoughData):
        train_classifier(["text"] * 20, ["only-one-class"] * 20)


def test_stratified_split_holds_out_every_class_with_three_or_more() -> None:
    labels = ["a"] * 20 + ["b"] * 3 + ["c"] * 2

    train, held = stratified_split(labels, 0.15, seed=0)

    assert sorted([*train, *held]) == list(range(25))
    assert sorted(labels[i] for i in held) == ["a", "a", "a", "b"]


def test_threaded_one_vs_rest_gives_the_same_hyperplanes() -> None:
    # Given 16 classes (enough to split across 2 threads)
    topics = {f"c{i}": ([f"mot{i}", f"terme{i}"], [f"souci{i}", f"panne{i}"]) for i in range(16)}
    texts, labels = examples(per_class=6, topics=topics)
    vectorizers = make_vectorizers(FeatureConfig(), len(texts))
    matrix = text_block(vectorizers, texts, fit=True)

    # When fitted on one thread and on two
    one = one_vs_rest_svm(matrix, np.asarray(labels), TrainConfig(fit_threads=1))
    two = one_vs_rest_svm(matrix, np.asarray(labels), TrainConfig(fit_threads=2))

    # Then classes, weights and intercepts agree
    assert one[0] == two[0] == sorted(topics)
    assert np.allclose(one[1], two[1], atol=1e-3)
    assert np.allclose(one[2], two[2], atol=1e-3)


def test_out_of_scope_uses_similarity_to_class_centroids_when_embedded() -> None:
    # Given in-scope topics, chit-chat labelled oos, and an embedder
    texts, labels = examples(per_class=20)
    chit_chat = out_of_scope(24)
    texts, labels = texts + chit_chat, labels + ["oos"] * len(chit_chat)
    embedder = HashingEmbedder()

    # When trained
    classifier = train_classifier(
        texts, labels, embedder=embedder, config=TrainConfig(oos_max_in_scope_loss=0.05)
    ).classifier

    # Then it keeps one centroid per class, a scaling and a threshold on the combined score
    assert classifier.centroids is not None
    assert classifier.centroids.shape == (len(classifier.classes), embedder.dimension)
    assert classifier.oos_scaling is not None and classifier.oos_score_threshold is not None
    assert classifier.predict_one("zxqv wprt", embedder).label == "oos"
    assert classifier.predict_one("Bonjour, imprimante papier coincé", embedder).label == "printing"


def test_without_oos_label_no_centroids_are_kept() -> None:
    texts, labels = examples()

    classifier = train_classifier(texts, labels, embedder=HashingEmbedder()).classifier

    assert classifier.centroids is None and classifier.oos_score_threshold is None


def test_long_texts_are_embedded_by_their_beginning_within_the_budget() -> None:
    # Given long texts whose total exceeds the embedding budget
    texts, labels = examples()
    texts = [f"{text} {'détails ' * 60}" for text in texts]
    embedder = HashingEmbedder()
    config = TrainConfig(embed_budget_chars=150 * len(texts))

    # When trained
    classifier = train_classifier(texts, labels, embedder=embedder, config=config).classifier

    # Then each text is embedded by at most the chosen number of characters, kept in the model
    assert classifier.embed_chars is not None and 96 <= classifier.embed_chars <= 150
    assert classifier.predict_one(texts[0], embedder).label == labels[0]


def test_rare_classes_are_weighted_up() -> None:
    weights = class_weights(np.array(["a"] * 30 + ["b"] * 10), ["a", "b"])

    assert weights == {"a": 40 / (2 * 30), "b": 40 / (2 * 10)}
