"""do_log_time and do_delete_ticket."""

import pytest

from guichet.audit.models import Event
from guichet.core.errors import ActionError, NotAllowed
from guichet.core.tests import factories
from guichet.tickets.actions import do_delete_ticket, do_log_time
from guichet.tickets.models import Message, Ticket, TimeEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def agent():
    return factories.agent()


@pytest.fixture
def ticket(agent):
    return factories.ticket(factories.brand(), actor=agent)


def test_logged_time_adds_up_and_is_audited(ticket, agent):
    do_log_time(agent, ticket, seconds=600, note="Diagnostic")
    entry = do_log_time(agent, ticket, seconds=300)
    ticket.refresh_from_db()
    assert ticket.time_spent_seconds == 900
    assert (entry.agent, entry.seconds) == (agent, 300)
    assert TimeEntry.objects.count() == 2
    event = Event.objects.filter(verb="time_logged").latest("id")
    assert (event.actor, event.ticket, event.data) == (agent, ticket, {"seconds": 300})
    assert event.changes == [{"field": "time_spent_seconds", "old": 600, "new": 900}]


@pytest.mark.parametrize("seconds", [0, -60, 86_401, "60", 1.5, True, None])
def test_time_must_be_between_a_second_and_a_day(ticket, agent, seconds):
    with pytest.raises(ActionError) as error:
        do_log_time(agent, ticket, seconds=seconds)
    assert error.value.field == "seconds"


def test_admin_deletes_a_ticket_and_the_deletion_stays_in_the_audit_trail(ticket):
    admin = factories.agent("admin")
    reference, pk = ticket.reference, ticket.pk
    do_delete_ticket(admin, ticket)
    assert not Ticket.objects.filter(pk=pk).exists()
    assert not Message.objects.filter(ticket_id=pk).exists()
    event = Event.objects.get(verb="ticket_deleted")
    assert (event.actor, event.target_type, event.target_id) == (admin, "ticket", pk)
    assert event.data["reference"] == reference


@pytest.mark.parametrize("role", ["supervisor", "agent", "csm", "incident_manager"])
def test_only_admins_delete_tickets(ticket, role):
    with pytest.raises(NotAllowed):
        do_delete_ticket(factories.agent(role), ticket)
    assert Ticket.objects.filter(pk=ticket.pk).exists()
