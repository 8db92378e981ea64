"""Time-based automations with several workers and after downtime: each fires once per ticket
and status episode (real threads, each with its own database connection, on the database the
suite runs on: SQLite or PostgreSQL), and a worker that was down catches up in order."""

import datetime as dt

import pytest
import time_machine
from django.core import mail

from guichet.audit.models import Event
from guichet.automations.models import Automation, AutomationFiring
from guichet.automations.presets import PRESETS
from guichet.automations.runner import run_scheduled
from guichet.core.tests import factories
from guichet.core.tests.threads import run_together
from guichet.jobs.tests.support import drain
from guichet.sla.tests.support import paris
from guichet.tickets.actions import tag_names
from guichet.tickets.message_actions import do_reply
from guichet.tickets.models import Ticket

pytestmark = pytest.mark.django_db(transaction=True)

MONDAY_10 = paris(2025, 3, 3, 10, 0)
DAY = dt.timedelta(days=1)
TICKETS = 6


@pytest.fixture
def pending_tickets():
    brand = factories.brand(support_email="support@acme.test")
    for preset in PRESETS.values():
        Automation.objects.create(**preset)
    agent = factories.agent()
    tickets = []
    with time_machine.travel(MONDAY_10, tick=False):
        for _ in range(TICKETS):
            ticket = factories.ticket(brand)
            do_reply(agent, ticket, body="Pouvez-vous essayer ?", status="pending")
            tickets.append(ticket)
    return tickets


def race(workers: int) -> list[int]:
    return run_together(lambda _: run_scheduled(), workers)


def test_workers_racing_on_the_same_reminders_fire_each_once(pending_tickets):
    # When three workers run the time-based automations at the same moment, 5 days later
    with time_machine.travel(MONDAY_10 + 5 * DAY, tick=False):
        results = race(3)

    # Then each ticket was reminded once, by exactly one of them
    assert sum(results) == TICKETS
    reminder = Automation.objects.get(name__icontains="5")
    firings = AutomationFiring.objects.filter(automation=reminder)
    assert firings.count() == TICKETS
    assert Event.objects.filter(verb="automation_fired").count() == TICKETS
    for ticket in pending_tickets:
        assert tag_names(ticket) == ["relance-auto"]


def test_a_worker_down_for_a_week_catches_up_remind_then_solve_in_order(pending_tickets):
    # When no worker ran for 8 days, then one runs
    with time_machine.travel(MONDAY_10 + 8 * DAY, tick=False):
        fired = run_scheduled()
        drain()

    # Then every ticket got the reminder, then the notice and was solved (in position order)
    assert fired == 2 * TICKETS
    assert Ticket.objects.filter(status="solved").count() == TICKETS
    subjects = [m.subject for m in mail.outbox]
    assert sum("Avez-vous besoin" in s for s in subjects) == TICKETS
    names = list(
        Event.objects.filter(verb="automation_fired", ticket=pending_tickets[0])
        .order_by("id")
        .values_list("data__name", flat=True)
    )
    assert len(names) == 2 and names[0] != names[1]
    assert list(Automation.objects.filter(name__in=names).order_by("position", "id")
                .values_list("name", flat=True)) == names  # fmt: skip
