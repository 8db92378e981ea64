"""Articles from solved tickets, and links between articles and tickets."""

import pytest

from guichet.core.errors import ActionError, NotAllowed
from guichet.core.tests import factories
from guichet.knowledge.actions.tickets import (
    do_create_article_from_ticket,
    do_link_ticket,
    do_unlink_ticket,
    prefill_from_ticket,
)
from guichet.knowledge.models import ArticleTicketLink
from guichet.knowledge.tests import factories as kb
from guichet.tickets.actions import do_change_status, set_tags
from guichet.tickets.message_actions import do_add_note, do_reply

pytestmark = pytest.mark.django_db


@pytest.fixture
def solved(brand, supervisor):
    ticket = factories.ticket(brand, subject="Mon ordonnance ne s'imprime pas",
                              body="Plus rien ne sort de l'imprimante depuis ce matin.")  # fmt: skip
    do_add_note(supervisor, ticket, body="Client pénible, code interne 1234")
    do_reply(supervisor, ticket, body="Sélectionnez l'imprimante dans Paramètres › Impression.")
    do_change_status(supervisor, ticket, "solved")
    ticket.refresh_from_db()
    return ticket


def test_the_prefill_takes_subject_customer_message_and_replies_but_no_note(supervisor, solved):
    data = prefill_from_ticket(supervisor, solved)
    assert data.title == "Mon ordonnance ne s'imprime pas" and data.shape == "symptom"
    assert "> Plus rien ne sort de l'imprimante" in data.body
    assert "Sélectionnez l'imprimante" in data.body
    assert "1234" not in data.body


def test_the_prefill_leaves_the_tickets_tags_behind(supervisor, solved):
    # Ticket tags are agents' words ("vip", "litige"); an article's tags are indexed for search.
    set_tags(solved, ["litige", "client-difficile"])
    assert prefill_from_ticket(supervisor, solved).tags == []


def test_an_article_written_from_a_ticket_is_linked_to_it(brand, supervisor, solved):
    article = do_create_article_from_ticket(supervisor, solved, language="fr",
                                            data=prefill_from_ticket(supervisor, solved))  # fmt: skip
    link = ArticleTicketLink.objects.get()
    assert (link.article, link.ticket, link.created_from) == (article, solved, True)
    assert article.versions.get().note == f"Rédigé à partir du ticket {solved.reference}"


def test_an_open_ticket_cannot_become_an_article(brand, supervisor):
    ticket = factories.ticket(brand)
    with pytest.raises(ActionError):
        do_create_article_from_ticket(supervisor, ticket, language="fr",
                                      data=prefill_from_ticket(supervisor, ticket))  # fmt: skip


def test_link_and_unlink_a_ticket(brand, writer):
    article, ticket = kb.article(brand), factories.ticket(brand)
    do_link_ticket(writer, article, ticket)
    do_link_ticket(writer, article, ticket)  # twice: one link
    assert ArticleTicketLink.objects.count() == 1
    do_unlink_ticket(writer, article, ticket)
    assert not ArticleTicketLink.objects.exists()


def test_a_ticket_of_another_brand_cannot_be_linked(brand, other_brand, writer):
    with pytest.raises((ActionError, NotAllowed)):
        do_link_ticket(writer, kb.article(brand), factories.ticket(other_brand))


def test_the_from_ticket_page_is_prefilled(client, supervisor, solved):
    client.force_login(supervisor)
    page = client.get(f"/agent/kb/new/from-ticket/{solved.pk}/").content.decode()
    assert "Mon ordonnance ne s&#x27;imprime pas" in page and "Symptôme" in page
    response = client.post(f"/agent/kb/new/from-ticket/{solved.pk}/", {
        "title": "Imprimante bloquée", "body": "Texte", "visibility": "public", "shape": "symptom",
        "summary": "", "slug": "", "tags": "", "note": "", "review_by": ""})  # fmt: skip
    assert response.status_code == 302
    assert ArticleTicketLink.objects.get().ticket == solved


def test_the_ticket_page_offers_to_write_an_article_once_solved(client, supervisor, solved):
    client.force_login(supervisor)
    page = client.get(f"/agent/tickets/{solved.pk}/").content.decode()
    assert f"/agent/kb/new/from-ticket/{solved.pk}/" in page
