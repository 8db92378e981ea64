"""The hand-built ticket representation says exactly what the declared fields say."""

from __future__ import annotations

import pytest

from guichet.api import queries
from guichet.api.serializers.tickets import TicketSerializer
from guichet.core.models import CustomField
from guichet.core.tests import factories
from guichet.tickets.actions import do_assign_ticket, do_change_status

pytestmark = pytest.mark.django_db


@pytest.fixture
def tickets(brand, agent, org_a):
    CustomField.objects.create(target="ticket", key="os", label="OS", kind="text",
                               visible_to_customers=True)  # fmt: skip
    CustomField.objects.create(target="ticket", key="churn", label="Churn", kind="text")
    plain = factories.ticket(brand)
    rich = factories.ticket(
        brand, factories.contact(brand, org_a), tags=["b", "a"],
        custom_fields={"os": "linux", "churn": "high"}, category=factories.category(brand),
    )  # fmt: skip
    do_assign_ticket(agent, rich, assignee=agent, team=factories.team(1))
    do_change_status(agent, rich, "solved")
    return queries.tickets(agent).filter(pk__in=[plain.pk, rich.pk])


@pytest.mark.parametrize("customer_keys", [None, {"os"}])
def test_fast_representation_matches_the_declared_fields(tickets, customer_keys):
    serializer = TicketSerializer(context={"customer_field_keys": customer_keys})
    for ticket in tickets:
        assert serializer.to_representation(ticket) == serializer.generic_representation(ticket)


def test_customer_representation_hides_internal_custom_fields(tickets):
    serializer = TicketSerializer(context={"customer_field_keys": {"os"}})
    rich = max(tickets, key=lambda t: t.pk)
    assert serializer.to_representation(rich)["custom_fields"] == {"os": "linux"}
