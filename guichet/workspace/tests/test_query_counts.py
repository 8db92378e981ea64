"""The hot pages cost a fixed number of queries, whatever the number of rows they show."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from guichet.core.tests import factories
from guichet.tickets.actions import do_update_ticket
from guichet.tickets.message_actions import do_add_customer_message, do_add_note, do_reply


@pytest.fixture
def admin(brand):
    return factories.agent("admin")


def count_queries(client, url, params=None):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(queries)


def add_tickets(brand, admin, agent, n):
    team = factories.team(1, brand)
    organisation = factories.organisation(brand)
    for i in range(n):
        requester = factories.contact(brand, organisation if i % 2 else None)
        ticket = factories.ticket(brand, requester, actor=admin, tags=["fibre", f"t{i % 3}"])
        do_update_ticket(admin, ticket, assignee=agent if i % 2 else admin, team=team)


@pytest.mark.parametrize("sort", ["-created", "-priority"])
def test_queue_page_queries_do_not_grow_with_tickets(brand, admin, agent, agent_client, sort):
    url = reverse("workspace:queue")
    params = {"queue": "all", "sort": sort}
    add_tickets(brand, admin, agent, 5)
    few = count_queries(agent_client, url, params)
    add_tickets(brand, admin, agent, 35)
    many = count_queries(agent_client, url, params)
    assert few == many
    assert many <= 18


def add_conversation(ticket, admin, agent, n):
    for i in range(n):
        if i % 3 == 0:
            do_add_customer_message(admin, ticket, body=f"Client {i}", channel="email")
        elif i % 3 == 1:
            do_reply(agent, ticket, body=f"Réponse {i}")
        else:
            do_add_note(agent, ticket, body=f"Note {i} @{admin.username}")
        do_update_ticket(admin, ticket, priority=["high", "normal"][i % 2], assignee=agent)


def test_ticket_page_queries_do_not_grow_with_messages(brand, admin, agent, agent_client):
    ticket = factories.ticket(brand, actor=admin)
    for _ in range(3):
        factories.ticket(brand, ticket.requester, actor=admin)
    url = reverse("workspace:ticket", args=[ticket.pk])
    add_conversation(ticket, admin, agent, 5)
    few = count_queries(agent_client, url)
    add_conversation(ticket, admin, agent, 35)
    many = count_queries(agent_client, url)
    assert few == many
    assert many <= 24
