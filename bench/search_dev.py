"""`python bench/search_dev.py`: the dev tasks the hybrid fusion's parameters were chosen on.

None of them comes from a retrieval benchmark: each is built from an intent data set in
../shared/data/intents (English), so that no parameter is ever fitted to the queries that
`make bench-search` scores. Per intent, one article: its title is a training utterance ("faq")
or the intent's name ("label"), its body three more training utterances; the queries are 400
test utterances (shuffled with seed 7). Prints nDCG@10 per task and fusion as one JSON object
(figures quoted in docs/adr/0010-hybrid-search.md). Vectors are cached in var/bench-cache/.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import random
import sys
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import ROOT, log  # noqa: E402

INTENTS = ROOT.parent / "shared" / "data" / "intents"
CACHE = ROOT / "var" / "bench-cache"
TASKS = ("banking77-faq", "clinc150-faq", "banking77-label", "clinc150-label")


def build(name: str) -> tuple[list[tuple[str, str]], list[str], np.ndarray]:
    """(title, body) per intent, the queries, and each query's relevant row."""
    source, kind = name.split("-")
    rng = random.Random(7)

    def read(split: str) -> list[tuple[str, str]]:
        with (INTENTS / source / f"{split}.csv").open(encoding="utf-8") as handle:
            return [(r["text"], r["label"]) for r in csv.DictReader(handle) if r["label"] != "oos"]

    by_label: dict[str, list[str]] = {}
    for text, label in read("train"):
        by_label.setdefault(label, []).append(text)
    labels = sorted(by_label)
    docs = []
    for label in labels:
        examples = by_label[label][:]
        rng.shuffle(examples)
        if kind == "label":
            docs.append((label.replace("_", " "), " ".join(examples[:3])))
        else:
            docs.append((examples[0], " ".join(examples[1:4])))
    test = read("test")
    rng.shuffle(test)
    test = test[:400]
    return docs, [t for t, _ in test], np.array([labels.index(label) for _, label in test])


def embedded(model: Any, texts: list[str], is_query: bool) -> np.ndarray:
    key = hashlib.sha256(json.dumps([model.model_version, texts, is_query]).encode()).hexdigest()
    path = CACHE / f"search-dev-{key[:16]}.npy"
    if path.is_file():
        return np.load(path)
    vectors = model.embed_queries(texts) if is_query else model.embed_passages(texts)
    CACHE.mkdir(parents=True, exist_ok=True)
    np.save(path, vectors)
    return vectors


def ndcg_at_10(scores: np.ndarray, relevant: np.ndarray) -> float:
    """One relevant row per query; ties broken by row number, as the engine's top-k."""
    own = scores[np.arange(len(relevant)), relevant][:, None]
    rows = np.arange(scores.shape[1])[None, :]
    rank = (scores > own).sum(1) + ((scores == own) & (rows < relevant[:, None])).sum(1)
    found = (rank < 10) & np.isfinite(own[:, 0])
    return round(float(np.where(found, 1 / np.log2(rank + 2), 0).mean()), 4)


def evaluate(name: str, model: Any) -> dict[str, float]:
    from guichet.search.hybrid import dense, engine, fusion
    from guichet.search.hybrid.lexical import LexicalIndex

    docs, queries, relevant = build(name)
    index = LexicalIndex([engine._terms(engine.Document(i, t, b, language="en"))
                          for i, (t, b) in enumerate(docs)])  # fmt: skip
    lexical = np.stack([index.scores(q, "en") for q in queries])
    texts, owners = [], []
    for row, (title, body) in enumerate(docs):
        for text in dense.passages(title, body):
            texts.append(text)
            owners.append(row)
    similarities = embedded(model, queries, True) @ embedded(model, texts, False).T
    cosine = np.full(lexical.shape, -np.inf, dtype=np.float32)
    for row in range(len(docs)):
        cosine[:, row] = similarities[:, np.asarray(owners) == row].max(axis=1)
    everything = np.ones(len(docs), dtype=bool)
    result = {
        "lexical": ndcg_at_10(np.where(lexical > 0, lexical, -np.inf), relevant),
        "dense": ndcg_at_10(cosine, relevant),
        "convex_0.8": ndcg_at_10(
            np.stack(
                [fusion.convex(lx, cs, everything) for lx, cs in zip(lexical, cosine, strict=True)]
            ),
            relevant,
        ),
    }
    for weight in (0.1, 0.2, 0.3, 0.5):
        fused = np.stack([fusion.linear(lx, cs, everything, lexical_weight=weight)
                          for lx, cs in zip(lexical, cosine, strict=True)])  # fmt: skip
        result[f"linear_{weight}"] = ndcg_at_10(fused, relevant)
    return result


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "guichet.settings")
    import django

    django.setup()
    from guichet.search.hybrid import engine

    model = engine.embedder()
    if model is None:
        sys.exit("search_dev: no embedder available")
    results = {}
    for name in TASKS:
        results[name] = evaluate(name, model)
        log(name, json.dumps(results[name]))
    print(json.dumps(results))


if __name__ == "__main__":
    main()
