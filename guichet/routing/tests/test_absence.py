"""An agent who goes out of office hands their unstarted tickets back to the queues."""

import datetime as dt

import pytest
from django.utils import timezone

from guichet.core.tests import factories
from guichet.routing import admin_actions
from guichet.routing.actions import do_route_ticket, do_take_back_absentees, take_back_for_absence
from guichet.routing.models import AgentRoutingProfile, Assignment, RoutingRule
from guichet.routing.tests import builders
from guichet.tickets.actions import do_assign_ticket
from guichet.tickets.message_actions import do_reply

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk(brand):
    """Alice holds two routed tickets and has answered one of them; Bob is online with room."""
    team = builders.team(brand, "round_robin")
    alice = builders.agent(team)
    RoutingRule.objects.create(brand=brand, name="Tout", set_team=team)
    fresh, answered = factories.ticket(brand), factories.ticket(brand)
    for ticket in (fresh, answered):
        do_route_ticket(ticket.pk, predictions={})
    answered.refresh_from_db()
    do_reply(alice, answered, body="Je regarde.")
    bob = builders.agent(team)
    return alice, bob, fresh, answered


def reasons(ticket):
    return list(Assignment.objects.filter(ticket=ticket).values_list("reason", flat=True))


def assignee(ticket):
    ticket.refresh_from_db()
    return ticket.assignee_id


def test_going_out_of_office_hands_back_the_unstarted_tickets_once_committed(desk, monkeypatch):
    alice, bob, fresh, answered = desk
    later = []
    monkeypatch.setattr(admin_actions, "_take_back_later", later.append)
    admin_actions.do_set_availability(alice, alice.agent, "ooo")
    assert later == [alice.agent]
    # the job the action scheduled
    assert take_back_for_absence(alice.agent.pk) == 1
    assert assignee(fresh) == bob.pk
    assert reasons(fresh) == ["rule", "absence", "queue"]
    # the customer already talks to Alice on the other one
    assert assignee(answered) == alice.pk


def test_staying_out_of_office_schedules_nothing_more(desk, monkeypatch):
    alice, *_ = desk
    later = []
    monkeypatch.setattr(admin_actions, "_take_back_later", later.append)
    admin_actions.do_set_availability(alice, alice.agent, "ooo")
    admin_actions.do_set_availability(alice, alice.agent, "ooo")
    admin_actions.do_set_availability(alice, alice.agent, "away")
    assert later == [alice.agent]


def test_a_planned_absence_hands_back_on_its_first_day_once(desk):
    alice, bob, fresh, answered = desk
    today = timezone.localdate()
    AgentRoutingProfile.objects.filter(agent=alice.agent).update(
        out_of_office_from=today + dt.timedelta(days=1),
        out_of_office_until=today + dt.timedelta(days=5),
    )
    assert do_take_back_absentees(today=today) == 0
    assert assignee(fresh) == alice.pk
    assert do_take_back_absentees(today=today + dt.timedelta(days=1)) == 1
    assert assignee(fresh) == bob.pk
    # the sweep runs every minute: the same absence is handled once
    fresh_again = factories.ticket(fresh.brand)
    do_assign_ticket(factories.agent("supervisor"), fresh_again, assignee=alice)
    assert do_take_back_absentees(today=today + dt.timedelta(days=2)) == 0
    assert assignee(fresh_again) == alice.pk


def test_the_hand_back_can_be_switched_off(desk, settings):
    settings.GUICHET_ROUTING_RETURN_ON_ABSENCE = False
    alice, bob, fresh, answered = desk
    today = timezone.localdate()
    AgentRoutingProfile.objects.filter(agent=alice.agent).update(out_of_office_from=today)
    assert do_take_back_absentees(today=today) == 0
    assert take_back_for_absence(alice.agent.pk) == 0
    assert assignee(fresh) == alice.pk
