"""A customer never sees an internal article: not in pages, search, snippets, suggestions,
related articles, the sitemap, the widget or a flow. Signed-in-only articles need a signed-in
customer of that brand."""

import pytest

from guichet.core.tests import factories
from guichet.knowledge.actions.widget import do_configure_widget, do_save_rule
from guichet.knowledge.tests import factories as kb

pytestmark = pytest.mark.django_db


@pytest.fixture
def articles(brand):
    section = kb.section(brand)
    return {
        "public": kb.article(brand, "Imprimante publique", "imprimante réglages", section_=section),
        "customers": kb.article(
            brand,
            "Imprimante clients",
            "imprimante réservé clients",
            visibility="customers",
            section_=section,
        ),
        "internal": kb.article(
            brand,
            "Imprimante interne",
            "imprimante SECRET-42",
            visibility="internal",
            section_=section,
        ),
    }


def url(article):
    return f"/help/asclepia/fr/articles/{article.pk}-{article.slug}"


def test_anonymous_visitors_read_public_articles_only(client, articles):
    assert client.get(url(articles["public"])).status_code == 200
    assert client.get(url(articles["internal"])).status_code == 404
    response = client.get(url(articles["customers"]))
    assert response.status_code == 302 and "/portal/asclepia/login/" in response["Location"]


def test_a_customer_of_the_brand_reads_customer_articles_but_not_internal_ones(
    client, customer, articles
):
    client.force_login(customer)
    assert client.get(url(articles["customers"])).status_code == 200
    assert client.get(url(articles["internal"])).status_code == 404


def test_a_customer_of_another_brand_is_treated_as_the_public(client, other_brand, articles):
    client.force_login(factories.customer(other_brand))
    assert client.get(url(articles["customers"])).status_code == 404


def test_an_agent_of_the_brand_reads_internal_articles(client, writer, articles):
    client.force_login(writer)
    assert client.get(url(articles["internal"])).status_code == 200


def test_an_agent_of_another_brand_does_not(client, other_brand, articles):
    client.force_login(factories.agent("agent", brands=[other_brand]))
    assert client.get(url(articles["internal"])).status_code == 404


def test_drafts_are_not_readable_even_by_link(client, brand, writer):
    draft = kb.article(brand, "Brouillon", state="draft")
    client.force_login(writer)
    assert client.get(url(draft)).status_code == 404


def test_home_and_category_list_only_readable_articles(client, customer, articles):
    home = client.get("/help/asclepia/fr/").content.decode()
    assert "Imprimante publique" in home and "clients" not in home and "interne" not in home
    client.force_login(customer)
    category = articles["public"].section.category
    page = client.get(
        f"/help/asclepia/fr/categories/{category.pk}-{category.slug}/"
    ).content.decode()
    assert "Imprimante clients" in page and "Imprimante interne" not in page


def test_search_and_snippets_never_leak_internal_text(client, customer, articles):
    for who in (None, customer):
        if who:
            client.force_login(who)
        for path in ("search/", "search/live/"):
            page = client.get(f"/help/asclepia/fr/{path}?q=imprimante").content.decode()
            assert "Imprimante interne" not in page and "SECRET" not in page
        assert "SECRET" not in client.get("/help/asclepia/fr/search/?q=secret").content.decode()


def test_related_articles_never_include_internal_ones(client, articles):
    page = client.get(url(articles["public"])).content.decode()
    assert "Imprimante interne" not in page and "Imprimante clients" not in page


def test_the_sitemap_lists_public_articles_only(client, articles):
    xml = client.get("/help/asclepia/sitemap.xml").content.decode()
    assert url(articles["public"]) in xml
    assert url(articles["customers"]) not in xml and url(articles["internal"]) not in xml


def test_ticket_form_suggestions_never_include_internal_articles(client, customer, articles):
    client.force_login(customer)
    page = client.get("/help/asclepia/suggest/?subject=imprimante&session=abc").content.decode()
    assert "Imprimante clients" in page
    assert "interne" not in page and "SECRET" not in page


def test_anonymous_suggestions_are_public_only(client, articles):
    page = client.get("/help/asclepia/suggest/?subject=imprimante").content.decode()
    assert "Imprimante publique" in page and "clients" not in page


def test_the_widget_never_shows_internal_or_customer_articles_even_if_a_rule_lists_them(
    client, brand, articles
):
    do_configure_widget(kb.admin(), brand, enabled=True, allowed_origins=[])
    do_save_rule(
        kb.admin(), brand, name="all", context_key="printer", articles=list(articles.values())
    )
    data = client.get("/help/asclepia/widget/context.json?context=printer").json()
    assert [a["title"] for a in data["articles"]] == ["Imprimante publique"]
    results = client.get("/help/asclepia/widget/search.json?q=imprimante").json()["results"]
    assert [r["title"] for r in results] == ["Imprimante publique"]
    assert "SECRET" not in str(results)


def test_a_flow_cannot_end_on_an_internal_article(brand, articles):
    from guichet.core.errors import ActionError
    from guichet.knowledge.actions.flows import do_save_flow

    definition = {
        "start": "a",
        "steps": {"a": {"text": "Lisez", "end": "article", "article": articles["internal"].pk}},
    }
    with pytest.raises(ActionError):
        do_save_flow(kb.admin(), brand, title="F", language="fr", definition=definition)


def test_a_flow_step_whose_article_became_internal_shows_no_link(client, brand, articles):
    from guichet.knowledge.actions.articles import ArticleInput, do_update_article
    from guichet.knowledge.actions.flows import do_save_flow

    flow = do_save_flow(kb.admin(), brand, title="Imprimante", language="fr", state="published",
                        definition={"start": "q", "steps": {
                            "q": {"text": "Vert ?", "options": [{"label": "Oui", "next": "a"}]},
                            "a": {"text": "Lisez", "end": "article",
                                  "article": articles["customers"].pk}}})  # fmt: skip
    do_update_article(kb.admin(), articles["customers"], ArticleInput(visibility="internal"))
    response = client.post(f"/help/asclepia/fr/flows/{flow.pk}-{flow.slug}/start/", {"option": 0})
    page = client.get(response["Location"]).content.decode()
    assert "Imprimante clients" not in page and "Ouvrir une demande" in page
