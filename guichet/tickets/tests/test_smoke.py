import pytest

from guichet.core.tests import factories
from guichet.tickets.message_actions import do_reply


@pytest.mark.django_db
def test_created_ticket_gets_brand_reference_and_first_message():
    brand = factories.brand(ticket_prefix="TEL")
    first = factories.ticket(brand)
    second = factories.ticket(brand)
    assert (first.reference, second.reference) == ("TEL-1", "TEL-2")
    assert first.messages.get().kind == "customer"


@pytest.mark.django_db
def test_first_public_reply_opens_new_ticket_and_stamps_first_reply():
    brand = factories.brand()
    agent = factories.agent()
    ticket = factories.ticket(brand)
    do_reply(agent, ticket, body="Bonjour, avez-vous redémarré ?")
    ticket.refresh_from_db()
    assert ticket.status == "open"
    assert ticket.first_reply_at is not None
