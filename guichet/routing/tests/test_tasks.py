"""Routing's jobs: the periodic queue sweep is registered; each job does its work."""

import pytest

from guichet.core.tests import factories
from guichet.jobs import periodic as periodic_module
from guichet.people.models import Agent
from guichet.routing import tasks
from guichet.routing.actions import do_route_ticket
from guichet.routing.models import RoutingRule
from guichet.routing.tests import builders


def test_the_queue_sweep_runs_every_minute():
    names = {entry.name for entry in periodic_module.registry}
    assert "guichet.routing.tasks.drain_queues" in names


@pytest.mark.django_db
def test_jobs_serve_waiting_tickets():
    brand = factories.brand()
    team = builders.team(brand)
    person = builders.agent(team, availability="offline")
    RoutingRule.objects.create(brand=brand, name="Tout", set_team=team)
    first, second = factories.ticket(brand), factories.ticket(brand)
    do_route_ticket(first.pk, predictions={}), do_route_ticket(second.pk, predictions={})
    Agent.objects.filter(user=person).update(availability="online")
    assert tasks.drain_team.call(team.pk) == 2
    assert tasks.drain_queues.call() == 0
    assert tasks.route_ticket.call(first.pk) is False  # already assigned
