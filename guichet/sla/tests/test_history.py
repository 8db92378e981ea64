"""Each clock keeps its full history (due times, pauses, warnings, breaches, met or late by how
much) and shows it in the workspace and the API; escalations are listed on the ticket and
their rates on a report page."""

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from guichet.api.token_actions import do_create_api_token
from guichet.core.tests import factories
from guichet.jobs.tests.support import drain
from guichet.sla.countdown import history_lines
from guichet.sla.sweep import sweep
from guichet.sla.tests.support import paris, policy, ticket_at, utc
from guichet.tickets.actions import do_escalate_ticket, do_update_ticket
from guichet.tickets.message_actions import do_reply

pytestmark = pytest.mark.django_db

MONDAY_10 = paris(2025, 3, 3, 10, 0)


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def api_client(user):
    _token, raw = do_create_api_token(None, owner=user, name="t", scopes=["read"])
    client = Client()
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {raw}"
    return client


@pytest.fixture
def late_ticket(brand, agent):
    """First reply: paused 10:30-11:00, warned, breached, answered 30 min late."""
    policy(brand)
    ticket = ticket_at(MONDAY_10, brand)
    with time_machine.travel(paris(2025, 3, 3, 10, 30), tick=False):
        do_update_ticket(agent, ticket, status="on_hold")
    with time_machine.travel(paris(2025, 3, 3, 11, 0), tick=False):
        do_update_ticket(agent, ticket, status="open")
    for hour in (15, 16):  # warning at 15:30, breach at 16:30
        with time_machine.travel(paris(2025, 3, 3, hour, 30), tick=False):
            sweep()
            drain()
    with time_machine.travel(paris(2025, 3, 3, 17, 0), tick=False):
        do_reply(agent, ticket, body="Voilà")
    return ticket


def test_api_gives_each_clock_its_history_with_pauses_and_margin(late_ticket, agent):
    body = api_client(agent).get(f"/api/v1/sla/tickets/{late_ticket.pk}").json()

    first = next(c for c in body["clocks"] if c["metric"] == "first_reply")
    assert first["outcome"] == "breached" and first["margin_minutes"] == -30
    assert first["pauses"] == [["2025-03-03T09:30:00+00:00", "2025-03-03T10:00:00+00:00"]]
    assert [(h["what"], h["at"]) for h in first["history"]] == [
        ("started", "2025-03-03T10:00:00+01:00"),
        ("paused", "2025-03-03T10:30:00+01:00"),
        ("resumed", "2025-03-03T11:00:00+01:00"),
        ("warning_fired", "2025-03-03T15:30:00+01:00"),
        ("breach_fired", "2025-03-03T16:30:00+01:00"),
        ("breached", "2025-03-03T17:00:00+01:00"),
    ]
    assert first["history"][0]["due_at"] == "2025-03-03T16:00:00+01:00"
    assert first["history"][1]["due_at"] is None  # held while paused
    assert first["history"][2]["due_at"] == "2025-03-03T16:30:00+01:00"
    assert first["history"][-1]["margin_minutes"] == -30


def test_ticket_card_shows_each_clocks_history(late_ticket, agent):
    response = client_for(agent).get(reverse("sla:ticket_clocks", args=[late_ticket.pk]))

    html = response.content.decode()
    assert "Historique" in html
    assert "mise en pause" in html and "échéance suspendue" in html
    assert "respectée en retard, 30 min de retard" in html


def test_history_lines_read_margins_and_held_due_times():
    lines = history_lines(
        [
            {"at": "2025-03-03T09:00:00+00:00", "what": "started", "due_at": "2025-03-03T15:00:00+00:00"},
            {"at": "2025-03-03T09:30:00+00:00", "what": "paused", "due_at": None},
            {"at": "2025-03-03T11:00:00+00:00", "what": "met", "margin_minutes": 95},
        ]
    )  # fmt: skip

    assert [line.text for line in lines] == [
        "démarrée",
        "mise en pause",
        "respectée, 1 h 35 d'avance",
    ]
    assert lines[0].due_at == utc(2025, 3, 3, 15, 0) and not lines[0].holds_due
    assert lines[1].holds_due


def test_escalations_are_listed_on_the_ticket_card_and_in_the_api(brand, agent):
    factories.team(2, brand)
    ticket = ticket_at(MONDAY_10, brand)
    with time_machine.travel(paris(2025, 3, 3, 11, 0), tick=False):
        do_escalate_ticket(agent, ticket, tier=2, reason="Panne réseau")

    html = client_for(agent).get(reverse("sla:ticket_clocks", args=[ticket.pk])).content.decode()
    body = api_client(agent).get(f"/api/v1/sla/tickets/{ticket.pk}").json()

    assert "N1 → N2" in html and "Panne réseau" in html
    assert body["escalations"] == [
        {"from_tier": 1, "to_tier": 2, "reason": "Panne réseau", "automatic": False,
         "actor": agent.username, "rule": None, "created_at": "2025-03-03T11:00:00+01:00"}
    ]  # fmt: skip


def test_escalation_rate_report_page_shows_the_three_steps(brand, agent):
    factories.team(2, brand)
    ticket = ticket_at(MONDAY_10, brand)
    ticket_at(MONDAY_10, brand)
    do_escalate_ticket(agent, ticket, tier=2, reason="a")

    with time_machine.travel(paris(2025, 3, 10, 10, 0), tick=False):
        response = client_for(agent).get(reverse("sla:escalation_report"), {"days": "30"})

    html = response.content.decode()
    assert response.status_code == 200
    assert (
        '<tr data-step="N1 → N2"><th scope="row">N1 → N2</th><td>2</td><td>1</td><td>50 %' in html
    )
    assert "N3 → N4" in html


def test_escalation_rates_of_a_restricted_agent_cover_only_their_brands(brand):
    other = factories.brand()
    factories.team(2, other)
    escalated = ticket_at(MONDAY_10, other)
    do_escalate_ticket(factories.agent("admin"), escalated, tier=2, reason="a")
    ticket_at(MONDAY_10, brand)
    restricted = factories.agent("agent", brands=[brand])

    rates = api_client(restricted).get("/api/v1/sla/escalation-rates").json()

    assert rates["n1_n2"] == {"reached": 1, "escalated": 0, "rate": 0.0}


def test_customers_cannot_open_the_escalation_report(brand):
    customer = factories.customer(brand)

    response = client_for(customer).get(reverse("sla:escalation_report"))

    assert response.status_code in (302, 403, 404)


def test_notifications_page_names_the_sla_kinds(brand, agent):
    from guichet.notifications.actions import do_notify

    ticket = ticket_at(MONDAY_10, brand)
    do_notify(agent, "sla_breached", "B1 : SLA dépassé", ticket=ticket, email=False)
    do_notify(agent, "paged", "Astreinte : B1", ticket=ticket, email=False)

    html = client_for(agent).get(reverse("workspace:notifications")).content.decode()

    assert '<span class="badge">SLA dépassé</span>' in html
    assert '<span class="badge">Appel d&#x27;astreinte</span>' in html
