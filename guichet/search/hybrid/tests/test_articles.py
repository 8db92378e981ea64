"""Knowledge-base articles through the hybrid engine: published only, visibility per reader."""

import pytest

from guichet.core.tests import factories
from guichet.knowledge.models import Article, State, Visibility
from guichet.knowledge.permissions import Audience as Reader
from guichet.search.hybrid.articles import reindex_articles, search_articles_hybrid
from guichet.search.hybrid.models import SearchEntry

pytestmark = pytest.mark.django_db


def article(brand, title, body, **kwargs):
    fields = {"state": State.PUBLISHED, "visibility": Visibility.PUBLIC, "language": "fr"}
    fields.update(kwargs)
    return Article.objects.create(
        brand=brand, title=title, slug=title[:40].lower().replace(" ", "-"), body=body,
        body_html=f"<p>{body}</p>", **fields,
    )  # fmt: skip


def found(brand, query, reader):
    return [
        hit.object_id for hit in search_articles_hybrid(query, brand_id=brand.pk, reader=reader)
    ]


def test_customer_never_sees_an_internal_article_nor_its_snippet(fake_embedder):
    brand = factories.brand()
    public = article(brand, "Configurer l'imprimante", "Ouvrez les réglages de l'imprimante.")
    internal = article(brand, "Imprimante : procédure interne", "Code admin imprimante 4242.",
                       visibility=Visibility.INTERNAL)  # fmt: skip
    reindex_articles([public.pk, internal.pk])
    hits = search_articles_hybrid("imprimante code admin 4242", brand_id=brand.pk,
                                  reader=Reader.CUSTOMER)  # fmt: skip
    assert [hit.object_id for hit in hits] == [public.pk]
    assert all("4242" not in hit.snippet for hit in hits)
    assert internal.pk in found(brand, "code admin 4242", Reader.AGENT)


def test_draft_is_not_indexed_and_unpublishing_removes_it(fake_embedder):
    brand = factories.brand()
    draft = article(brand, "Imprimante en brouillon", "Texte.", state=State.DRAFT)
    live = article(brand, "Imprimante publiée", "Texte.")
    reindex_articles([draft.pk, live.pk])
    assert found(brand, "imprimante", Reader.AGENT) == [live.pk]
    Article.objects.filter(pk=live.pk).update(state=State.ARCHIVED)
    reindex_articles([live.pk])
    assert found(brand, "imprimante", Reader.AGENT) == []
    assert SearchEntry.objects.count() == 0


def test_another_brand_articles_are_not_found(fake_embedder):
    mine, other = factories.brand(), factories.brand()
    theirs = article(other, "Imprimante de l'autre marque", "Texte.")
    reindex_articles([theirs.pk])
    assert found(mine, "imprimante", Reader.AGENT) == []
