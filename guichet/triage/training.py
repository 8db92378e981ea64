"""Training a triage classifier: the one training service used by the product and the bench.

See docs/triage.md. `train_classifier` is pure (no database): texts and labels in, a
`TriageClassifier` and its validation figures out.
"""

from __future__ import annotations

import logging
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from sklearn.svm import LinearSVC

from guichet.assistant.providers.embeddings import Embedder
from guichet.triage.evaluation import OOS, confusion, evaluate, fit_temperature, tune_oos_threshold
from guichet.triage.features import FeatureConfig, clean_text, combine, make_vectorizers, text_block
from guichet.triage.model import TriageClassifier, decide, softmax

logger = logging.getLogger("guichet.triage")
_REST = "\x00rest"  # the merged label of the other classes while fitting a share of them


class NotEnoughData(ValueError):
    """Too few labelled examples (or a single class) to train on."""


@dataclass(frozen=True)
class TrainConfig:
    features: FeatureConfig = field(default_factory=FeatureConfig)
    C: float = 1.0  # LinearSVC regularisation (validated in docs/adr/0007)
    holdout: float = 0.15  # share of each class kept apart when no validation set is given
    seed: int = 0
    refit: bool = True  # after validating on a slice of train, fit again on all of train
    # "Hand to a human" threshold: abstain on as many out-of-scope texts as possible while
    # losing at most this much in-scope accuracy on the validation slice.
    oos_max_in_scope_loss: float = 0.01
    min_examples: int = 10
    embed_batch: int = 512
    fit_threads: int = 2  # one-vs-rest problems split across threads (2-core target machine)


@dataclass
class TrainResult:
    classifier: TriageClassifier
    metrics: dict[str, Any]  # on the validation slice
    seconds: float
    n_train: int
    n_validation: int
    timings: dict[str, float] = field(default_factory=dict)


def stratified_split(
    labels: Sequence[str], share: float, seed: int
) -> tuple[np.ndarray, np.ndarray]:
    """Indices (train, held out): `share` of every class with at least 3 examples held out."""
    rng = np.random.default_rng(seed)
    by_label: dict[str, list[int]] = defaultdict(list)
    for i, label in enumerate(labels):
        by_label[label].append(i)
    held: list[int] = []
    for label in sorted(by_label):
        members = np.array(by_label[label])
        if len(members) < 3:
            continue
        rng.shuffle(members)
        held.extend(members[: max(1, round(len(members) * share))].tolist())
    held_set = set(held)
    train = [i for i in range(len(labels)) if i not in held_set]
    return np.array(train, dtype=int), np.array(sorted(held), dtype=int)


def embed_texts(
    embedder: Embedder, texts: Sequence[str], batch: int, progress: Callable[[str], None]
) -> np.ndarray:
    parts, started = [], time.perf_counter()
    for start in range(0, len(texts), batch):
        parts.append(embedder.embed_queries(texts[start : start + batch]))
        done = min(start + batch, len(texts))
        progress(f"embedded {done}/{len(texts)} in {time.perf_counter() - started:.0f}s")
    return np.vstack(parts) if parts else np.zeros((0, embedder.dimension), np.float32)


def one_vs_rest_svm(
    matrix: Any, labels: np.ndarray, config: TrainConfig
) -> tuple[list[str], np.ndarray, np.ndarray]:
    """(classes, coef, intercept) of a one-vs-rest LinearSVC, classes split across threads.

    Each one-vs-rest problem (a class against all other texts) does not depend on the others,
    so each thread trains LinearSVC on its share of the classes with every other label merged
    into one "rest" label, and keeps its classes' rows: the same hyperplanes as one LinearSVC,
    in about half the time on 2 cores (liblinear releases the GIL).
    """
    classes = sorted({str(c) for c in labels})
    threads = min(config.fit_threads, max(1, len(classes) // 8))

    def fit(share: list[str]) -> tuple[np.ndarray, np.ndarray]:
        target = labels if threads == 1 else np.where(np.isin(labels, share), labels, _REST)
        svm = LinearSVC(C=config.C, random_state=config.seed).fit(matrix, target)
        found = [str(c) for c in svm.classes_]
        if len(found) == 2 and threads == 1:  # two classes: one hyperplane, scores (-s, +s)
            return np.vstack([-svm.coef_, svm.coef_]), np.concatenate(
                [-svm.intercept_, svm.intercept_]
            )
        rows = [found.index(c) for c in share]
        return svm.coef_[rows], svm.intercept_[rows]

    shares = [classes[i::threads] for i in range(threads)]
    if threads == 1:
        parts = [fit(classes)]
    else:
        with ThreadPoolExecutor(max_workers=threads) as pool:
            parts = list(pool.map(fit, shares))
    order = [c for share in shares for c in share]
    coef = np.vstack([p[0] for p in parts]).astype(np.float32)
    intercept = np.concatenate([p[1] for p in parts]).astype(np.float32)
    back = np.array([order.index(c) for c in classes])
    return classes, coef[back], intercept[back]


def fit_linear(
    texts: Sequence[str],
    labels: Sequence[str],
    embeddings: np.ndarray | None,
    config: TrainConfig,
    embedder_version: str,
) -> TriageClassifier:
    """Fit the vectorizers and a one-vs-rest linear SVM on texts (+ embeddings)."""
    vectorizers = make_vectorizers(config.features, len(texts))
    matrix = combine(
        text_block(vectorizers, texts, fit=True), embeddings, config.features.embed_weight
    )
    classes, coef, intercept = one_vs_rest_svm(matrix, np.asarray(labels), config)
    return TriageClassifier(
        classes=classes,
        vectorizers=vectorizers,
        coef=coef,
        intercept=intercept,
        embed_weight=config.features.embed_weight if embeddings is not None else 0.0,
        embedder_version=embedder_version if embeddings is not None else "",
        max_chars=config.features.max_chars,
    )


def train_classifier(
    texts: Sequence[str],
    labels: Sequence[str],
    *,
    embedder: Embedder | None = None,
    val_texts: Sequence[str] | None = None,
    val_labels: Sequence[str] | None = None,
    config: TrainConfig | None = None,
    progress: Callable[[str], None] | None = None,
) -> TrainResult:
    """Train, calibrate and validate a classifier.

    1. Hold out a validation slice (`val_*` when given, else `holdout` of each class).
    2. Embed every text once (query side) when an embedder is given.
    3. Fit TF-IDF + embeddings -> LinearSVC on the training part.
    4. On the validation slice: fit the softmax temperature (calibrated confidences), tune the
       out-of-scope threshold when `oos` is a label, and score.
    5. With a slice of train as validation and `refit`, fit again on all of train, keeping the
       temperature and threshold.
    """
    config = config or TrainConfig()
    say = progress or logger.info
    started = time.perf_counter()
    timings: dict[str, float] = {}
    all_texts = [clean_text(t, config.features.max_chars) for t in texts]
    all_labels = [str(label) for label in labels]
    if len(all_texts) < config.min_examples or len(set(all_labels)) < 2:
        raise NotEnoughData(f"{len(all_texts)} examples in {len(set(all_labels))} classes")

    external = val_texts is not None and val_labels is not None
    held_idx = np.zeros(0, dtype=int)
    if external:
        train_idx = np.arange(len(all_texts))
        held_texts = [clean_text(t, config.features.max_chars) for t in val_texts or []]
        held_labels = [str(label) for label in val_labels or []]
    else:
        train_idx, held_idx = stratified_split(all_labels, config.holdout, config.seed)
        held_texts = [all_texts[i] for i in held_idx]
        held_labels = [all_labels[i] for i in held_idx]

    embeddings = held_embeddings = None
    version = embedder.model_version if embedder is not None else ""
    if embedder is not None:
        clock = time.perf_counter()
        extra = held_texts if external else []  # a slice of train is embedded with train
        everything = embed_texts(embedder, all_texts + extra, config.embed_batch, say)
        embeddings = everything[: len(all_texts)]
        held_embeddings = everything[len(all_texts) :] if external else embeddings[held_idx]
        timings["embed_seconds"] = round(time.perf_counter() - clock, 2)

    clock = time.perf_counter()
    part_texts = [all_texts[i] for i in train_idx]
    part_labels = [all_labels[i] for i in train_idx]
    part_embeddings = embeddings[train_idx] if embeddings is not None else None
    classifier = fit_linear(part_texts, part_labels, part_embeddings, config, version)
    timings["fit_seconds"] = round(time.perf_counter() - clock, 2)
    say(f"fitted on {len(part_texts)} texts in {timings['fit_seconds']}s")

    metrics: dict[str, Any] = {}
    if held_texts:
        metrics = calibrate_and_score(classifier, held_texts, held_labels, held_embeddings, config)

    if not external and config.refit and len(held_texts):
        clock = time.perf_counter()
        final = fit_linear(all_texts, all_labels, embeddings, config, version)
        final.temperature, final.oos_threshold = classifier.temperature, classifier.oos_threshold
        classifier = final
        timings["refit_seconds"] = round(time.perf_counter() - clock, 2)
        say(f"refitted on all {len(all_texts)} texts in {timings['refit_seconds']}s")

    seconds = time.perf_counter() - started
    classifier.info = {
        "n_train": len(all_texts) if (config.refit and not external) else len(part_texts),
        "n_validation": len(held_texts),
        "C": config.C,
        "embed_weight": classifier.embed_weight,
        "train_seconds": round(seconds, 2),
    }
    return TrainResult(
        classifier, metrics, seconds, classifier.info["n_train"], len(held_texts), timings
    )


def calibrate_and_score(
    classifier: TriageClassifier,
    texts: list[str],
    labels: list[str],
    embeddings: np.ndarray | None,
    config: TrainConfig,
) -> dict[str, Any]:
    """Set the classifier's temperature and threshold from the validation slice; score it."""
    scores = classifier.scores(texts, embeddings)
    known = np.isin(np.asarray(labels), classifier.classes)
    if known.any():
        truth_index = np.searchsorted(classifier.classes, np.asarray(labels)[known])
        classifier.temperature = fit_temperature(scores[known], truth_index)
    probabilities = softmax(scores, classifier.temperature)
    unthresholded, confidence = decide(classifier.classes, probabilities, None)
    classifier.oos_threshold = (
        tune_oos_threshold(labels, unthresholded, confidence, config.oos_max_in_scope_loss)
        if OOS in classifier.classes
        else None
    )
    predicted, _ = classifier.decide(probabilities)
    metrics = evaluate(labels, predicted)
    metrics["confusion"] = confusion(labels, predicted)
    metrics["temperature"] = round(classifier.temperature, 4)
    metrics["oos_threshold"] = classifier.oos_threshold
    return metrics
