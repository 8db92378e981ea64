"""Reads for the help centre and the editor. Every help-centre read starts from
permissions.published_articles(brand, audience, ...): nothing else lists articles to visitors.
See docs/knowledge.md.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from guichet.brands.models import Brand
from guichet.knowledge.models import (
    Article,
    ArticleVersion,
    ArticleView,
    Category,
    Flow,
    Section,
    State,
)
from guichet.knowledge.permissions import Audience, published_articles
from guichet.knowledge.search import match_articles, search_articles


@dataclass
class SectionBlock:
    section: Section
    articles: list[Article] = field(default_factory=list)


@dataclass
class CategoryBlock:
    category: Category
    sections: list[SectionBlock] = field(default_factory=list)

    @property
    def article_count(self) -> int:
        return sum(len(block.articles) for block in self.sections)

    @property
    def top_articles(self) -> list[Article]:
        return [article for block in self.sections for article in block.articles][:4]


def browse(brand: Brand, audience: Audience, language: str) -> list[CategoryBlock]:
    """Categories → sections → articles this audience may read in `language` (empty ones left
    out), in three queries."""
    articles = published_articles(brand, audience, language).order_by("position", "title")
    categories = Category.objects.filter(brand=brand).prefetch_related(
        Prefetch("sections", queryset=Section.objects.order_by("position", "name")),
        Prefetch("sections__articles", queryset=articles, to_attr="visible_articles"),
    )
    blocks = []
    for category in categories:
        sections = [
            SectionBlock(section, list(section.visible_articles))  # type: ignore[attr-defined]
            for section in category.sections.all()
            if section.visible_articles  # type: ignore[attr-defined]
        ]
        if sections:
            blocks.append(CategoryBlock(category, sections))
    return blocks


def category_block(
    brand: Brand, audience: Audience, language: str, category_id: int
) -> CategoryBlock:
    for block in browse(brand, audience, language):
        if block.category.pk == category_id:
            return block
    raise Http404


def readable_article(brand: Brand, audience: Audience, article_id: int) -> Article:
    """The article if this audience may read it, else 404 (never a hint that it exists)."""
    article = (
        published_articles(brand, audience)
        .select_related("section__category", "owner")
        .filter(pk=article_id)
        .first()
    )
    if article is None:
        raise Http404
    return article


def readable_translations(article: Article, audience: Audience) -> list[Article]:
    """The other languages of an article that this audience may read (for hreflang)."""
    return list(
        published_articles(article.brand_id, audience)
        .filter(family=article.family)
        .exclude(pk=article.pk)
        .order_by("language")
    )


def related_articles(
    brand: Brand, audience: Audience, article: Article, limit: int = 5
) -> list[Article]:
    """Same section first, then shared tags, then the articles nearest to its title (by
    meaning: the hybrid search without requiring a shared word)."""
    visible = published_articles(brand, audience, article.language).exclude(pk=article.pk)
    found: list[Article] = []
    if article.section_id:
        found.extend(
            visible.filter(section_id=article.section_id).order_by("position", "title")[:limit]
        )
    tag_ids = list(article.tags.values_list("pk", flat=True))
    if tag_ids and len(found) < limit:
        shared = (
            visible.filter(tags__in=tag_ids)
            .exclude(pk__in=[a.pk for a in found])
            .annotate(shared=Count("tags", filter=Q(tags__in=tag_ids)))
            .order_by("-shared", "title")
        )
        found.extend(shared[: limit - len(found)])
    if len(found) < limit:
        hits = search_articles(
            article.title,
            brand=brand,
            audience=audience,
            language=article.language,
            limit=limit + 1,
            require_match=False,
        )
        ids = [
            h.article_id for h in hits if h.article_id not in {a.pk for a in found} | {article.pk}
        ]
        by_id = visible.in_bulk(ids)
        found.extend(by_id[pk] for pk in ids if pk in by_id)
    return found[:limit]


def popular_articles(
    brand: Brand, audience: Audience, language: str, limit: int = 6, days: int = 30
) -> list[Article]:
    since = timezone.now() - dt.timedelta(days=days)
    return list(
        published_articles(brand, audience, language)
        .annotate(recent_views=Count("views", filter=Q(views__created_at__gte=since)))
        .order_by("-recent_views", "position", "title")[:limit]
    )


def published_flows(brand: Brand, language: str) -> QuerySet[Flow]:
    return Flow.objects.filter(brand=brand, language=language, state=Flow.State.PUBLISHED)


def sitemap_articles(brand: Brand) -> QuerySet[Article]:
    """Only what anyone may read: public, published (a crawler is anonymous)."""
    return published_articles(brand, Audience.PUBLIC).order_by("language", "pk")


def sitemap_categories(brand: Brand, languages: Sequence[str]) -> list[tuple[str, Category]]:
    """(language, category) for each category page with a public article in that language (the
    help centre leaves empty categories out, and a crawler is anonymous)."""
    return [(language, block.category) for language in languages
            for block in browse(brand, Audience.PUBLIC, language)]  # fmt: skip


def sitemap_flows(brand: Brand) -> QuerySet[Flow]:
    """Published flows (anyone may walk them); their first question is the indexable page."""
    return Flow.objects.filter(brand=brand, state=Flow.State.PUBLISHED).order_by("language", "pk")


# --- Editor -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EditorFilters:
    brand: int | None = None
    state: str = ""
    language: str = ""
    visibility: str = ""
    stale: bool = False
    mine: bool = False
    q: str = ""


def editor_articles(qs: QuerySet[Article], filters: EditorFilters, user: Any) -> QuerySet[Article]:
    if filters.brand:
        qs = qs.filter(brand_id=filters.brand)
    if filters.state:
        qs = qs.filter(state=filters.state)
    if filters.language:
        qs = qs.filter(language=filters.language)
    if filters.visibility:
        qs = qs.filter(visibility=filters.visibility)
    if filters.stale:
        qs = stale_articles(qs)
    if filters.mine:
        qs = qs.filter(owner=user)
    qs = qs.select_related("brand", "owner", "section__category")
    if filters.q.strip():
        return match_articles(qs, filters.q)
    return qs.order_by("-updated_at", "-pk")


def stale_articles(qs: QuerySet[Article], day: dt.date | None = None) -> QuerySet[Article]:
    day = day or timezone.localdate()
    return qs.filter(review_by__lt=day, state__in=[State.PUBLISHED, State.REVIEW])


def versions(article: Article) -> QuerySet[ArticleVersion]:
    return article.versions.select_related("author").order_by("-number")


def view_counts(article_ids: list[int], days: int = 30) -> dict[int, int]:
    since = timezone.now() - dt.timedelta(days=days)
    rows = (
        ArticleView.objects.filter(article_id__in=article_ids, created_at__gte=since)
        .values("article_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row["article_id"]: row["n"] for row in rows}
