"""Hybrid search never leaks an article a reader may not see: not through the lexical side, not
through the dense side (an internal article that is the closest match by meaning), not in a
snippet, a suggestion, related articles or the widget, nor another brand's articles."""

from collections.abc import Sequence

import numpy as np
import pytest

from guichet.core.tests import factories
from guichet.knowledge.actions.articles import ArticleInput, do_update_article
from guichet.knowledge.models import Article
from guichet.knowledge.permissions import Audience
from guichet.knowledge.search import search_articles
from guichet.knowledge.tests import factories as kb
from guichet.search.hybrid import engine
from guichet.search.hybrid.models import Audience as Level
from guichet.search.hybrid.models import SearchEntry

pytestmark = pytest.mark.django_db

NETWORK = ("réseau", "wifi", "routeur", "connexion")


class TopicEmbedder:
    """Two topics: networking (whatever the words) and everything else. A query about the
    network is then closest, by meaning only, to the articles about the network."""

    provider = "test"
    model_version = "test-topics-1"
    dimension = 2

    def _embed(self, texts: Sequence[str]) -> np.ndarray:
        return np.array(
            [[1.0, 0.0] if any(w in t.lower() for w in NETWORK) else [0.0, 1.0] for t in texts],
            dtype=np.float32,
        )

    embed_queries = _embed
    embed_passages = _embed


@pytest.fixture
def topics(monkeypatch):
    model = TopicEmbedder()
    monkeypatch.setattr(engine, "embedder", lambda: model)
    return model


@pytest.fixture
def network(brand, topics):
    """An internal article that is the closest dense match of any network question."""
    section = kb.section(brand, "Cabinet", "Matériel")
    return {
        "public": kb.article(
            brand, "Imprimante du cabinet", "Vérifiez le câble de l'imprimante.", section_=section
        ),  # fmt: skip
        "customers": kb.article(
            brand,
            "Imprimante partagée",
            "Réservé aux clients connectés.",
            visibility="customers",
            section_=section,
        ),  # fmt: skip
        "internal": kb.article(
            brand,
            "Wifi du cabinet (interne)",
            "Routeur : mot de passe admin SECRET-42.",
            visibility="internal",
            section_=section,
        ),  # fmt: skip
    }


def ids(brand, q, audience, require_match=False, language="fr"):
    hits = search_articles(q, brand=brand, audience=audience, language=language, limit=10,
                           require_match=require_match)  # fmt: skip
    return [hit.article_id for hit in hits]


def test_the_closest_dense_match_is_not_shown_when_internal(brand, network):
    # Given a question sharing no word with any article, closest by meaning to the internal one
    q = "problème de réseau"
    # Then an agent gets it first, customers and the public never
    assert ids(brand, q, Audience.AGENT)[0] == network["internal"].pk
    assert network["internal"].pk not in ids(brand, q, Audience.CUSTOMER)
    assert network["internal"].pk not in ids(brand, q, Audience.PUBLIC)
    assert network["customers"].pk not in ids(brand, q, Audience.PUBLIC)


def test_the_lexical_side_does_not_find_internal_words(brand, network):
    assert ids(brand, "SECRET-42 routeur", Audience.PUBLIC, require_match=True) == []
    assert ids(brand, "SECRET-42 routeur", Audience.AGENT, require_match=True) == [
        network["internal"].pk
    ]


def test_snippets_never_carry_internal_text(brand, network):
    for audience in (Audience.PUBLIC, Audience.CUSTOMER):
        for require_match in (True, False):
            hits = search_articles("routeur mot de passe admin imprimante", brand=brand,
                                   audience=audience, require_match=require_match)  # fmt: skip
            assert hits and all("SECRET" not in h.snippet and "Wifi" not in h.title for h in hits)


def test_help_centre_pages_never_show_the_internal_dense_match(client, customer, network):
    for who in (None, customer):
        if who:
            client.force_login(who)
        for path in ("search/", "search/live/"):
            page = client.get(f"/help/asclepia/fr/{path}?q=wifi+réseau+routeur").content.decode()
            assert "Wifi du cabinet" not in page and "SECRET" not in page


def test_related_articles_never_include_the_internal_dense_neighbour(client, network):
    public = network["public"]
    page = client.get(f"/help/asclepia/fr/articles/{public.pk}-{public.slug}").content.decode()
    assert "Wifi du cabinet" not in page and "Imprimante partagée" not in page


def test_suggestions_never_include_internal_or_signed_in_only_articles(client, customer, network):
    q = "/help/asclepia/suggest/?subject=wifi+routeur+imprimante&description=mot+de+passe+admin"
    anonymous = client.get(q).content.decode()
    assert "Imprimante du cabinet" in anonymous
    assert "Wifi" not in anonymous and "SECRET" not in anonymous and "partagée" not in anonymous
    client.force_login(customer)
    signed_in = client.get(q + "&session=abc").content.decode()
    assert "Wifi" not in signed_in and "SECRET" not in signed_in


def test_the_widget_search_never_shows_the_internal_dense_match(client, brand, network):
    from guichet.knowledge.actions.widget import do_configure_widget

    do_configure_widget(kb.admin(), brand, enabled=True, allowed_origins=[])
    results = client.get("/help/asclepia/widget/search.json?q=wifi+routeur").json()["results"]
    assert "SECRET" not in str(results) and "Wifi" not in str(results)


def test_another_brands_closest_match_is_not_found(brand, other_brand, topics):
    theirs = kb.article(other_brand, "Wifi de Telvia", "Routeur Telvia.")
    mine = kb.article(brand, "Imprimante", "Câble.")
    assert ids(brand, "réseau wifi", Audience.AGENT) == [mine.pk]
    assert ids(other_brand, "réseau wifi", Audience.AGENT) == [theirs.pk]


def test_changing_visibility_updates_the_index(brand, committed):
    article = kb.article(brand, "Imprimante", "Réglages de l'imprimante.")
    with committed():
        do_update_article(kb.admin(), article, ArticleInput(visibility="internal"))
    assert SearchEntry.objects.get(object_id=article.pk).audience == Level.INTERNAL
    assert ids(brand, "imprimante", Audience.PUBLIC, require_match=True) == []


def test_archiving_removes_the_article_from_the_index(brand, committed):
    from guichet.knowledge.actions.articles import do_transition_article

    article = kb.article(brand, "Imprimante", "Réglages de l'imprimante.")
    with committed():
        do_transition_article(kb.admin(), article, "archive")
    assert not SearchEntry.objects.filter(object_id=article.pk).exists()


def test_a_stale_entry_is_rechecked_against_the_article(brand):
    # Given an article made internal behind the actions' back: the index still says public
    article = kb.article(brand, "Imprimante", "Réglages de l'imprimante.")
    Article.objects.filter(pk=article.pk).update(visibility="internal")
    # Then the public does not get it (customers neither), agents still do
    assert ids(brand, "imprimante", Audience.PUBLIC) == []
    assert ids(brand, "imprimante", Audience.CUSTOMER) == []
    assert ids(brand, "imprimante", Audience.AGENT) == [article.pk]


def test_a_customer_of_another_brand_gets_public_articles_only(client, other_brand, network):
    client.force_login(factories.customer(other_brand))
    page = client.get("/help/asclepia/fr/search/?q=imprimante").content.decode()
    assert "</mark> du cabinet" in page and "partagée" not in page


def test_tags_find_an_article_but_never_show_in_a_customers_snippet(client, brand):
    from guichet.knowledge.actions.widget import do_configure_widget

    # Given a public article whose only link to "client difficile" is its tags (agents' words)
    article = kb.article(brand, "Répondre à une réclamation",
                         "Restez courtois. Proposez un geste commercial.",
                         tags=["churn-risque", "client-difficile"])  # fmt: skip
    # When an anonymous visitor searches for the tag words, the article is found ...
    hits = search_articles("client difficile", brand=brand, audience=Audience.PUBLIC,
                           language="fr", require_match=True)  # fmt: skip
    assert [hit.article_id for hit in hits] == [article.pk]
    # ... but its tags are in no snippet: search, live search, widget, ticket-form suggestions
    assert all("churn" not in h.snippet and "difficile" not in h.snippet for h in hits)
    for path in ("search/", "search/live/"):
        page = client.get(f"/help/asclepia/fr/{path}?q=client+difficile").content.decode()
        assert "réclamation" in page and "churn" not in page
    do_configure_widget(kb.admin(), brand, enabled=True, allowed_origins=[])
    results = client.get("/help/asclepia/widget/search.json?q=client+difficile").json()["results"]
    assert "réclamation" in str(results) and "churn" not in str(results)
    assert "difficile" not in str(results)
    suggested = client.get("/help/asclepia/suggest/?subject=client+difficile").content.decode()
    assert "réclamation" in suggested and "churn" not in suggested
