"""Searching articles: the one entry point for the help centre, the widget, the ticket form's
suggestions, related articles and the editor's list. See docs/knowledge.md ("Search").

    search_articles(query, *, brand, audience, language, limit, require_match) -> list[ArticleHit]

The ranking is the hybrid engine's (guichet/search/hybrid: BM25 with French / English stems,
accent folding and typo tolerance, fused with dense e5 embeddings; docs/search.md). Visibility
is applied twice:
1. the engine filters its index by brand, audience and language BEFORE ranking, so that an
   article the reader may not see never scores nor lends its text to a snippet;
2. every hit is then re-read from the articles the reader may read now (`published_articles`
   + `can_read`), so that a stale index entry (an article unpublished, made internal or deleted
   since) is dropped, never shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Case, IntegerField, Q, QuerySet, When

from guichet.brands.models import Brand
from guichet.knowledge.models import Article, State
from guichet.knowledge.paths import article_path
from guichet.knowledge.permissions import Audience, can_read, published_articles
from guichet.search.hybrid.articles import search_articles_hybrid

EDITOR_CANDIDATES = 100


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
    require_match: bool = True,
) -> list[ArticleHit]:
    """Published articles of `brand` that `audience` may read, matching `query`, best first.

    `require_match` keeps only articles that match the query: sharing a (stemmed,
    typo-corrected) word with it, or closer to it by meaning than any content-free query comes
    to them (the engine's meaning floor), so that "no result" means something (search,
    suggestions, zero-result analytics); without it, the nearest articles by meaning come back
    whatever the words (related articles).
    """
    if not query or not query.strip() or limit <= 0:
        return []
    found = search_articles_hybrid(
        query, brand_id=brand.pk, reader=audience, language=language, limit=limit,
        require_match=require_match,
    )  # fmt: skip
    if not found:
        return []
    readable = published_articles(brand, audience, language).in_bulk([h.object_id for h in found])
    hits = []
    for hit in found:
        article = readable.get(hit.object_id)
        if article is None or not can_read(audience, article):  # defence in depth
            continue
        hits.append(
            ArticleHit(
                article_id=article.pk,
                title=article.title,
                url=article_path(brand, article),
                snippet=hit.snippet,
                score=round(hit.score, 4),
            )
        )
    return hits


def match_articles(queryset: QuerySet[Article], q: str) -> QuerySet[Any]:
    """Articles of `queryset` (the editor's list: any state, the agent's brands) matching `q`.

    Published articles come from the hybrid index, best first (searched as an agent, per
    brand); drafts, articles in review and archives are not indexed, so they match on their
    title, summary or body containing every word of `q`, newest first, after the ranked ones.
    """
    words = q.split()
    if not words:
        return queryset.none()
    scored: list[tuple[float, int]] = []
    brand_ids = queryset.order_by().values_list("brand_id", flat=True).distinct()
    for brand in Brand.objects.filter(pk__in=list(brand_ids)).order_by("pk"):
        hits = search_articles_hybrid(
            q, brand_id=brand.pk, reader=Audience.AGENT, limit=EDITOR_CANDIDATES,
            require_match=True,
        )  # fmt: skip
        scored.extend((-hit.score, hit.object_id) for hit in hits)
    ranked = [pk for _, pk in sorted(scored)]
    contains = Q()
    for word in words[:12]:
        contains &= Q(title__icontains=word) | Q(summary__icontains=word) | Q(body__icontains=word)
    unpublished = queryset.exclude(state=State.PUBLISHED).filter(contains)
    rank = Case(
        *(When(pk=pk, then=position) for position, pk in enumerate(ranked)),
        default=len(ranked),
        output_field=IntegerField(),
    )
    matched = queryset.filter(Q(pk__in=ranked) | Q(pk__in=unpublished.values("pk")))
    return matched.annotate(search_rank=rank).order_by("search_rank", "-updated_at", "-pk")
