"""Configuring routing through its actions: permissions, validation, availability."""

import datetime as dt

import pytest

from guichet.core.errors import ActionError, NotAllowed
from guichet.core.tests import factories
from guichet.people.models import Agent
from guichet.routing import admin_actions
from guichet.routing.actions import do_drain_team, do_route_ticket
from guichet.routing.models import AgentRoutingProfile, RoutingRule
from guichet.routing.tests import builders

pytestmark = pytest.mark.django_db


@pytest.fixture
def woken(monkeypatch):
    teams = []
    monkeypatch.setattr(admin_actions, "_wake", teams.append)
    return teams


def test_an_agent_may_not_save_rules(brand):
    with pytest.raises(NotAllowed):
        admin_actions.do_save_rule(factories.agent("agent"), None, brand=brand, name="x",
                                   set_priority="high")  # fmt: skip


def test_a_supervisor_of_one_brand_may_not_write_rules_for_another(brand):
    supervisor = factories.agent("supervisor", brands=[brand])
    with pytest.raises(NotAllowed):
        admin_actions.do_save_rule(supervisor, None, brand=factories.brand(), name="x",
                                   set_priority="high")  # fmt: skip


def test_rule_values_are_checked(brand):
    admin = factories.agent("admin")
    with pytest.raises(ActionError) as error:
        admin_actions.do_save_rule(admin, None, brand=brand, name="x", channels=["fax"],
                                   set_priority="high")  # fmt: skip
    assert error.value.field == "channels"
    with pytest.raises(ActionError) as error:
        admin_actions.do_save_rule(admin, None, brand=brand, name="x",
                                   categories=[factories.category(factories.brand())],
                                   set_priority="high")  # fmt: skip
    assert error.value.field == "categories"
    assert not RoutingRule.objects.exists()


def test_an_agent_sets_their_own_availability_and_coming_online_wakes_their_teams(brand, woken):
    team = builders.team(brand)
    person = builders.agent(team, availability="away")
    admin_actions.do_set_availability(person, person.agent, "online")
    assert Agent.objects.get(user=person).availability == "online"
    assert woken == [team.pk]


def test_an_agent_may_not_set_a_colleagues_availability(brand):
    colleague = factories.agent("agent")
    with pytest.raises(NotAllowed):
        admin_actions.do_set_availability(factories.agent("agent"), colleague.agent, "offline")


def test_a_supervisor_may_set_anyones_availability(brand, woken):
    colleague = factories.agent("agent")
    admin_actions.do_set_availability(factories.agent("supervisor"), colleague.agent, "ooo",
                                      out_of_office_until=dt.date(2026, 12, 31))  # fmt: skip
    profile = AgentRoutingProfile.objects.get(agent=colleague.agent)
    assert (colleague.agent.availability, profile.out_of_office_until) == (
        "ooo",
        dt.date(2026, 12, 31),
    )


def test_coming_back_online_serves_the_waiting_ticket(brand, woken):
    # given a ticket waiting because its team's only agent is away
    team = builders.team(brand)
    person = builders.agent(team, availability="away")
    RoutingRule.objects.create(brand=brand, name="Tout", set_team=team)
    ticket = factories.ticket(brand)
    assert do_route_ticket(ticket.pk, predictions={}).queued
    # when the agent comes back, and the drain job the action scheduled runs
    admin_actions.do_set_availability(person, person.agent, "online")
    assert do_drain_team(woken[0]) == 1
    ticket.refresh_from_db()
    assert ticket.assignee_id == person.pk


def test_team_strategy_is_checked(brand):
    with pytest.raises(ActionError):
        admin_actions.do_save_team_routing(factories.agent("admin"), factories.team(brand_=brand),
                                           strategy="lottery")  # fmt: skip


def save_profile(actor, agent, **values):
    values = {"tier": 1, "languages": [], "skills": [], "capacity": 20, **values}
    return admin_actions.do_save_agent_profile(actor, agent, **values)


def test_the_routing_page_writes_skills_and_capacity_on_the_agent(brand, woken):
    # given a category of the agent's brand
    factories.category(brand, slug="billing")
    person = factories.agent("agent", brands=[brand])
    # when a supervisor saves their skills, capacity and chat limit
    save_profile(factories.agent("supervisor"), person.agent, skills=["Billing"], capacity=7,
                 max_chats=1)  # fmt: skip
    # then skills and capacity are the agent's own fields, the ones the API shows
    agent = Agent.objects.get(user=person)
    assert (agent.skills, agent.capacity) == (["billing"], 7)
    assert AgentRoutingProfile.objects.get(agent=agent).max_chats == 1


def test_a_skill_must_be_a_category_slug_of_the_agents_brands(brand, woken):
    factories.category(factories.brand(), slug="elsewhere")
    person = factories.agent("agent", brands=[brand])
    for skills in (["management"], ["elsewhere"]):
        with pytest.raises(ActionError) as error:
            save_profile(factories.agent("admin"), person.agent, skills=skills)
        assert error.value.field == "skills"
    assert Agent.objects.get(user=person).skills == []


def test_capacity_is_checked(brand, woken):
    person = factories.agent("agent")
    with pytest.raises(ActionError) as error:
        save_profile(factories.agent("admin"), person.agent, capacity=-1)
    assert error.value.field == "capacity"


def test_a_supervisor_of_one_brand_may_not_write_rules_for_every_brand(brand):
    supervisor = factories.agent("supervisor", brands=[brand])
    with pytest.raises(NotAllowed):
        admin_actions.do_save_rule(supervisor, None, brand=None, name="x", set_priority="high")
    rule = admin_actions.do_save_rule(supervisor, None, brand=brand, name="x", set_priority="high")
    assert rule.brand == brand


def test_labels_are_french_by_default_and_english_on_request():
    from django.utils import translation

    from guichet.routing.models import Strategy

    with translation.override("fr"):
        assert str(Strategy.ROUND_ROBIN.label) == "Tour de rôle"
    with translation.override("en"):
        assert str(Strategy.ROUND_ROBIN.label) == "Round robin"


@pytest.mark.parametrize("before", ["online", "away"])
def test_signing_out_sets_the_agent_offline(brand, client, before):
    # given a signed-in agent who is online (or away)
    person = builders.agent(builders.team(brand), availability=before)
    client.force_login(person)
    # when they sign out
    client.post("/accounts/logout/")
    # then routing sees them offline, and the change is audited like any other
    person.agent.refresh_from_db()
    assert person.agent.availability == "offline"
    from guichet.audit.models import Event

    assert Event.objects.filter(verb="availability_changed", actor=person).exists()


def test_signing_out_keeps_an_absence(brand, client):
    person = builders.agent(builders.team(brand), availability="ooo")
    client.force_login(person)
    client.post("/accounts/logout/")
    person.agent.refresh_from_db()
    assert person.agent.availability == "ooo"
