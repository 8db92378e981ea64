"""Two routers at once, on real separate connections: nobody is double-assigned or skipped."""

import pytest

from guichet.core.tests import factories
from guichet.core.tests.threads import run_together
from guichet.routing.actions import do_route_ticket
from guichet.routing.models import Assignment, QueueEntry, RoutingRule
from guichet.routing.tests import builders
from guichet.sla.system import system_actor
from guichet.tickets.models import Ticket

pytestmark = pytest.mark.django_db(transaction=True)
WORKERS = 3


def route_in_parallel(batches):
    def work(index):
        for ticket_id in batches[index]:
            do_route_ticket(ticket_id, predictions={})

    run_together(work, len(batches))


def setup_team(capacity):
    brand = factories.brand()
    team = builders.team(brand, "round_robin")
    agents = [builders.agent(team, capacity=capacity) for _ in range(WORKERS)]
    RoutingRule.objects.create(brand=brand, name="Tout", set_team=team)
    system_actor()  # created once, before the race
    tickets = [factories.ticket(brand).pk for _ in range(WORKERS * 2)]
    return team, agents, tickets


def test_concurrent_round_robin_is_fair():
    # given 3 agents and 6 tickets routed by 3 workers at once
    team, agents, tickets = setup_team(capacity=20)
    # when
    route_in_parallel([tickets[i::WORKERS] for i in range(WORKERS)])
    # then every ticket has exactly one agent and each agent got two: no double pick, no skip
    owners = list(Ticket.objects.filter(pk__in=tickets).values_list("assignee_id", flat=True))
    assert sorted(owners) == sorted([agent.pk for agent in agents] * 2)
    assert Assignment.objects.filter(ticket_id__in=tickets).count() == len(tickets)


def test_concurrent_routing_never_exceeds_capacity():
    # given 3 agents with room for one ticket each, and 6 tickets routed at once
    team, agents, tickets = setup_team(capacity=1)
    route_in_parallel([tickets[i::WORKERS] for i in range(WORKERS)])
    owners = [
        owner
        for owner in Ticket.objects.filter(pk__in=tickets).values_list("assignee_id", flat=True)
        if owner is not None
    ]
    assert sorted(owners) == sorted(agent.pk for agent in agents)
    assert QueueEntry.objects.filter(team=team).count() == 3


def test_the_same_ticket_routed_twice_at_once_is_assigned_once():
    team, agents, tickets = setup_team(capacity=20)
    route_in_parallel([[tickets[0]], [tickets[0]]])
    assert Assignment.objects.filter(ticket_id=tickets[0]).count() == 1
