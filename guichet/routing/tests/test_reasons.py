"""Every change of team or assignee is logged with its reason; the transfer rate reads the log."""

import datetime as dt

import pytest
from django.utils import timezone

from guichet.core.errors import NotAllowed
from guichet.core.tests import factories
from guichet.people.models import Agent
from guichet.routing.actions import do_rebalance_agent, do_route_ticket, route_within_team
from guichet.routing.models import Assignment, QueueEntry, RoutingRule
from guichet.routing.queries import transfer_rate
from guichet.routing.tests import builders
from guichet.tickets.actions import do_assign_ticket, do_escalate_ticket, do_update_ticket

pytestmark = pytest.mark.django_db


def reasons(ticket):
    return list(Assignment.objects.filter(ticket=ticket).values_list("reason", flat=True))


def test_manual_assignment_by_an_agent_is_logged_as_manual(brand):
    ticket = factories.ticket(brand)
    agent = factories.agent("agent")
    do_assign_ticket(agent, ticket, assignee=agent)
    row = Assignment.objects.get(ticket=ticket)
    assert (row.reason, row.actor_id, row.from_assignee_id, row.to_assignee_id) == (
        "manual", agent.pk, None, agent.pk,
    )  # fmt: skip


def test_moving_a_ticket_to_another_team_is_a_transfer(brand):
    first, second = factories.team(brand_=brand), factories.team(brand_=brand)
    ticket = factories.ticket(brand)
    agent = factories.agent("agent")
    do_update_ticket(agent, ticket, team=first)
    do_update_ticket(agent, ticket, team=second)
    assert reasons(ticket) == ["manual", "transfer"]


def test_an_explicit_reason_wins(brand):
    ticket = factories.ticket(brand)
    supervisor = factories.agent("supervisor")
    do_assign_ticket(supervisor, ticket, assignee=factories.agent("agent"), reason="rebalance")
    assert reasons(ticket) == ["rebalance"]


def test_other_changes_log_nothing(brand):
    ticket = factories.ticket(brand)
    do_update_ticket(factories.agent("agent"), ticket, priority="high", subject="Autre")
    assert reasons(ticket) == []


def test_escalation_is_logged_and_the_new_team_routes_it(brand, committed):
    n2 = builders.team(brand)
    n2.tier = 2
    n2.save()
    expert = builders.agent(n2, tier=2)
    ticket = factories.ticket(brand)
    agent = factories.agent("agent")
    do_assign_ticket(agent, ticket, assignee=agent)
    do_escalate_ticket(agent, ticket, tier=2, team=n2, reason="Bug côté serveur")
    assert reasons(ticket) == ["manual", "escalation"]
    # the job the escalation scheduled hands it to the N2 team's agent
    assert route_within_team(ticket.pk)
    ticket.refresh_from_db()
    assert ticket.assignee_id == expert.pk
    assert reasons(ticket) == ["manual", "escalation", "queue"]
    assert not QueueEntry.objects.exists()


def test_routing_logs_its_rule(brand):
    team = builders.team(brand)
    builders.agent(team)
    rule = RoutingRule.objects.create(brand=brand, name="Tout", set_team=team)
    ticket = factories.ticket(brand)
    do_route_ticket(ticket.pk, predictions={})
    row = Assignment.objects.get(ticket=ticket)
    assert (row.reason, row.rule_id, row.to_team_id) == ("rule", rule.pk, team.pk)


def window():
    now = timezone.now()
    return now - dt.timedelta(hours=1), now + dt.timedelta(hours=1)


def test_transfer_rate_counts_tickets_handed_on(brand):
    # given four routed tickets: one reassigned, one transferred across teams, two untouched
    team, other = builders.team(brand), builders.team(brand)
    builders.agent(team), builders.agent(team)
    RoutingRule.objects.create(brand=brand, name="Tout", set_team=team)
    tickets = [factories.ticket(brand) for _ in range(4)]
    for ticket in tickets:
        do_route_ticket(ticket.pk, predictions={})
    supervisor = factories.agent("supervisor")
    do_assign_ticket(supervisor, tickets[0], assignee=factories.agent("agent"))
    do_update_ticket(supervisor, tickets[1], team=other)
    # when measured
    rate = transfer_rate(brand, *window())
    # then
    assert (rate.tickets, rate.transferred, rate.rate) == (4, 2, 0.5)


def test_first_placement_in_a_team_is_not_a_transfer(brand):
    category_team, rule_team = builders.team(brand), builders.team(brand)
    builders.agent(rule_team)
    category = factories.category(brand, default_team=category_team)
    RoutingRule.objects.create(brand=brand, name="Tout", set_team=rule_team)
    ticket = factories.ticket(brand, category=category)
    do_route_ticket(ticket.pk, predictions={})
    assert reasons(ticket) == ["rule"]
    assert transfer_rate(brand, *window()).transferred == 0


def test_transfer_rate_is_per_brand_and_window(brand):
    ticket = factories.ticket(brand)
    agent = factories.agent("agent")
    do_assign_ticket(agent, ticket, assignee=agent)
    do_assign_ticket(agent, ticket, assignee=factories.agent("agent"))
    assert transfer_rate(brand, *window()).transferred == 1
    assert transfer_rate(factories.brand(), *window()).tickets == 0
    later = timezone.now() + dt.timedelta(days=1)
    assert transfer_rate(brand, later, later + dt.timedelta(days=1)).tickets == 0
    assert transfer_rate(brand, *window()).rate == 1.0


def test_a_reassignment_counts_when_the_first_assignment_was_before_the_window(brand):
    # given a ticket assigned to Alice forty days ago, then handed to Bob today
    ticket = factories.ticket(brand)
    supervisor = factories.agent("supervisor")
    do_assign_ticket(supervisor, ticket, assignee=factories.agent("agent"))
    Assignment.objects.filter(ticket=ticket).update(
        created_at=timezone.now() - dt.timedelta(days=40)
    )
    do_assign_ticket(supervisor, ticket, assignee=factories.agent("agent"))
    # then the last 30 days hold one ticket, transferred
    rate = transfer_rate(brand, timezone.now() - dt.timedelta(days=30), timezone.now())
    assert (rate.tickets, rate.transferred) == (1, 1)
    # and a ticket given to its first agent inside the window is not
    fresh = factories.ticket(brand)
    do_assign_ticket(supervisor, fresh, assignee=factories.agent("agent"))
    rate = transfer_rate(brand, timezone.now() - dt.timedelta(days=30), timezone.now())
    assert (rate.tickets, rate.transferred) == (2, 1)


def test_a_ticket_given_back_to_the_same_agent_is_not_a_transfer(brand):
    # given a ticket assigned to Alice, unassigned (a rebalance), then given to Alice again
    ticket = factories.ticket(brand)
    supervisor, alice = factories.agent("supervisor"), factories.agent("agent")
    do_assign_ticket(supervisor, ticket, assignee=alice)
    do_assign_ticket(supervisor, ticket, assignee=None, reason="rebalance")
    do_assign_ticket(supervisor, ticket, assignee=alice)
    # then it is one ticket, not transferred
    rate = transfer_rate(brand, *window())
    assert (rate.tickets, rate.transferred) == (1, 0)


def test_the_same_agent_before_the_window_is_not_a_transfer_either(brand):
    ticket = factories.ticket(brand)
    supervisor, alice = factories.agent("supervisor"), factories.agent("agent")
    do_assign_ticket(supervisor, ticket, assignee=alice)
    do_assign_ticket(supervisor, ticket, assignee=None, reason="rebalance")
    Assignment.objects.filter(ticket=ticket).update(
        created_at=timezone.now() - dt.timedelta(days=40)
    )
    do_assign_ticket(supervisor, ticket, assignee=alice)
    rate = transfer_rate(brand, timezone.now() - dt.timedelta(days=30), timezone.now())
    assert (rate.tickets, rate.transferred) == (1, 0)


def test_rebalancing_gives_an_absent_agents_unstarted_tickets_to_colleagues(brand):
    # given two tickets routed to Alice, who then leaves; Bob is online
    team = builders.team(brand, "round_robin")
    alice = builders.agent(team)
    RoutingRule.objects.create(brand=brand, name="Tout", set_team=team)
    tickets = [factories.ticket(brand) for _ in range(2)]
    for ticket in tickets:
        do_route_ticket(ticket.pk, predictions={})
    Agent.objects.filter(user=alice).update(availability="ooo")
    bob = builders.agent(team)
    # when a supervisor rebalances Alice's tickets
    moved = do_rebalance_agent(factories.agent("supervisor"), alice.agent)
    # then Bob has them, and the log says why
    assert moved == 2
    for ticket in tickets:
        ticket.refresh_from_db()
        assert ticket.assignee_id == bob.pk
        assert reasons(ticket) == ["rule", "rebalance", "queue"]
    assert transfer_rate(brand, *window()).transferred == 2


def test_only_managers_rebalance(brand):
    with pytest.raises(NotAllowed):
        do_rebalance_agent(factories.agent("agent"), factories.agent("agent").agent)
