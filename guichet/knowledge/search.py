"""Searching articles: the one entry point for the help centre, the widget, the ticket form's
suggestions and related articles. See docs/knowledge.md ("Search").

    search_articles(query, *, brand, audience, language, limit) -> list[ArticleHit]

This is the seam for hybrid search: the signature and ArticleHit stay, the internals (today the
database's full-text search, guichet/knowledge/lexical.py) may change. Whatever they become,
visibility is applied FIRST: only articles the audience may read are ranked, and snippets are
built from those articles only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connections
from django.db.models import Count, F, Max, QuerySet

from guichet.brands.models import Brand
from guichet.knowledge.lexical import (
    ArticleQuery,
    analyse,
    corrected,
    coverage,
    fts5_expression,
    tsquery_expression,
    vocabulary,
)
from guichet.knowledge.models import Article, ArticleDocument
from guichet.knowledge.paths import article_path
from guichet.knowledge.permissions import Audience, published_articles
from guichet.knowledge.rendering import plain_text
from guichet.knowledge.snippets import snippet

CANDIDATES = 50
PG_CONFIG = "guichet_simple"


@dataclass(frozen=True)
class ArticleHit:
    article_id: int
    title: str
    url: str
    snippet: str  # plain text (escape it; `snippets.highlight` marks the matched words)
    score: float  # higher is better; hits come best first


def search_articles(
    query: str,
    *,
    brand: Brand,
    audience: Audience,
    language: str | None = None,
    limit: int = 10,
) -> list[ArticleHit]:
    """Published articles of `brand` that `audience` may read, matching `query`, best first."""
    analysed = analyse(query)
    if not analysed or limit <= 0:
        return []
    visible = published_articles(brand, audience, language)  # 1. visibility first
    analysed = corrected(analysed, _vocabulary(brand.pk, audience, visible))  # 2. typos
    ranked = list(_lexical(visible, analysed)[:CANDIDATES])  # 3. full-text candidates
    if not ranked:
        return []
    best = max(rank for _, rank in ranked) or 1.0
    texts = {
        pk: " ".join(parts)
        for pk, *parts in ArticleDocument.objects.filter(
            article_id__in=[pk for pk, _ in ranked]
        ).values_list("article_id", "title", "keywords", "body")
    }
    scored = sorted(  # 4. more query terms first, then the visitor's wording, then the rank
        ((_score(analysed, texts.get(pk, ""), rank / best), pk) for pk, rank in ranked),
        key=lambda item: (-item[0], item[1]),
    )[:limit]
    return _hits(brand, analysed, scored)


def _score(query: ArticleQuery, text: str, relative_rank: float) -> float:
    found, exact = coverage(query, text)
    return found * 10 + exact * 3 + max(relative_rank, 0.0)


def _hits(brand: Brand, query: ArticleQuery, scored: list[tuple[float, int]]) -> list[ArticleHit]:
    articles = Article.objects.in_bulk([pk for _, pk in scored])
    hits = []
    for score, pk in scored:
        article = articles[pk]
        text = plain_text(article.body_html) or article.summary
        hits.append(
            ArticleHit(
                article_id=pk,
                title=article.title,
                url=article_path(brand, article),
                snippet=snippet(text, query),
                score=round(score, 4),
            )
        )
    return hits


def match_articles(queryset: QuerySet[Article], q: str) -> QuerySet[Any]:
    """Articles of `queryset` (any state: the editor's lists) matching `q`, best first."""
    analysed = analyse(q)
    if not analysed:
        return queryset.none()
    return _ranked(queryset, analysed).order_by("-search_rank", "-pk")


def _lexical(visible: QuerySet[Article], query: ArticleQuery) -> QuerySet[Any]:
    return _ranked(visible, query).order_by("-search_rank", "pk").values_list("pk", "search_rank")


def _ranked(visible: QuerySet[Article], query: ArticleQuery) -> QuerySet[Any]:
    vendor = connections[visible.db].vendor
    if vendor == "sqlite":
        found: QuerySet[Any] = visible.filter(kb_fts__fts__match=fts5_expression(query)).annotate(
            search_rank=-F("kb_fts__rank")  # FTS5's bm25: more negative is better
        )
    elif vendor == "postgresql":
        tsquery = SearchQuery(tsquery_expression(query), search_type="raw", config=PG_CONFIG)
        found = visible.filter(kb_tsv__vector=tsquery).annotate(
            search_rank=SearchRank(F("kb_tsv__vector"), tsquery)
        )
    else:  # pragma: no cover - the project runs on SQLite or PostgreSQL
        raise NotImplementedError(f"No article search for {vendor}.")
    return found


# The folded words of what an audience may read, per brand, for typo corrections. Rebuilt when
# the set of documents changes (count or newest indexing time).
_VOCABULARIES: dict[tuple[int, str], tuple[tuple[int, Any], list[str]]] = {}


def _vocabulary(brand_id: int, audience: Audience, visible: QuerySet[Article]) -> list[str]:
    documents = ArticleDocument.objects.filter(article__in=visible.values("pk"))
    stamp = documents.aggregate(n=Count("pk"), newest=Max("indexed_at"))
    key = (brand_id, str(audience))
    cached = _VOCABULARIES.get(key)
    if cached and cached[0] == (stamp["n"], stamp["newest"]):
        return cached[1]
    rows = documents.values_list("title", "keywords", "body")
    words = vocabulary(" ".join(row) for row in rows.iterator())
    _VOCABULARIES[key] = ((stamp["n"], stamp["newest"]), words)
    return words
