"""Customers through the API: their organisation's world only, and never internal notes."""

from __future__ import annotations

import pytest

from guichet.core.tests import factories
from guichet.tickets.message_actions import do_add_note, do_reply

pytestmark = pytest.mark.django_db


@pytest.fixture
def ticket_b(brand, customer_b, agent):
    ticket = factories.ticket(brand, customer_b.contact)
    do_reply(agent, ticket, body="See file", attachments=[("b.txt", b"secret of B")])
    return ticket


def test_customer_of_org_a_gets_404_on_org_b_ticket(api, customer_a, ticket_b):
    client = api(customer_a)
    assert client.get(f"/api/v1/tickets/{ticket_b.pk}").status_code == 404
    assert client.get(f"/api/v1/tickets/{ticket_b.pk}/messages").status_code == 404
    write = client.post(f"/api/v1/tickets/{ticket_b.pk}/messages", {"body": "hello"})
    assert write.status_code == 404


def test_customer_of_org_a_gets_404_on_org_b_attachments(api, customer_a, ticket_b):
    attachment = ticket_b.messages.get(kind="reply").attachments.get()
    client = api(customer_a)
    assert client.get(f"/api/v1/attachments/{attachment.pk}").status_code == 404
    assert client.get(f"/api/v1/attachments/{attachment.pk}/download").status_code == 404


def test_customer_of_org_a_gets_404_on_org_b_contacts_and_org(api, customer_a, customer_b):
    client = api(customer_a)
    assert client.get(f"/api/v1/contacts/{customer_b.contact.pk}").status_code == 404
    org_b = customer_b.contact.organisation_id
    assert client.get(f"/api/v1/organisations/{org_b}").status_code == 404
    listed = [c["id"] for c in client.get("/api/v1/contacts").json()["results"]]
    assert listed == [customer_a.contact.pk]


def test_customer_lists_only_their_tickets(api, brand, customer_a, ticket_b):
    mine = factories.ticket(brand, customer_a.contact)
    results = api(customer_a).get("/api/v1/tickets").json()["results"]
    assert [t["id"] for t in results] == [mine.pk]


def test_org_admin_sees_the_tickets_of_their_organisation(api, brand, org_a, customer_a):
    colleague = factories.contact(brand, org_a)
    theirs = factories.ticket(brand, colleague)
    boss = factories.customer(brand, org_a, is_org_admin=True)
    results = api(boss).get("/api/v1/tickets").json()["results"]
    assert [t["id"] for t in results] == [theirs.pk]


def test_customers_never_read_internal_fields(api, brand, customer_a):
    ticket = factories.ticket(brand, customer_a.contact, tags=["angry"])
    body = api(customer_a).get(f"/api/v1/tickets/{ticket.pk}").json()
    assert not {"tags", "assignee", "team", "tier", "time_spent_seconds"} & set(body)


def test_customers_never_get_attachments_of_internal_notes(api, brand, agent, customer_a):
    ticket = factories.ticket(brand, customer_a.contact)
    note = do_add_note(agent, ticket, body="log", attachments=[("internal.txt", b"private")])
    attachment = note.attachments.get()
    client = api(customer_a)
    assert client.get(f"/api/v1/attachments/{attachment.pk}/download").status_code == 404
    assert client.get(f"/api/v1/attachments/{attachment.pk}").status_code == 404
    assert api(agent).get(f"/api/v1/attachments/{attachment.pk}/download").status_code == 200


def test_customers_cannot_list_agents_or_teams(api, customer_a):
    client = api(customer_a)
    assert client.get("/api/v1/agents").status_code == 403
    assert client.get("/api/v1/teams").status_code == 403
