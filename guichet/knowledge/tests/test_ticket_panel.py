"""The knowledge panel of the agent's ticket page: linked articles, search, link and unlink."""

import pytest

from guichet.audit.models import Event
from guichet.core.tests import factories
from guichet.knowledge import permissions
from guichet.knowledge.actions.tickets import do_link_ticket
from guichet.knowledge.models import ArticleTicketLink
from guichet.knowledge.tests import factories as kb

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def ticket(brand):
    return factories.ticket(brand, subject="Imprimante bloquée")


@pytest.fixture
def printer(brand):
    return kb.article(brand, "Débloquer l'imprimante", "Ouvrez le bac et retirez la feuille.")


def panel_url(ticket, rest=""):
    return f"/agent/kb/tickets/{ticket.pk}/articles/{rest}"


def test_the_ticket_page_loads_the_articles_panel(client, writer, ticket):
    client.force_login(writer)
    page = client.get(f"/agent/tickets/{ticket.pk}/").content.decode()
    assert f'hx-get="{panel_url(ticket)}"' in page


def test_the_panel_lists_the_articles_linked_to_the_ticket(client, brand, writer, ticket, printer):
    other = kb.article(brand, "Changer le toner", "Ouvrez le capot.")
    do_link_ticket(kb.admin(), printer, ticket)
    do_link_ticket(kb.admin(), printer, factories.ticket(brand))
    do_link_ticket(kb.admin(), other, factories.ticket(brand))
    client.force_login(writer)
    page = client.get(panel_url(ticket)).content.decode()
    assert page.count(f'data-article="{printer.pk}"') == 1 and other.title not in page
    assert f'action="{panel_url(ticket, f"{printer.pk}/unlink/")}"' in page


def test_an_agent_finds_an_article_as_an_agent_and_links_it(client, brand, writer, ticket, printer):
    internal = kb.article(brand, "Imprimante : procédure interne", "Redémarrer le spouleur.",
                          visibility="internal")  # fmt: skip
    client.force_login(writer)
    results = client.get(panel_url(ticket, "search/"), {"q": "imprimante"}, **HTMX)
    html = results.content.decode()
    assert f'value="{printer.pk}"' in html and f'value="{internal.pk}"' in html
    response = client.post(panel_url(ticket, "link/"), {"article": printer.pk}, **HTMX)
    assert response.status_code == 200 and 'id="kb-ticket-articles"' in response.content.decode()
    assert "Article lié" in response.content.decode()
    link = ArticleTicketLink.objects.get()
    assert (link.article, link.ticket, link.linked_by) == (printer, ticket, writer)
    assert Event.objects.filter(verb="kb_article_linked").exists()
    again = client.get(panel_url(ticket, "search/"), {"q": "imprimante"}, **HTMX).content.decode()
    assert "Déjà lié" in again


def test_an_agent_unlinks_an_article_from_the_ticket(client, writer, ticket, printer):
    do_link_ticket(kb.admin(), printer, ticket)
    client.force_login(writer)
    response = client.post(panel_url(ticket, f"{printer.pk}/unlink/"))
    assert response["Location"] == f"/agent/tickets/{ticket.pk}/"
    assert not ArticleTicketLink.objects.exists()
    assert Event.objects.filter(verb="kb_article_unlinked").exists()


def test_a_draft_or_another_brands_article_cannot_be_linked(
    client, brand, other_brand, writer, ticket
):
    draft = kb.article(brand, "Brouillon imprimante", state="draft")
    elsewhere = kb.article(other_brand, "Imprimante Telvia")
    client.force_login(writer)
    for article in (draft, elsewhere):
        assert client.post(panel_url(ticket, "link/"), {"article": article.pk}).status_code == 404
    assert not ArticleTicketLink.objects.exists()


def test_an_agent_of_another_brand_sees_no_panel_and_links_nothing(
    client, brand, other_brand, ticket, printer
):
    outsider = factories.agent("agent", brands=[other_brand])
    client.force_login(outsider)
    assert client.get(panel_url(ticket)).status_code == 404
    assert client.get(panel_url(ticket, "search/"), {"q": "imprimante"}).status_code == 404
    assert client.post(panel_url(ticket, "link/"), {"article": printer.pk}).status_code == 404
    assert not ArticleTicketLink.objects.exists()


def test_a_role_without_kb_write_sees_the_links_but_cannot_link(
    client, monkeypatch, writer, ticket, printer
):
    monkeypatch.setitem(permissions.KB_PERMISSIONS, "kb.write", {"admin"})
    client.force_login(writer)
    assert 'name="q"' not in client.get(panel_url(ticket)).content.decode()
    response = client.post(panel_url(ticket, "link/"), {"article": printer.pk}, **HTMX)
    assert "kb.write" in response.content.decode()
    assert not ArticleTicketLink.objects.exists()


def test_the_panel_speaks_english(client, writer, ticket):
    client.force_login(writer)
    page = client.get(panel_url(ticket), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Articles linked to this ticket" in page and "Link an article" in page


def test_insert_offers_the_public_link_of_hits_a_customer_may_read(
    client, brand, writer, ticket, printer
):
    # given a public, a customers-only and an internal article about the printer
    members = kb.article(brand, "Imprimante : garantie", "Réservé aux clients.",
                         visibility="customers")  # fmt: skip
    internal = kb.article(brand, "Imprimante : procédure interne", "Redémarrer le spouleur.",
                          visibility="internal")  # fmt: skip
    client.force_login(writer)
    # when an agent searches from the ticket page
    html = client.get(panel_url(ticket, "search/"), {"q": "imprimante"}, **HTMX).content.decode()
    # then the first two carry their absolute help-centre URL, the internal one no button
    help_centre = 'data-kb-insert-url="http://testserver/help/asclepia/fr/articles/'
    for article in (printer, members):
        assert f"{help_centre}{article.pk}-" in html
    assert f"/articles/{internal.pk}-" not in html and f'value="{internal.pk}"' in html
    assert html.count("data-kb-insert-url=") == 2


def test_insert_is_offered_on_published_linked_articles_only(
    client, brand, writer, ticket, printer
):
    internal = kb.article(brand, "Procédure interne", "Texte.", visibility="internal")
    draft = kb.article(brand, "Brouillon imprimante", state="draft")
    for article in (printer, internal, draft):
        do_link_ticket(kb.admin(), article, ticket)
    client.force_login(writer)
    page = client.get(panel_url(ticket)).content.decode()
    assert page.count("data-kb-insert-url=") == 1
    assert f"/help/asclepia/fr/articles/{printer.pk}-" in page
    assert "knowledge/ticket_insert" in page


def test_insert_button_escapes_the_title(client, brand, writer, ticket):
    article = kb.article(brand, 'Imprimante "<b>rapide</b>"', "Texte sur l'imprimante.")
    do_link_ticket(kb.admin(), article, ticket)
    client.force_login(writer)
    page = client.get(panel_url(ticket)).content.decode()
    assert 'data-kb-insert-title="Imprimante &quot;&lt;b&gt;rapide&lt;/b&gt;&quot;"' in page
