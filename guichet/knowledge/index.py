"""Keeping the article index up to date (like guichet/search/index.py). See docs/knowledge.md.

Article actions call `reindex_article_on_commit`; the document is rebuilt once the transaction
commits (a failure is logged by Django, never raised into the request; `kb_reindex` repairs).
Every article has a document whatever its state: searches filter on the article (published,
visibility, brand, language) before anything is read from the index.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial

from django.db import transaction
from django.utils import timezone

from guichet.knowledge.models import Article, ArticleDocument
from guichet.knowledge.rendering import plain_text
from guichet.search.text import search_text

TITLE_CHARS = 2_000
KEYWORDS_CHARS = 4_000
BODY_CHARS = 200_000


def document_for(article: Article) -> ArticleDocument:
    section = article.section
    keywords = [
        article.summary,
        " ".join(tag.name.replace("-", " ") for tag in article.tags.all()),
        section.name if section else "",
        section.category.name if section else "",
    ]
    return ArticleDocument(
        article_id=article.pk,
        title=search_text([article.title], TITLE_CHARS),
        keywords=search_text(keywords, KEYWORDS_CHARS),
        body=search_text([plain_text(article.body_html)], BODY_CHARS),
        indexed_at=timezone.now(),
    )


def reindex_articles(article_ids: Iterable[int]) -> int:
    articles = (
        Article.objects.filter(pk__in=list(article_ids))
        .select_related("section__category")
        .prefetch_related("tags")
    )
    documents = [document_for(article) for article in articles]
    with transaction.atomic():
        ArticleDocument.objects.bulk_create(
            documents,
            update_conflicts=True,
            unique_fields=["article"],
            update_fields=["title", "keywords", "body", "indexed_at"],
        )
    return len(documents)


def reindex_article_on_commit(*article_ids: int) -> None:
    transaction.on_commit(partial(reindex_articles, article_ids), robust=True)


def rebuild(batch: int = 500) -> int:
    ids = list(Article.objects.order_by("pk").values_list("pk", flat=True))
    return sum(reindex_articles(ids[i : i + batch]) for i in range(0, len(ids), batch))
