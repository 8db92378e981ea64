"""Scores, confusion matrix, calibration and the out-of-scope threshold (pure)."""

from __future__ import annotations

import numpy as np

from guichet.triage.evaluation import (
    apply_threshold,
    confusion,
    evaluate,
    fit_temperature,
    oos_metrics,
    tune_oos_threshold,
)


def test_accuracy_macro_f1_and_per_class_figures() -> None:
    metrics = evaluate(["a", "a", "b", "b"], ["a", "b", "b", "b"])

    assert metrics["accuracy"] == 0.75
    assert metrics["per_class"]["a"] == {
        "precision": 1.0,
        "recall": 0.5,
        "f1": 0.6667,
        "support": 2,
    }
    assert metrics["per_class"]["b"]["precision"] == 0.6667
    assert metrics["macro_f1"] == round((0.6667 + 0.8) / 2, 4)


def test_oos_answer_to_an_in_scope_text_counts_as_wrong() -> None:
    figures = oos_metrics(["a", "b", "oos", "oos"], ["a", "oos", "oos", "a"])

    assert figures == {"in_scope_accuracy": 0.5, "oos_recall": 0.5}
    assert "oos_recall" in evaluate(["a", "oos"], ["a", "oos"])


def test_confusion_matrix_rows_are_truth() -> None:
    matrix = confusion(["a", "a", "b"], ["a", "b", "b"])

    assert matrix == {"labels": ["a", "b"], "matrix": [[1, 1], [0, 1]]}


def test_low_confidence_becomes_oos() -> None:
    assert apply_threshold(["a", "b"], np.array([0.9, 0.2]), 0.5) == ["a", "oos"]
    assert apply_threshold(["a", "b"], np.array([0.9, 0.2]), None) == ["a", "b"]


def test_threshold_catches_oos_without_losing_more_in_scope_accuracy_than_allowed() -> None:
    # Given in-scope answers that are right with high confidence, one right but unsure,
    # and out-of-scope texts answered with low confidence
    truth = ["a"] * 98 + ["b"] + ["oos"] * 10
    labels = ["a"] * 98 + ["b"] + ["a"] * 10
    confidence = np.array([0.9] * 98 + [0.3] + [0.2] * 10)

    # When the threshold may cost at most 1% of in-scope accuracy
    threshold = tune_oos_threshold(truth, labels, confidence, max_loss=0.011)

    # Then every out-of-scope text is caught and only the unsure one is lost
    assert threshold is not None and 0.3 < threshold <= 0.9
    assert oos_metrics(truth, apply_threshold(labels, confidence, threshold)) == {
        "in_scope_accuracy": round(98 / 99, 4),
        "oos_recall": 1.0,
    }


def test_stricter_budget_gives_a_lower_threshold() -> None:
    truth = ["a"] * 98 + ["b"] + ["oos"] * 10
    labels = ["a"] * 98 + ["b"] + ["a"] * 10
    confidence = np.array([0.9] * 98 + [0.3] + [0.2] * 10)

    threshold = tune_oos_threshold(truth, labels, confidence, max_loss=0.0)

    assert threshold is not None and 0.2 <= threshold <= 0.3
    assert apply_threshold(labels, confidence, threshold)[98] == "b"


def test_no_threshold_without_oos_examples() -> None:
    assert tune_oos_threshold(["a", "b"], ["a", "b"], np.array([0.5, 0.5]), 0.01) is None


def test_temperature_sharpens_underconfident_scores() -> None:
    rng = np.random.default_rng(0)
    truth = rng.integers(0, 3, size=300)
    scores = rng.normal(0, 0.1, size=(300, 3))
    scores[np.arange(300), truth] += 0.5  # right but with tiny margins

    assert fit_temperature(scores, truth) > 3.0
