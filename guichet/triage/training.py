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
from guichet.triage.features import (
    FeatureConfig,
    clean_text,
    combine,
    embed_cap,
    embed_text,
    make_vectorizers,
    text_block,
)
from guichet.triage.model import TriageClassifier, decide, oos_scores, softmax

logger = logging.getLogger("guichet.triage")
_REST = "\x00rest"  # the merged label of the other classes while fitting a share of them


class NotEnoughData(ValueError):
    """Too few labelled examples (or a single class) to train on."""


@dataclass(frozen=True)
class TrainConfig:
    features: FeatureConfig = field(default_factory=FeatureConfig)
    C: float = 1.0  # LinearSVC regularisation (validated in docs/adr/0007)
    # Each class's examples weigh n / (classes x n_class) against the rest: rare categories
    # count as much as common ones (macro-F1 decides promotion); 1.0 everywhere when False.
    balanced: bool = True
    holdout: float = 0.15  # share of each class kept apart when no validation set is given
    seed: int = 0
    refit: bool = True  # after validating on a slice of train, fit again on all of train
    # "Hand to a human" threshold: abstain on as many out-of-scope texts as possible while
    # losing at most this much in-scope accuracy on the validation slice.
    oos_max_in_scope_loss: float = 0.005
    min_examples: int = 10
    embed_batch: int = 512
    # Characters embedded for one training run (train + validation texts): ~1 ms of CPU per
    # token (~4 characters) keeps 10,000 tickets within ~2 minutes on 2 cores. Long texts
    # are embedded by their beginning when the total would exceed it (`embed_cap`).
    embed_budget_chars: int = 1_000_000
    fit_threads: int = 2  # one-vs-rest problems split across threads (2-core target machine)
    # Votes of the 10 most similar training texts (embeddings) added to the SVM scores (0:
    # off); votes shrink when their total weight is below the floor (far from every
    # example). The weight is the one of `knn_weights` that gets the most top labels right on
    # the validation slice, if any beats the SVM alone (docs/adr/0007, revisions
    # "neighbour votes" and "session 3").
    knn_weight: float = 0.5
    knn_weights: tuple[float, ...] = (0.25, 0.5, 1.0)
    knn_k: int = 10
    knn_sharpness: float = 0.02
    knn_floor: float = 0.3


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
    in about half the time on 2 cores (liblinear releases the GIL). Class weights scale a
    class's own examples in its problem (liblinear's one-vs-rest), so "rest" weighs 1.
    """
    classes = sorted({str(c) for c in labels})
    threads = min(config.fit_threads, max(1, len(classes) // 8))
    weights = class_weights(labels, classes) if config.balanced else None

    def fit(share: list[str]) -> tuple[np.ndarray, np.ndarray]:
        target = labels if threads == 1 else np.where(np.isin(labels, share), labels, _REST)
        weight = None
        if weights is not None:
            weight = {c: weights.get(c, 1.0) for c in np.unique(target).tolist()}  # rest: 1
        svm = LinearSVC(C=config.C, class_weight=weight, random_state=config.seed)
        svm.fit(matrix, target)
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


def class_weights(labels: np.ndarray, classes: Sequence[str]) -> dict[str, float]:
    """n / (number of classes x examples of the class): scikit-learn's "balanced"."""
    counts = {c: int(np.sum(labels == c)) for c in classes}
    return {c: len(labels) / (len(classes) * max(counts[c], 1)) for c in classes}


def fit_linear(
    texts: Sequence[str],
    labels: Sequence[str],
    embeddings: np.ndarray | None,
    config: TrainConfig,
    embedder_version: str,
    embed_chars: int | None = None,
    primary_dim: int | None = None,
) -> TriageClassifier:
    """Fit the vectorizers and a one-vs-rest linear SVM on texts (+ embeddings); `primary_dim`:
    the leading embedding columns that are the first model's when the embedder pairs two."""
    vectorizers = make_vectorizers(config.features, len(texts))
    matrix = combine(
        text_block(vectorizers, texts, fit=True), embeddings, config.features.embed_weight
    )
    classes, coef, intercept = one_vs_rest_svm(matrix, np.asarray(labels), config)
    memory = memory_labels = None
    if embeddings is not None and config.knn_weight > 0:
        # float16 values, as the artefact stores them: the saved model answers the same
        first = embeddings[:, :primary_dim] if primary_dim else embeddings
        memory = np.asarray(first, dtype=np.float16).astype(np.float32)
        memory_labels = np.searchsorted(classes, np.asarray(labels, dtype=str)).astype(np.intp)
    return TriageClassifier(
        classes=classes,
        vectorizers=vectorizers,
        coef=coef,
        intercept=intercept,
        embed_weight=config.features.embed_weight if embeddings is not None else 0.0,
        embedder_version=embedder_version if embeddings is not None else "",
        max_chars=config.features.max_chars,
        embed_chars=embed_chars if embeddings is not None else None,
        memory=memory,
        memory_labels=memory_labels,
        knn_weight=config.knn_weight if memory is not None else 0.0,
        knn_k=config.knn_k,
        knn_sharpness=config.knn_sharpness,
        knn_floor=config.knn_floor,
        primary_dim=primary_dim if embeddings is not None else None,
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
    primary_dim = getattr(embedder, "primary_dimension", None)
    cap: int | None = None
    if embedder is not None:
        clock = time.perf_counter()
        extra = held_texts if external else []  # a slice of train is embedded with train
        to_embed = all_texts + extra
        cap = embed_cap([len(t) for t in to_embed], config.features, config.embed_budget_chars)
        to_embed = [embed_text(t, cap) for t in to_embed]
        everything = embed_texts(embedder, to_embed, config.embed_batch, say)
        embeddings = everything[: len(all_texts)]
        held_embeddings = everything[len(all_texts) :] if external else embeddings[held_idx]
        timings["embed_seconds"] = round(time.perf_counter() - clock, 2)

    clock = time.perf_counter()
    part_texts = [all_texts[i] for i in train_idx]
    part_labels = [all_labels[i] for i in train_idx]
    part_embeddings = embeddings[train_idx] if embeddings is not None else None
    classifier = fit_linear(
        part_texts, part_labels, part_embeddings, config, version, cap, primary_dim
    )
    timings["fit_seconds"] = round(time.perf_counter() - clock, 2)
    say(f"fitted on {len(part_texts)} texts in {timings['fit_seconds']}s")

    if part_embeddings is not None and OOS in classifier.classes:
        classifier.centroids = class_centroids(
            classifier.classes, part_labels, classifier.primary(part_embeddings)
        )
    metrics: dict[str, Any] = {}
    if held_texts:
        metrics = calibrate_and_score(classifier, held_texts, held_labels, held_embeddings, config)

    if not external and config.refit and len(held_texts):
        clock = time.perf_counter()
        final = fit_linear(all_texts, all_labels, embeddings, config, version, cap, primary_dim)
        final.temperature, final.oos_threshold = classifier.temperature, classifier.oos_threshold
        final.oos_scaling = classifier.oos_scaling
        final.oos_score_threshold = classifier.oos_score_threshold
        final.knn_weight = classifier.knn_weight  # chosen on the validation slice
        if not classifier.knn_weight:  # the validation slice turned the neighbour votes off
            final.memory, final.memory_labels = None, None
        if classifier.centroids is not None and embeddings is not None:
            final.centroids = class_centroids(final.classes, all_labels, final.primary(embeddings))
        classifier = final
        timings["refit_seconds"] = round(time.perf_counter() - clock, 2)
        say(f"refitted on all {len(all_texts)} texts in {timings['refit_seconds']}s")

    seconds = time.perf_counter() - started
    classifier.info = {
        "n_train": len(all_texts) if (config.refit and not external) else len(part_texts),
        "n_validation": len(held_texts),
        "C": config.C,
        "embed_weight": classifier.embed_weight,
        "embed_chars": classifier.embed_chars,
        "knn_weight": classifier.knn_weight,
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
    """Set the classifier's neighbour weight, temperature and threshold from the validation
    slice; score it."""
    keep_neighbour_votes_if_they_help(classifier, texts, labels, embeddings, config.knn_weights)
    scores = classifier.scores(texts, embeddings)
    known = np.isin(np.asarray(labels), classifier.classes)
    if known.any():
        truth_index = np.searchsorted(classifier.classes, np.asarray(labels)[known])
        classifier.temperature = fit_temperature(scores[known], truth_index)
    probabilities = softmax(scores, classifier.temperature)
    unthresholded, confidence = decide(classifier.classes, probabilities, None)
    has_oos = OOS in classifier.classes
    loss = config.oos_max_in_scope_loss
    classifier.oos_threshold = (
        tune_oos_threshold(labels, unthresholded, confidence, loss) if has_oos else None
    )
    if has_oos and embeddings is not None and classifier.centroids is not None:
        fit_oos_score(classifier, labels, unthresholded, probabilities, embeddings, loss)
    predicted, _ = classifier.decide(probabilities, embeddings)
    metrics = evaluate(labels, predicted)
    metrics["confusion"] = confusion(labels, predicted)
    metrics["temperature"] = round(classifier.temperature, 4)
    metrics["oos_threshold"] = classifier.oos_threshold
    metrics["oos_score_threshold"] = classifier.oos_score_threshold
    return metrics


def keep_neighbour_votes_if_they_help(
    classifier: TriageClassifier,
    texts: list[str],
    labels: list[str],
    embeddings: np.ndarray | None,
    weights: Sequence[float] = (),
) -> None:
    """Give the neighbour votes the weight (among `weights`, else the classifier's own) that
    makes the top label right on the most validation texts, the smaller one on a tie; turn
    them off (and drop their memory) unless that beats the linear scores alone."""
    if embeddings is None or classifier.memory is None or not classifier.knn_weight:
        return
    candidates = sorted(weights) or [classifier.knn_weight]
    classifier.knn_weight = 0.0
    plain = classifier.scores(texts, embeddings)
    classifier.knn_weight = 1.0
    votes = classifier.neighbour_scores(embeddings)
    names, truth = np.asarray(classifier.classes), np.asarray(labels)
    best, best_right = 0.0, int(np.sum(names[plain.argmax(axis=1)] == truth))
    for weight in candidates:
        right = int(np.sum(names[(plain + weight * votes).argmax(axis=1)] == truth))
        if right > best_right:
            best, best_right = weight, right
    classifier.knn_weight = best
    if not best:
        classifier.memory, classifier.memory_labels = None, None


def class_centroids(
    classes: Sequence[str], labels: Sequence[str], embeddings: np.ndarray
) -> np.ndarray:
    """Unit-length mean embedding of each class's training texts (zeros for `oos`)."""
    labels_a = np.asarray(labels)
    rows = np.zeros((len(classes), embeddings.shape[1]), dtype=np.float32)
    for i, label in enumerate(classes):
        members = embeddings[labels_a == label]
        if label != OOS and len(members):
            mean = members.mean(axis=0)
            rows[i] = mean / max(float(np.linalg.norm(mean)), 1e-12)
    return rows


def fit_oos_score(
    classifier: TriageClassifier,
    labels: list[str],
    unthresholded: list[str],
    probabilities: np.ndarray,
    embeddings: np.ndarray,
    loss: float,
) -> None:
    """Standardise the in-scope score's two signals on the validation slice's in-scope texts
    and tune its threshold with the same rule as the confidence threshold."""
    assert classifier.centroids is not None
    in_scope = probabilities.copy()
    in_scope[:, classifier.classes.index(OOS)] = 0.0
    best, confidence = in_scope.argmax(axis=1), in_scope.max(axis=1)
    known = np.asarray(labels) != OOS
    if known.sum() < 2:
        return
    log_p = np.log(np.maximum(confidence[known], 1e-12))
    first = classifier.primary(embeddings)
    cosine = np.einsum("ij,ij->i", first[known], classifier.centroids[best[known]])
    # Floors: on a tiny or perfectly separated slice a spread near 0 would blow scores up.
    classifier.oos_scaling = [float(log_p.mean()), float(max(log_p.std(), 0.05)),
                              float(cosine.mean()), float(max(cosine.std(), 0.01))]  # fmt: skip
    score = oos_scores(confidence, best, first, classifier.centroids, classifier.oos_scaling)
    classifier.oos_score_threshold = tune_oos_threshold(labels, unthresholded, score, loss)
