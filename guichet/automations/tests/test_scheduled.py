"""Time-based automations: pending 5 days -> remind, 7 days -> solve with a notice; solved
3 days -> close. Once per ticket and status episode."""

import datetime as dt

import pytest
import time_machine
from django.core import mail

from guichet.audit.models import Event
from guichet.automations.models import Automation, AutomationFiring
from guichet.automations.presets import PRESETS
from guichet.automations.runner import run_scheduled
from guichet.core.tests import factories
from guichet.jobs.tests.support import drain
from guichet.sla.tests.support import paris
from guichet.tickets.actions import do_update_ticket, tag_names
from guichet.tickets.message_actions import do_add_customer_message, do_reply

pytestmark = pytest.mark.django_db

MONDAY_10 = paris(2025, 3, 3, 10, 0)
DAY = dt.timedelta(days=1)


@pytest.fixture
def brand():
    return factories.brand(support_email="support@acme.test")


@pytest.fixture
def presets():
    return [Automation.objects.create(**preset) for preset in PRESETS.values()]


@pytest.fixture
def agent():
    return factories.agent()


def pending_ticket(brand, agent, at=MONDAY_10):
    with time_machine.travel(at, tick=False):
        ticket = factories.ticket(brand)
        do_reply(agent, ticket, body="Pouvez-vous essayer ?", status="pending")
    return ticket


def run_at(moment):
    with time_machine.travel(moment, tick=False):
        fired = run_scheduled()
        drain()
    return fired


def test_pending_ticket_is_not_touched_before_5_days(brand, agent, presets):
    ticket = pending_ticket(brand, agent)

    assert run_at(MONDAY_10 + 5 * DAY - dt.timedelta(minutes=1)) == 0
    assert tag_names(ticket) == []


def test_pending_for_5_days_reminds_the_customer_once(brand, agent, presets):
    ticket = pending_ticket(brand, agent)

    assert run_at(MONDAY_10 + 5 * DAY) == 1
    assert run_at(MONDAY_10 + 5 * DAY + dt.timedelta(hours=1)) == 0

    reminders = [m for m in mail.outbox if "Avez-vous besoin" in m.subject]
    assert len(reminders) == 1
    assert reminders[0].from_email == "support@acme.test"
    assert ticket.reference in reminders[0].subject
    assert "relance-auto" in tag_names(ticket)


def test_pending_for_7_days_solves_with_a_notice(brand, agent, presets):
    ticket = pending_ticket(brand, agent)
    run_at(MONDAY_10 + 5 * DAY)

    run_at(MONDAY_10 + 7 * DAY)

    ticket.refresh_from_db()
    assert ticket.status == "solved"
    assert any("Demande résolue" in m.subject for m in mail.outbox)


def test_solved_for_3_days_is_closed(brand, agent, presets):
    with time_machine.travel(MONDAY_10, tick=False):
        ticket = factories.ticket(brand)
        do_reply(agent, ticket, body="Corrigé", status="solved")

    run_at(MONDAY_10 + 3 * DAY - dt.timedelta(minutes=5))
    ticket.refresh_from_db()
    assert ticket.status == "solved"
    run_at(MONDAY_10 + 3 * DAY)
    ticket.refresh_from_db()
    assert ticket.status == "closed"


def test_a_customer_answer_restarts_the_pending_clock(brand, agent, presets):
    # Given a reminder was sent after 5 days pending
    ticket = pending_ticket(brand, agent)
    run_at(MONDAY_10 + 5 * DAY)

    # When the customer answers and the agent sets it pending again on day 6
    do_add_customer_message(agent, ticket, body="Toujours en panne", at=MONDAY_10 + 6 * DAY)
    with time_machine.travel(MONDAY_10 + 6 * DAY, tick=False):
        do_update_ticket(agent, ticket, status="pending")

    # Then nothing is solved on day 7, and a new reminder goes 5 days after day 6
    run_at(MONDAY_10 + 7 * DAY)
    ticket.refresh_from_db()
    assert ticket.status == "pending"
    assert run_at(MONDAY_10 + 11 * DAY) == 1
    assert (
        AutomationFiring.objects.filter(
            ticket=ticket, automation__name__startswith="En attente depuis 5"
        ).count()
        == 2
    )


def test_each_firing_is_recorded_on_the_ticket(brand, agent, presets):
    ticket = pending_ticket(brand, agent)

    run_at(MONDAY_10 + 5 * DAY)

    event = Event.objects.get(ticket=ticket, verb="automation_fired")
    assert event.data["name"] == PRESETS["remind"]["name"] and event.data["kind"] == "scheduled"


def test_brand_scoped_automation_ignores_other_brands(brand, agent):
    other = factories.brand()
    Automation.objects.create(**{**PRESETS["remind"], "brand": other})
    ticket = pending_ticket(brand, agent)

    assert run_at(MONDAY_10 + 6 * DAY) == 0
    assert tag_names(ticket) == []
