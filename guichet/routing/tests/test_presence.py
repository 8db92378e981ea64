"""Idle agents: last seen at most once a minute, set away by the minute sweep, back on return."""

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from guichet.audit.models import Event
from guichet.core.tests import factories
from guichet.people.models import Agent
from guichet.routing import tasks
from guichet.routing.admin_actions import do_set_availability
from guichet.routing.presence import do_set_idle_agents_away, needs_touch
from guichet.routing.tests import builders

pytestmark = pytest.mark.django_db

START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def agent_row(user):
    return Agent.objects.get(user=user)


def online_agent():
    user = factories.agent("agent")
    with time_machine.travel(START, tick=False):
        do_set_availability(user, user.agent, "online")
    return user


def visit(user):
    return builders.client_for(user).get(reverse("workspace:queue"))


def last_seen_writes(queries):
    return [q for q in queries if q["sql"].startswith("UPDATE") and "last_seen_at" in q["sql"]]


def test_last_seen_is_written_at_most_once_a_minute():
    assert needs_touch(None, START)
    assert not needs_touch(START, START + dt.timedelta(seconds=59))
    assert needs_touch(START, START + dt.timedelta(minutes=1))


def test_a_request_notes_the_agent_once_a_minute():
    user = online_agent()
    client = builders.client_for(user)
    url = reverse("workspace:queue")
    with time_machine.travel(START + dt.timedelta(minutes=3), tick=False):
        with CaptureQueriesContext(connection) as first:
            client.get(url)
        with CaptureQueriesContext(connection) as second:
            client.get(url)
    assert len(last_seen_writes(first.captured_queries)) == 1
    assert last_seen_writes(second.captured_queries) == []
    assert agent_row(user).last_seen_at == START + dt.timedelta(minutes=3)


def test_offline_agents_cost_no_write():
    user = factories.agent("agent")  # offline
    with CaptureQueriesContext(connection) as queries:
        visit(user)
    assert last_seen_writes(queries.captured_queries) == []
    assert agent_row(user).last_seen_at is None


def test_the_sweep_sets_idle_online_agents_away_through_the_audited_action(settings):
    settings.GUICHET_ROUTING_IDLE_MINUTES = 15
    user = online_agent()
    with time_machine.travel(START + dt.timedelta(minutes=14), tick=False):
        assert tasks.drain_queues.call() == 0
        assert agent_row(user).availability == "online"
    with time_machine.travel(START + dt.timedelta(minutes=16), tick=False):
        tasks.drain_queues.call()
    agent = agent_row(user)
    assert agent.availability == "away"
    assert agent.idle_since == START + dt.timedelta(minutes=16)
    event = Event.objects.filter(verb="availability_changed").latest("id")
    assert event.data == {"idle": True}


def test_a_recent_request_keeps_the_agent_online():
    user = online_agent()
    with time_machine.travel(START + dt.timedelta(minutes=10), tick=False):
        visit(user)
    with time_machine.travel(START + dt.timedelta(minutes=20), tick=False):
        assert do_set_idle_agents_away() == 0
    assert agent_row(user).availability == "online"


def test_an_idle_agent_who_comes_back_is_online_again():
    user = online_agent()
    with time_machine.travel(START + dt.timedelta(minutes=30), tick=False):
        assert do_set_idle_agents_away() == 1
    with time_machine.travel(START + dt.timedelta(minutes=45), tick=False):
        assert visit(user).status_code == 200
    agent = agent_row(user)
    assert (agent.availability, agent.idle_since) == ("online", None)
    assert agent.last_seen_at == START + dt.timedelta(minutes=45)


def test_an_agent_who_chose_away_stays_away_on_return():
    user = online_agent()
    with time_machine.travel(START + dt.timedelta(minutes=1), tick=False):
        do_set_availability(user, user.agent, "away")
    with time_machine.travel(START + dt.timedelta(minutes=30), tick=False):
        visit(user)
    assert agent_row(user).availability == "away"


def test_choosing_away_after_the_sweep_forgets_the_idleness():
    user = online_agent()
    with time_machine.travel(START + dt.timedelta(minutes=30), tick=False):
        do_set_idle_agents_away()
        do_set_availability(user, agent_row(user), "away")
        visit(user)
    assert agent_row(user).availability == "away"


@pytest.mark.parametrize("availability", ["offline", "ooo"])
def test_offline_and_out_of_office_agents_are_never_touched(availability):
    user = online_agent()
    with time_machine.travel(START + dt.timedelta(minutes=1), tick=False):
        do_set_availability(user, user.agent, availability)
    with time_machine.travel(START + dt.timedelta(hours=2), tick=False):
        assert do_set_idle_agents_away() == 0
        visit(user)
    assert agent_row(user).availability == availability


def test_agents_never_seen_are_left_alone():
    user = factories.agent("agent", availability="online")
    with time_machine.travel(START + dt.timedelta(hours=2), tick=False):
        assert do_set_idle_agents_away() == 0
    assert agent_row(user).availability == "online"


def test_zero_minutes_turns_the_sweep_off(settings):
    settings.GUICHET_ROUTING_IDLE_MINUTES = 0
    user = online_agent()
    with time_machine.travel(START + dt.timedelta(hours=2), tick=False):
        assert do_set_idle_agents_away() == 0
    assert agent_row(user).availability == "online"
