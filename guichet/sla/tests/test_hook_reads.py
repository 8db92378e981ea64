"""The SLA hook reads a brand's policies and rules once per transaction, and sees changes
made earlier in the same transaction (docs/sla.md, "Performance")."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from guichet.core.tests import factories
from guichet.sla.models import EscalationRule, EscalationTimer, TicketSla, TicketTarget
from guichet.sla.tests.support import policy

pytestmark = pytest.mark.django_db


def sla_statements(queries):
    return [q["sql"] for q in queries if '"sla_' in q["sql"]]


def test_a_policy_created_in_the_transaction_applies_to_the_next_ticket(brand):
    # Given a ticket opened before the brand had any policy, in the same transaction
    factories.ticket(brand)
    standard = policy(brand)

    # When another ticket arrives
    ticket = factories.ticket(brand)

    # Then the new policy applies to it
    assert TicketSla.objects.get(ticket=ticket).policy == standard


def test_a_policy_deactivated_in_the_transaction_no_longer_applies(brand):
    standard = policy(brand)
    factories.ticket(brand)
    standard.active = False
    standard.save()

    ticket = factories.ticket(brand)

    assert TicketSla.objects.get(ticket=ticket).policy is None


def test_a_rule_created_in_the_transaction_times_the_next_ticket(brand):
    policy(brand)
    factories.ticket(brand)
    rule = EscalationRule.objects.create(
        brand=brand, name="Sans réponse", trigger="elapsed", metric="first_reply",
        after_minutes=60, notify_supervisors=True,
    )  # fmt: skip

    ticket = factories.ticket(brand)

    assert EscalationTimer.objects.filter(ticket=ticket, rule=rule).count() == 1


def test_a_tag_condition_sees_the_tags_of_a_new_ticket(brand):
    policy(brand, name="Standard")
    vip = policy(brand, name="VIP", is_default=False, conditions={"tag": ["vip"]})

    ticket = factories.ticket(brand, tags=["vip"])

    assert TicketSla.objects.get(ticket=ticket).policy == vip


def test_a_new_ticket_starts_its_clocks_in_three_statements_once_policies_are_read(brand):
    # Given a brand with a policy (matching no related fact) whose tickets were read once
    policy(brand)
    factories.ticket(brand)
    requester = factories.contact(brand)

    # When another ticket arrives in the same transaction
    with CaptureQueriesContext(connection) as queries:
        ticket = factories.ticket(brand, requester=requester)

    # Then the SLA hook wrote its state and two clocks, and read nothing
    statements = sla_statements(queries.captured_queries)
    assert len(statements) == 3, statements
    assert TicketTarget.objects.filter(ticket=ticket).count() == 2
