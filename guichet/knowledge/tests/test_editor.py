"""The agents' editor and settings pages: who may open them, and what they do."""

import pytest

from guichet.core.tests import factories
from guichet.knowledge.models import Article, Category, Section, State
from guichet.knowledge.tests import factories as kb

pytestmark = pytest.mark.django_db


def form(**overrides):
    data = {"title": "Réinitialiser le mot de passe", "slug": "", "summary": "", "body": "1. Cliquez.",
            "section": "", "visibility": "public", "shape": "task", "review_by": "", "tags": "",
            "note": ""}  # fmt: skip
    return {**data, **overrides}


def test_customers_get_403_and_anonymous_visitors_the_login_page(client, brand, customer):
    assert client.get("/agent/kb/")["Location"].startswith("/accounts/login/")
    client.force_login(customer)
    assert client.get("/agent/kb/").status_code == 403


def test_an_agent_creates_a_draft_from_a_template(client, brand, writer):
    client.force_login(writer)
    chooser = client.get(f"/agent/kb/new/?brand={brand.pk}&language=fr&shape=symptom")
    assert "## Symptôme" in chooser.content.decode()
    response = client.post(f"/agent/kb/new/?brand={brand.pk}&language=fr&shape=task",
                           form(tags="mot-de-passe, connexion"))  # fmt: skip
    article = Article.objects.get()
    assert response["Location"] == f"/agent/kb/articles/{article.pk}/"
    assert (article.state, article.owner, article.shape) == (State.DRAFT, writer, "task")


def test_the_list_shows_the_agents_brands_only(client, brand, other_brand):
    kb.article(brand, "Chez Asclépia")
    kb.article(other_brand, "Chez Telvia")
    client.force_login(factories.agent("agent", brands=[brand]))
    page = client.get("/agent/kb/").content.decode()
    assert "Chez Asclépia" in page and "Chez Telvia" not in page


def test_the_list_searches_titles_and_bodies(client, brand, writer):
    kb.article(brand, "Imprimante", "bac des ordonnances")
    kb.article(brand, "Facture", "montant")
    client.force_login(writer)
    page = client.get("/agent/kb/?q=ordonances").content.decode()  # typo and body word
    assert "Imprimante" in page and "Facture" not in page


def test_an_agent_of_another_brand_gets_a_404_on_the_article(client, brand, other_brand):
    article = kb.article(brand)
    client.force_login(factories.agent("agent", brands=[other_brand]))
    assert client.get(f"/agent/kb/articles/{article.pk}/").status_code == 404


def test_buttons_follow_permissions(client, brand, writer, supervisor):
    article = kb.article(brand, state="review")
    client.force_login(writer)
    page = client.get(f"/agent/kb/articles/{article.pk}/").content.decode()
    assert 'value="publish"' not in page
    assert client.post(f"/agent/kb/articles/{article.pk}/transition/",
                       {"action": "publish"}).status_code == 403  # fmt: skip
    client.force_login(supervisor)
    assert 'value="publish"' in client.get(f"/agent/kb/articles/{article.pk}/").content.decode()
    client.post(f"/agent/kb/articles/{article.pk}/transition/", {"action": "publish"})
    article.refresh_from_db()
    assert article.state == State.PUBLISHED


def test_the_preview_is_sanitised(client, writer):
    client.force_login(writer)
    page = client.post(
        "/agent/kb/preview/", {"body": "# Titre\n<script>x()</script>"}
    ).content.decode()
    assert "<h1>Titre</h1>" in page and "<script>" not in page


def test_translate_button_opens_the_new_draft(client, brand, supervisor):
    article = kb.article(brand)
    client.force_login(supervisor)
    response = client.post(f"/agent/kb/articles/{article.pk}/translate/", {"language": "en"})
    english = Article.objects.get(language="en")
    assert response["Location"] == f"/agent/kb/articles/{english.pk}/edit/"


def test_link_a_ticket_by_reference(client, brand, writer):
    article, ticket = kb.article(brand), factories.ticket(brand)
    client.force_login(writer)
    client.post(
        f"/agent/kb/articles/{article.pk}/tickets/", {"reference": ticket.reference.lower()}
    )
    assert article.ticket_links.get().ticket == ticket


def test_supervisors_manage_categories_and_agents_may_not(client, brand, writer, supervisor):
    client.force_login(writer)
    assert client.get(f"/agent/kb/categories/?brand={brand.pk}").status_code == 403
    client.force_login(supervisor)
    client.post("/agent/kb/categories/", {"brand": brand.pk, "kind": "category",
                                          "cat-name": "Impression", "cat-name_en": "Printing"})  # fmt: skip
    category = Category.objects.get()
    client.post("/agent/kb/categories/", {"brand": brand.pk, "kind": "section",
                                          "sec-category": category.pk, "sec-name": "Pilotes"})  # fmt: skip
    assert category.translations == {"en": {"name": "Printing"}}
    assert Section.objects.get().category == category


def test_the_workspace_menu_links_to_the_knowledge_base(client, writer):
    client.force_login(writer)
    assert 'href="/agent/kb/"' in client.get("/agent/").content.decode()
