import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from guichet.core.errors import ActionError
from guichet.core.tests import factories
from guichet.tickets.actions import do_update_ticket
from guichet.workspace.actions import BULK_MAX, do_bulk_update

BULK = reverse("workspace:bulk")


@pytest.fixture
def admin(brand):
    return factories.agent("admin")


def test_bulk_assign_to_me(brand, agent, admin, agent_client):
    tickets = [factories.ticket(brand, actor=admin) for _ in range(3)]
    response = agent_client.post(
        BULK,
        {"operation": "assign", "assignee": "me", "ticket": [t.pk for t in tickets], "next": "/agent/?queue=all"},
    )  # fmt: skip
    assert response.url == "/agent/?queue=all"
    for ticket in tickets:
        ticket.refresh_from_db()
        assert ticket.assignee == agent


def test_bulk_status_reports_each_failure_and_keeps_the_successes(brand, agent, admin):
    # Given an open ticket and a closed one (closed is final)
    fine = factories.ticket(brand, actor=admin)
    closed = factories.ticket(brand, actor=admin)
    do_update_ticket(admin, closed, status="solved")
    do_update_ticket(admin, closed, status="closed")
    # When both are put on hold
    result = do_bulk_update(agent, [fine.pk, closed.pk, 999999], "status", "on_hold")
    # Then the open one changed and the others are reported one by one
    fine.refresh_from_db()
    assert fine.status == "on_hold"
    assert [t.pk for t in result.done] == [fine.pk]
    assert [reference for reference, _ in result.failed] == [closed.reference, "#999999"]


def test_bulk_tag_add_and_remove(brand, agent, admin):
    ticket = factories.ticket(brand, actor=admin, tags=["fibre"])
    do_bulk_update(agent, [ticket.pk], "tag_add", "Panne")
    assert sorted(t.name for t in ticket.tags.all()) == ["fibre", "panne"]
    do_bulk_update(agent, [ticket.pk], "tag_remove", "fibre")
    assert [t.name for t in ticket.tags.all()] == ["panne"]


def test_csm_cannot_bulk_assign(brand, admin, client_for):
    csm = factories.agent("csm")
    ticket = factories.ticket(brand, actor=admin)
    response = client_for(csm).post(
        BULK, {"operation": "assign", "assignee": "me", "ticket": [ticket.pk]}, follow=True
    )
    ticket.refresh_from_db()
    assert ticket.assignee is None
    errors = [m.message for m in get_messages(response.wsgi_request)]
    assert any(ticket.reference in message for message in errors)


def test_tickets_of_another_brand_are_not_found_for_a_restricted_agent(brand, admin):
    other = factories.ticket(factories.brand(), actor=admin)
    restricted = factories.agent("agent", brands=[brand])
    result = do_bulk_update(restricted, [other.pk], "assign", "me")
    other.refresh_from_db()
    assert other.assignee is None
    assert result.failed == [(f"#{other.pk}", "Ticket introuvable.")]


def test_bulk_limits(agent):
    with pytest.raises(ActionError):
        do_bulk_update(agent, [], "assign", "me")
    with pytest.raises(ActionError):
        do_bulk_update(agent, range(1, BULK_MAX + 2), "assign", "me")
    with pytest.raises(ActionError):
        do_bulk_update(agent, [1], "delete", "")
