"""`python bench/search_dev_compare.py`: per-query nDCG@10 of search variants on the dev tasks,
with paired bootstrap intervals against the e5-only product (linear fusion, lexical weight 0.2).

The variants of docs/adr/0010-hybrid-search.md, "Amendment (2026-12-07, session 5)": the lexical
weight, the title embedded as its own "query:" vector (symmetric question-to-question matching,
max or weighted sum with the best passage), the whole passage embedded on the query side,
USE-multilingual as a second dense model (dense.PairedEmbedder's cos_e5 + w x cos_use). Tasks
and vectors come from bench/search_dev.py (same cache); none is built from a retrieval
benchmark. The bootstrap resamples each task's queries (2,000 times, seed 7) and weights the
tasks of a group equally. `--cost` times instead, per query, the embedding plus the cosine scan
over 10,000 random rows, e5 alone and paired with USE alternately (run it with
GUICHET_EMBEDDINGS_THREADS=1). Logs go to stderr; the last line is one JSON object.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import search_dev as dev  # noqa: E402
from bench.common import log  # noqa: E402

BASE = "linear_0.2"
RESAMPLES = 2_000


def per_query(scores: np.ndarray, relevant: np.ndarray) -> np.ndarray:
    """nDCG@10 of each query (one relevant row; ties by row number, as dev.ndcg_at_10)."""
    own = scores[np.arange(len(relevant)), relevant][:, None]
    rows = np.arange(scores.shape[1])[None, :]
    rank = (scores > own).sum(1) + ((scores == own) & (rows < relevant[:, None])).sum(1)
    found = (rank < 10) & np.isfinite(own[:, 0])
    return np.where(found, 1 / np.log2(rank + 2), 0.0)


def variants(task: dev.Task, e5: Any, use: Any) -> dict[str, np.ndarray]:
    """Fused scores (queries x docs) per variant; task vectors are e5's alone."""
    n = len(task.docs)
    titles = [title for title, _ in task.docs]
    texts = [text for text, _ in dev.passage_texts(task)]
    out = {"lexical": np.where(task.lexical > 0, task.lexical, -np.inf), "dense": task.cosine}
    for weight in (0.1, 0.2, 0.3):
        out[f"linear_{weight}"] = task.linear(task.cosine, weight)
    title_q = (task.query_vectors @ dev.embedded(e5, titles, True).T).astype(np.float32)
    out["linear_title_query_max"] = task.linear(np.maximum(task.cosine, title_q))
    for weight in (0.2, 0.3, 0.5):
        mixed = (1 - weight) * task.cosine + weight * title_q
        out[f"linear_title_query_sum_{weight}"] = task.linear(mixed)
    symmetric = dev.max_per_row(task.query_vectors @ dev.embedded(e5, texts, True).T,
                                task.owners, n)  # fmt: skip
    out["linear_passage_as_query"] = task.linear(symmetric)
    out["linear_passage_as_query_mean"] = task.linear((task.cosine + symmetric) / 2)
    if use is None:
        return out
    first = task.query_vectors @ task.passage_vectors.T
    use_queries = dev.embedded(use, task.queries, True)
    second = use_queries @ dev.embedded(use, texts, False).T
    for weight in (0.1, 0.2, 0.3):
        paired = dev.max_per_row(first + weight * second, task.owners, n)
        out[f"linear_use_{weight}"] = task.linear(paired)
    paired = dev.max_per_row(first + 0.2 * second, task.owners, n)
    for lexical in (0.1, 0.3):
        out[f"linear_use_0.2_lexical_{lexical}"] = task.linear(paired, lexical)
    title_pair = title_q + 0.2 * (use_queries @ dev.embedded(use, titles, True).T)
    out["linear_use_0.2_title_query_sum_0.3"] = task.linear(0.7 * paired + 0.3 * title_pair)
    return out


def interval(gains: dict[str, np.ndarray], tasks: list[str]) -> list[float]:
    """Mean gain (points) over tasks weighted equally, and its 95 % paired bootstrap interval."""
    rng = np.random.default_rng(7)
    point = np.mean([gains[t].mean() for t in tasks])
    samples = np.mean([gains[t][rng.integers(0, len(gains[t]), (RESAMPLES, len(gains[t])))]
                       .mean(1) for t in tasks], axis=0)  # fmt: skip
    low, high = np.percentile(samples, [2.5, 97.5])
    return [round(100 * float(x), 2) for x in (point, low, high)]


def cost(e5: Any, use: Any) -> dict[str, Any]:
    """CPU and wall-clock ms per query: embedding the query plus the scan at 10,000 rows."""
    from guichet.search.hybrid import dense

    pair = dense.PairedEmbedder(e5, use)
    queries = dev.build("faq-fr")[1] + dev.build("demo-fr")[1]
    rng = np.random.default_rng(1)
    indexes = {width: dense.DenseIndex(list(rng.standard_normal((10_000, 1, width))), width)
               for width in (e5.dimension, pair.dimension)}  # fmt: skip
    times: dict[str, tuple[list[float], list[float]]] = {"e5": ([], []), "paired": ([], [])}
    for number, query in enumerate(queries):
        order = (("e5", e5), ("paired", pair))
        for name, model in order if number % 2 else order[::-1]:
            cpu, wall = time.process_time(), time.perf_counter()
            vector = model.embed_queries([query])[0]
            indexes[len(vector)].scores(vector)
            times[name][0].append(1000 * (time.process_time() - cpu))
            times[name][1].append(1000 * (time.perf_counter() - wall))
    result: dict[str, Any] = {"queries": len(queries), "load": round(os.getloadavg()[0], 2)}
    for name, (cpu_ms, wall_ms) in times.items():
        result[name] = {f"{kind}_p{p}_ms": round(float(np.percentile(values, p)), 1)
                        for kind, values in (("cpu", cpu_ms), ("wall", wall_ms)) for p in (50, 99)}  # fmt: skip
    return result


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "guichet.settings")
    import django

    django.setup()
    from guichet.assistant.providers.embeddings import EmbeddingError
    from guichet.assistant.providers.use_embeddings import UseEmbedder
    from guichet.search.hybrid import engine

    model = engine.embedder()
    if model is None:
        sys.exit("search_dev_compare: no embedder available")
    e5 = getattr(model, "primary", model)  # the baseline is e5 alone, whatever the default
    try:
        use = UseEmbedder()
    except EmbeddingError:
        use = None
    if "--cost" in sys.argv:
        if use is None:
            sys.exit("search_dev_compare: USE is not installed")
        print(json.dumps(cost(e5, use)))
        return
    scores: dict[str, dict[str, np.ndarray]] = {}
    for name in dev.TASKS:
        task = dev.prepare(name, e5)
        scores[name] = {k: per_query(v, task.relevant) for k, v in variants(task, e5, use).items()}
        log(name, json.dumps({k: round(float(v.mean()), 4) for k, v in scores[name].items()}))
    english = [t for t in dev.TASKS if t not in dev.FRENCH]
    result = {}
    for variant in scores[dev.TASKS[0]]:
        gains = {t: scores[t][variant] - scores[t][BASE] for t in dev.TASKS}
        result[variant] = {
            **{t: round(float(scores[t][variant].mean()), 4) for t in dev.TASKS},
            "english_mean": round(float(np.mean([scores[t][variant].mean() for t in english])), 4),
            "gain_faq_fr": interval(gains, ["faq-fr"]),
            "gain_french": interval(gains, list(dev.FRENCH)),
            "gain_english": interval(gains, english),
        }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
