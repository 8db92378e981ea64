"""`make bench-search DATA=<BEIR folder>`: retrieval quality and latency of the hybrid search.

Loads a BEIR data set (corpus.jsonl, queries.jsonl, qrels/test.tsv with a header row) into a
fresh SQLite database (var/bench/search.sqlite3) as published, public French knowledge-base
articles of one brand (bulk-created `Article` rows), indexes them through the product's own
adapter (guichet.search.hybrid.articles.reindex_articles: the path an article save takes), then
runs every test query as an anonymous visitor three times: hybrid through
`guichet.knowledge.search.search_articles`, the service the help centre, the widget and the
ticket form's suggestions call (matches only: entries sharing a word with the query or above the
meaning floor, re-read from the readable articles), and, for comparison, the engine's lexical
side and dense side alone (`search_articles_hybrid`). Nothing is tuned here: the engine's
parameters are fixed in its code. Logs go to stderr; the last line of stdout is one JSON object. See docs/search.md.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import ROOT, fresh_sqlite, log, percentile  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "data" / "retrieval" / "covidfaq-fr"
K = 10
MODES = ("lexical", "dense", "hybrid")


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def read_qrels(path: Path) -> dict[str, dict[str, float]]:
    qrels: dict[str, dict[str, float]] = defaultdict(dict)
    with path.open(encoding="utf-8") as handle:
        reader = csv.reader(handle, delimiter="\t")
        next(reader, None)  # header row
        for row in reader:
            if len(row) >= 3 and float(row[2]) > 0:
                qrels[row[0]][row[1]] = float(row[2])
    return qrels


def load_data(
    folder: Path,
) -> tuple[list[dict[str, Any]], dict[str, str], dict[str, dict[str, float]]]:
    needed = [folder / "corpus.jsonl", folder / "queries.jsonl", folder / "qrels" / "test.tsv"]
    missing = [str(path) for path in needed if not path.is_file()]
    if missing:
        sys.exit(f"bench-search: data set not found: {', '.join(missing)} (set DATA=<BEIR folder>)")
    corpus = read_jsonl(needed[0])
    queries = {str(q["_id"]): q["text"] for q in read_jsonl(needed[1])}
    qrels = read_qrels(needed[2])
    return corpus, {qid: queries[qid] for qid in qrels if qid in queries}, qrels


# --- Metrics (binary or graded relevance; linear gain, as BEIR's pytrec_eval) -----------------


def ndcg(ranked: list[str], relevant: dict[str, float], k: int = K) -> float:
    dcg = sum(relevant.get(doc, 0.0) / math.log2(i + 2) for i, doc in enumerate(ranked[:k]))
    ideal = sorted(relevant.values(), reverse=True)[:k]
    best = sum(gain / math.log2(i + 2) for i, gain in enumerate(ideal))
    return dcg / best if best else 0.0


def recall(ranked: list[str], relevant: dict[str, float], k: int = K) -> float:
    return len(set(ranked[:k]) & set(relevant)) / len(relevant) if relevant else 0.0


def mrr(ranked: list[str], relevant: dict[str, float], k: int = K) -> float:
    for i, doc in enumerate(ranked[:k]):
        if doc in relevant:
            return 1.0 / (i + 1)
    return 0.0


def naive_rrf(rankings: list[list[str]], k: int = 60) -> list[str]:
    scores: dict[str, float] = defaultdict(float)
    for ranking in rankings:
        for i, doc in enumerate(ranking):
            scores[doc] += 1.0 / (k + i + 1)
    return sorted(scores, key=lambda doc: -scores[doc])


# --- Running (inside Django, on the fresh database) ---------------------------------------


def index_corpus(corpus: list[dict[str, Any]]) -> tuple[int, dict[int, str], dict[str, float]]:
    """Bulk-create the corpus as published public French articles of one brand, then index them
    through the knowledge base's adapter (the path an article save takes)."""
    from django.utils.html import escape

    from guichet.brands.models import Brand
    from guichet.knowledge.models import Article, State, Visibility
    from guichet.search.hybrid.articles import reindex_articles

    brand = Brand.objects.create(name="Bench", slug="bench", ticket_prefix="BEN")
    articles = Article.objects.bulk_create(
        Article(
            brand=brand,
            language="fr",
            title=(doc.get("title") or "")[:200],
            slug=f"doc-{i}",
            body=doc.get("text") or "",
            body_html=f"<p>{escape(doc.get('text') or '')}</p>",
            state=State.PUBLISHED,
            visibility=Visibility.PUBLIC,
        )  # fmt: skip
        for i, doc in enumerate(corpus)
    )
    names = {article.pk: str(doc["_id"]) for article, doc in zip(articles, corpus, strict=True)}
    ids = [article.pk for article in articles]
    totals = {"lexical": 0.0, "dense": 0.0, "write": 0.0}
    for start in range(0, len(ids), 256):
        stats = reindex_articles(ids[start : start + 256])
        totals["lexical"] += stats.lexical_seconds
        totals["dense"] += stats.dense_seconds
        totals["write"] += stats.write_seconds
        log(f"indexed {min(start + 256, len(ids))}/{len(ids)}")
    seconds = {
        "lexical": totals["lexical"] + totals["write"],
        "dense": totals["dense"] + totals["write"],
        "hybrid": totals["lexical"] + totals["dense"] + totals["write"],
    }
    return brand.pk, names, seconds


def run_queries(
    queries: dict[str, str], names: dict[int, str], brand_id: int, mode: str
) -> tuple[dict[str, list[str]], list[float]]:
    from guichet.brands.models import Brand
    from guichet.knowledge.permissions import Audience as Reader
    from guichet.knowledge.search import search_articles
    from guichet.search.hybrid.articles import search_articles_hybrid

    brand = Brand.objects.get(pk=brand_id)

    def ask(text: str) -> list[int]:
        if mode == "hybrid":  # what the help centre, the widget and the suggestions call
            hits = search_articles(
                text, brand=brand, audience=Reader.PUBLIC, language="fr", limit=K
            )
            return [hit.article_id for hit in hits]
        found = search_articles_hybrid(text, brand_id=brand_id, reader=Reader.PUBLIC,
                                       language="fr", limit=K, mode=mode)  # fmt: skip
        return [hit.object_id for hit in found]

    ask("échauffement")  # warm: load the snapshot
    rankings, latencies = {}, []
    for qid, text in queries.items():
        started = time.perf_counter()
        hits = ask(text)
        latencies.append((time.perf_counter() - started) * 1000)
        rankings[qid] = [names[pk] for pk in hits]
    return rankings, latencies


def scores(rankings: dict[str, list[str]], qrels: dict[str, dict[str, float]]) -> dict[str, float]:
    n = len(rankings) or 1
    return {
        "ndcg_at_10": round(sum(ndcg(r, qrels[q]) for q, r in rankings.items()) / n, 4),
        "recall_at_10": round(sum(recall(r, qrels[q]) for q, r in rankings.items()) / n, 4),
        "mrr_at_10": round(sum(mrr(r, qrels[q]) for q, r in rankings.items()) / n, 4),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--data", default=str(DEFAULT_DATA))
    args = parser.parse_args()
    corpus, queries, qrels = load_data(Path(args.data))
    log(f"{len(corpus)} documents, {len(queries)} queries with judgements")

    os.environ["GUICHET_DB_URL"] = fresh_sqlite("search")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "guichet.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    brand_id, names, index_seconds = index_corpus(corpus)
    result: dict[str, Any] = {}
    rankings_by_mode = {}
    for mode in MODES:
        rankings, latencies = run_queries(queries, names, brand_id, mode)
        rankings_by_mode[mode] = rankings
        result[mode] = {
            **scores(rankings, qrels),
            "index_seconds": round(index_seconds[mode], 2),
            "p50_ms": round(percentile(latencies, 50), 2),
            "p99_ms": round(percentile(latencies, 99), 2),
        }
        log(mode, json.dumps(result[mode]))
    rrf = {q: naive_rrf([rankings_by_mode["lexical"][q], rankings_by_mode["dense"][q]])
           for q in queries}  # fmt: skip
    result["naive_rrf"] = scores(rrf, qrels)
    result["ndcg_at_10"] = result["hybrid"]["ndcg_at_10"]
    result["p99_ms"] = result["hybrid"]["p99_ms"]
    result["load_average_1m"] = round(os.getloadavg()[0], 2)  # other work on the machine
    print(json.dumps(result))


if __name__ == "__main__":
    main()
