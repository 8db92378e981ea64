"""Knowledge-base articles in the hybrid index: what guichet.knowledge calls. See docs/search.md.

Only published articles are indexed (a draft or an archived article is removed), with their
brand, language and visibility, so that the engine's filter (brand, audience, language, applied
before ranking) matches `guichet.knowledge.permissions.published_articles`. The indexed text is
the title, then the summary and the body's plain text; the article's category, section and tags
(`labels_line`) are the entry's labels: a tag word or a category name finds the article, but no
snippet ever shows them (tags are agents' vocabulary, often copied from tickets).

    reindex_articles_on_commit(*article_ids)      after an article or taxonomy action writes
    search_articles_hybrid(query, brand_id=..., reader=..., language=..., limit=...) -> [Hit]
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.db.models import QuerySet

from guichet.knowledge.models import Article, State, Visibility
from guichet.knowledge.permissions import Audience as Reader
from guichet.knowledge.rendering import plain_text
from guichet.search.hybrid import engine
from guichet.search.hybrid.engine import ARTICLE, Document, Hit, IndexStats, Mode
from guichet.search.hybrid.models import Audience

LEVEL = {
    Visibility.PUBLIC: Audience.PUBLIC,
    Visibility.CUSTOMERS: Audience.CUSTOMERS,
    Visibility.INTERNAL: Audience.INTERNAL,
}
READER_LEVEL = {
    Reader.PUBLIC: Audience.PUBLIC,
    Reader.CUSTOMER: Audience.CUSTOMERS,
    Reader.AGENT: Audience.INTERNAL,
}


def labels_line(article: Article) -> str:
    """The article's category and section names (in its language, as the help centre shows
    them) and its tags, as one line: "Impression › Imprimante · ordonnance, mot de passe".

    It is the entry's `labels`: matched after the body (weighing as body words, once, not like
    the title) and never shown in a snippet. Tags are slugs; their hyphens become spaces so
    that "mot-de-passe" reads, and embeds, as words.
    """
    names = []
    if article.section is not None:
        names = [article.section.category.name_in(article.language),
                 article.section.name_in(article.language)]  # fmt: skip
    tags = sorted(" ".join(tag.name.replace("_", " ").replace("-", " ").split())
                  for tag in article.tags.all())  # fmt: skip
    parts = [" › ".join(name for name in names if name), ", ".join(tags)]
    return " · ".join(part for part in parts if part)


def article_document(article: Article) -> Document:
    """What the engine indexes for `article` (see `labels_line`; load `section__category` and
    `tags` with it when indexing many)."""
    parts = (article.summary, plain_text(article.body_html))
    body = "\n".join(part for part in parts if part)
    return Document(
        object_id=article.pk,
        title=article.title,
        body=body or article.body,
        audience=LEVEL.get(Visibility(article.visibility), Audience.INTERNAL),
        language=article.language,
        brand_id=article.brand_id,
        labels=labels_line(article),
    )


def _with_labels(articles: QuerySet[Article]) -> QuerySet[Article]:
    return articles.select_related("section__category").prefetch_related("tags")


def published_documents() -> Iterator[Document]:
    articles = _with_labels(Article.objects.filter(state=State.PUBLISHED).order_by("pk"))
    return (article_document(article) for article in articles.iterator(500))


def published_total() -> int:
    return Article.objects.filter(state=State.PUBLISHED).count()


def reindex_articles(article_ids: Iterable[int]) -> IndexStats:
    """Index the published ones among these articles; remove the others (and deleted ones)."""
    wanted = set(article_ids)
    published = list(
        _with_labels(Article.objects.filter(pk__in=wanted, state=State.PUBLISHED).order_by("pk"))
    )
    stats = IndexStats()
    if published:
        documents = [article_document(article) for article in published]
        stats = engine.index_documents(documents, kind=ARTICLE)
    gone = wanted - {article.pk for article in published}
    if gone:
        engine.remove_documents(gone, kind=ARTICLE)
    return stats


def reindex_articles_on_commit(*article_ids: int) -> None:
    engine.on_commit(lambda: reindex_articles(article_ids))


def search_articles_hybrid(
    query: str,
    *,
    brand_id: int,
    reader: Reader,
    language: str | None = None,
    limit: int = 10,
    mode: Mode = "hybrid",
    require_match: bool = False,
) -> list[Hit]:
    """Published articles of the brand that `reader` may read, best first (hit.object_id is the
    article id; hit.snippet comes from that article only)."""
    return engine.search(
        query,
        audience=READER_LEVEL[reader],
        brand_id=brand_id,
        language=language,
        kind=ARTICLE,
        limit=limit,
        mode=mode,
        require_match=require_match,
    )
