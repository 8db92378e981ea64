"""/tickets/{id}/assignments: a ticket's routing log with its reasons, for agents only."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from guichet.core.tests import factories
from guichet.routing.actions import do_route_ticket
from guichet.routing.models import Assignment, RoutingRule
from guichet.routing.tests import builders
from guichet.tickets.actions import do_assign_ticket

pytestmark = pytest.mark.django_db

START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def ticket(brand, customer_a):
    return factories.ticket(brand, customer_a.contact, language="fr",
                            subject="My printer does not work",
                            body="Hello, since this morning the printer prints nothing.")  # fmt: skip


def url(ticket):
    return f"/api/v1/tickets/{ticket.pk}/assignments"


def test_assignments_say_who_got_the_ticket_and_why_newest_first(api, brand, agent, ticket):
    # given a ticket routed by a rule (priority raised, language detected), then reassigned
    team = builders.team(brand)
    alice = builders.agent(team)
    rule = RoutingRule.objects.create(brand=brand, name="VIP → N2", set_team=team)
    predictions = {"priority": ("urgent", 0.83), "language": ("en", 0.97)}
    with time_machine.travel(START, tick=False):
        do_route_ticket(ticket.pk, predictions=predictions)
    supervisor = factories.agent("supervisor")
    supervisor.first_name, supervisor.last_name = "Sam", "Chef"
    supervisor.save()
    with time_machine.travel(START + dt.timedelta(minutes=5), tick=False):
        do_assign_ticket(supervisor, ticket, assignee=agent)
    # when an agent reads the log
    response = api(agent).get(url(ticket))
    # then the manual change comes first, and the rule's placement says what it raised
    assert response.status_code == 200, response.content
    manual, routed = response.json()["results"]
    assert (manual["reason"], manual["actor"], manual["actor_name"]) == (
        "manual", supervisor.pk, "Sam Chef")  # fmt: skip
    assert manual["to_assignee"] == agent.pk
    assert routed["reason"] == "rule" and routed["reason_label"] == "Règle de routage"
    assert (routed["rule"], routed["rule_name"]) == (rule.pk, "VIP → N2")
    assert (routed["to_team"], routed["to_team_name"], routed["from_team"]) == (
        team.pk, team.name, None)  # fmt: skip
    assert routed["to_assignee"] == alice.pk
    assert routed["raised"]["priority"] == {"from": "normal", "to": "urgent", "confidence": 0.83}
    assert routed["language"] == {"from": "fr", "to": "en", "confidence": 0.97}
    assert routed["model"] is None and routed["automation"] is None
    assert "Règle : VIP → N2" in routed["explanation"]
    assert routed["created_at"] < manual["created_at"]


def test_a_model_placement_names_the_category_and_confidence(api, brand, agent, ticket):
    team = builders.team(brand)
    builders.agent(team)
    category = factories.category(brand, name="Facturation", default_team=team)
    do_route_ticket(ticket.pk, predictions={"category": (str(category.pk), 0.834)})
    [row] = api(agent).get(url(ticket)).json()["results"]
    assert row["reason"] == "model"
    assert row["model"] == {"category": category.pk, "category_name": "Facturation",
                            "confidence": 0.834}  # fmt: skip
    assert "Modèle : Facturation, confiance 83 %" in row["explanation"]


def test_same_instant_assignments_come_newest_id_first(api, brand, agent, ticket):
    with time_machine.travel(START, tick=False):
        first = Assignment.objects.create(ticket=ticket, brand=brand, reason="manual",
                                          created_at=START)  # fmt: skip
        second = Assignment.objects.create(ticket=ticket, brand=brand, reason="system",
                                           created_at=START)  # fmt: skip
    rows = api(agent).get(url(ticket)).json()["results"]
    assert [row["id"] for row in rows] == [second.pk, first.pk]


def test_a_ticket_never_routed_has_an_empty_log(api, agent, ticket):
    assert api(agent).get(url(ticket)).json()["results"] == []


def test_customers_get_403_even_on_their_own_ticket(api, customer_a, ticket):
    assert api(customer_a).get(url(ticket)).status_code == 403


def test_customers_get_403_on_other_tickets_too(api, brand, customer_b, ticket):
    assert api(customer_b).get(url(ticket)).status_code == 403


def test_an_agent_of_another_brand_gets_404(api, ticket):
    other = factories.brand(ticket_prefix="OTHR")
    outsider = factories.agent("agent", brands=[other])
    assert api(outsider).get(url(ticket)).status_code == 404


def test_a_token_without_the_read_scope_gets_403(api, agent, ticket):
    response = api(agent, scopes=("write",)).get(url(ticket))
    assert response.status_code == 403
    assert "read" in response.json()["error"]["message"]


def test_reading_the_log_takes_a_fixed_number_of_queries(
    api, brand, agent, ticket, django_assert_max_num_queries
):
    team = builders.team(brand)
    builders.agent(team)
    for name in ("one", "two", "three"):
        rule = RoutingRule.objects.create(brand=brand, name=name, set_team=team)
        Assignment.objects.create(ticket=ticket, brand=brand, reason="rule", rule=rule,
                                  to_team=team, actor=agent, created_at=START)  # fmt: skip
    client = api(agent)
    # token and throttle (8), the agent's brands, the ticket and its tags, the log: none per row
    with django_assert_max_num_queries(12):
        assert len(client.get(url(ticket)).json()["results"]) == 3


def test_the_openapi_document_lists_the_endpoint(client):
    document = client.get("/api/v1/openapi.json").json()
    operation = document["paths"]["/api/v1/tickets/{id}/assignments"]["get"]
    schema = document["components"]["schemas"]["Assignment"]
    assert operation["summary"].startswith("List a ticket's assignments")
    assert {"reason", "rule_name", "model", "raised", "language", "explanation"} <= set(
        schema["properties"]
    )
