"""Routing a ticket costs the same number of queries whatever the team's size or rule count."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from guichet.core.tests import factories
from guichet.routing.actions import do_route_ticket
from guichet.routing.models import RoutingRule
from guichet.routing.tests import builders
from guichet.sla.system import system_actor

pytestmark = pytest.mark.django_db


def queries_to_route(agents: int, rules: int) -> int:
    brand = factories.brand()
    team = builders.team(brand)
    category = factories.category(brand)
    for _ in range(agents):
        builders.agent(team, skills=[category.slug])
    for n in range(rules):
        rule = RoutingRule.objects.create(brand=brand, name=f"r{n}", keywords=[f"zz{n}"],
                                          set_team=team)  # fmt: skip
        rule.categories.set([category])
    RoutingRule.objects.create(brand=brand, name="all", set_team=team)
    system_actor()
    ticket = factories.ticket(brand)
    with CaptureQueriesContext(connection) as captured:
        assert do_route_ticket(ticket.pk, predictions={}).assignee_id
    return len(captured.captured_queries)


def test_query_count_does_not_grow_with_agents_or_rules():
    assert queries_to_route(agents=2, rules=1) == queries_to_route(agents=8, rules=12)
