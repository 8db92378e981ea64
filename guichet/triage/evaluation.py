"""Scoring a classifier: accuracy, macro-F1, per-class precision/recall, confusion matrix,
out-of-scope figures, and the tuning of the "hand to a human" threshold. See docs/triage.md.

Pure functions on label lists and arrays.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

OOS = "oos"
Labels = Sequence[str | None] | np.ndarray


def evaluate(truth: Labels, predicted: Labels) -> dict[str, Any]:
    """accuracy, macro_f1 and per-class precision/recall/F1/support (plus OOS figures if any).

    Macro-F1 averages over the classes present in `truth` (a class never seen in the
    held-out slice cannot be scored), as scikit-learn does with `labels=` set to them.
    """
    truth_a, pred_a = np.asarray(truth, dtype=object), np.asarray(predicted, dtype=object)
    if len(truth_a) == 0:
        return {"n": 0, "accuracy": 0.0, "macro_f1": 0.0, "per_class": {}}
    per_class: dict[str, dict[str, float]] = {}
    for label in sorted(set(truth_a)):
        tp = int(np.sum((pred_a == label) & (truth_a == label)))
        predicted_n = int(np.sum(pred_a == label))
        support = int(np.sum(truth_a == label))
        precision = tp / predicted_n if predicted_n else 0.0
        recall = tp / support if support else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_class[label] = {
            "precision": round(precision, 4),
            "recall": round(recall, 4),
            "f1": round(f1, 4),
            "support": support,
        }
    metrics: dict[str, Any] = {
        "n": len(truth_a),
        "accuracy": round(float(np.mean(truth_a == pred_a)), 4),
        "macro_f1": round(float(np.mean([c["f1"] for c in per_class.values()])), 4),
        "per_class": per_class,
    }
    if OOS in per_class:
        metrics.update(oos_metrics(truth_a, pred_a))
    return metrics


def oos_metrics(truth: Labels, predicted: Labels) -> dict[str, float]:
    """in_scope_accuracy (an `oos` answer to an in-scope text is wrong) and oos_recall."""
    truth_a, pred_a = np.asarray(truth, dtype=object), np.asarray(predicted, dtype=object)
    in_scope, out = truth_a != OOS, truth_a == OOS
    return {
        "in_scope_accuracy": round(float(np.mean(pred_a[in_scope] == truth_a[in_scope])), 4)
        if in_scope.any()
        else 0.0,
        "oos_recall": round(float(np.mean(pred_a[out] == OOS)), 4) if out.any() else 0.0,
    }


def confusion(truth: Labels, predicted: Labels) -> dict[str, Any]:
    """{"labels": [...], "matrix": [[count of truth i predicted j]]} for the evaluation page."""
    labels = sorted(set(truth) | set(predicted))
    position = {label: i for i, label in enumerate(labels)}
    matrix = np.zeros((len(labels), len(labels)), dtype=int)
    for t, p in zip(truth, predicted, strict=True):
        matrix[position[t], position[p]] += 1
    return {"labels": labels, "matrix": matrix.tolist()}


def apply_threshold(labels: Labels, confidences: np.ndarray, threshold: float | None) -> list[str]:
    """`oos` wherever the confidence is below the threshold."""
    if threshold is None:
        return list(labels)
    return [OOS if c < threshold else label for label, c in zip(labels, confidences, strict=True)]


def tune_oos_threshold(
    truth: Labels, labels: Labels, confidences: np.ndarray, max_loss: float
) -> float | None:
    """The confidence below which a prediction becomes `oos`, chosen on a validation slice.

    Rule: abstain on as many out-of-scope texts as possible while losing at most `max_loss`
    of in-scope accuracy (relative to no threshold). The share of out-of-scope messages in
    production is unknown, so the rule does not depend on their share in the slice; the
    operator's trade-off is `max_loss`. Candidates are quantiles of the slice's confidences.
    None when the slice has no `oos` (nothing to tune on).
    """
    truth_a = np.asarray(truth, dtype=object)
    if not np.any(truth_a == OOS) or not np.any(truth_a != OOS):
        return None
    conf = np.asarray(confidences, dtype=float)
    reference = oos_metrics(truth_a, labels)["in_scope_accuracy"]
    best = 0.0
    for threshold in np.unique(np.quantile(conf, np.linspace(0.0, 0.5, 251))):
        figures = oos_metrics(truth_a, apply_threshold(labels, conf, float(threshold)))
        if figures["in_scope_accuracy"] >= reference - max_loss - 1e-9:
            best = max(best, float(threshold))
    return best


def fit_temperature(scores: np.ndarray, truth_index: np.ndarray) -> float:
    """The softmax temperature that makes `scores` calibrated probabilities on a held-out slice.

    Minimises the negative log-likelihood of the true classes over a log-spaced grid then a
    finer one (one parameter: a grid is exact enough and needs no optimiser).
    """

    def nll(temperature: float) -> float:
        z = scores * temperature
        z = z - z.max(axis=1, keepdims=True)
        log_norm = np.log(np.exp(z).sum(axis=1))
        return float(np.mean(log_norm - z[np.arange(len(z)), truth_index]))

    grid = np.geomspace(0.1, 200.0, 40)
    best = min(grid, key=nll)
    fine = np.geomspace(best / 1.2, best * 1.2, 15)
    return float(min(fine, key=nll))


# --- For the evaluation page (stored metrics -> rows) -------------------------------------


@dataclass(frozen=True)
class ClassRow:
    label: str
    precision: float
    recall: float
    f1: float
    support: int


@dataclass(frozen=True)
class ConfusionRow:
    label: str
    cells: list[tuple[int, bool]]  # (count, on the diagonal)
    total: int


def class_rows(metrics: dict[str, Any]) -> list[ClassRow]:
    """Per-class figures of stored metrics, worst F1 first (what needs attention on top)."""
    rows = [
        ClassRow(str(label), float(v.get("precision", 0.0)), float(v.get("recall", 0.0)),
                 float(v.get("f1", 0.0)), int(v.get("support", 0)))
        for label, v in (metrics.get("per_class") or {}).items()
    ]  # fmt: skip
    return sorted(rows, key=lambda row: (row.f1, row.label))


def confusion_rows(metrics: dict[str, Any]) -> tuple[list[str], list[ConfusionRow]]:
    """(labels, rows) of the stored confusion matrix: row i is truth i, column j prediction j."""
    stored = metrics.get("confusion") or {}
    labels = [str(label) for label in stored.get("labels", [])]
    rows = [
        ConfusionRow(label, [(int(n), i == j) for j, n in enumerate(counts)], int(sum(counts)))
        for i, (label, counts) in enumerate(zip(labels, stored.get("matrix", []), strict=False))
    ]
    return labels, rows
