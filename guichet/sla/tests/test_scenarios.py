"""Whole stories in frozen and travelled time (time_machine): the clocks of real tickets through
DST changes in Europe/Paris (both ways), holidays, pauses, a policy change mid-ticket and a
worker that was down. Every step goes through the ticket actions and the sweep, as in production.
"""

import pytest
import time_machine

from guichet.audit.models import Event
from guichet.core.tests import factories
from guichet.jobs.tests.support import drain
from guichet.sla.models import EscalationRule, TicketTarget
from guichet.sla.sweep import sweep
from guichet.sla.tests.support import calendar, clock, paris, policy, ticket_at, utc
from guichet.tickets.actions import do_update_ticket
from guichet.tickets.message_actions import do_add_customer_message, do_reply

pytestmark = pytest.mark.django_db


def sweep_at(moment):
    """The minute job, run at `moment` (the clock frozen there), then the jobs it queued."""
    with time_machine.travel(moment, tick=False):
        result = sweep()
        drain()
    return result


def whats(target):
    target.refresh_from_db()
    return [entry["what"] for entry in target.history]


def test_pending_across_the_spring_dst_change_then_next_reply_warns_and_breaches(brand, agent):
    # Given office hours with lunch breaks (7 h a day) and French holidays
    policy(brand)
    ticket = ticket_at(paris(2025, 3, 28, 16, 0), brand)  # Friday, UTC+1

    # When the agent answers at 16:30 and sets the ticket pending
    with time_machine.travel(paris(2025, 3, 28, 16, 30), tick=False):
        do_reply(agent, ticket, body="Pouvez-vous redémarrer ?", status="pending")
    # and the customer answers on Monday 10:00, after the change to UTC+2
    with time_machine.travel(paris(2025, 3, 31, 10, 0), tick=False):
        do_add_customer_message(agent, ticket, body="Toujours en panne")

    # Then first reply was met with 3 h 30 to spare
    first = clock(ticket, "first_reply")
    assert (first.outcome, first.margin_minutes) == ("met", 210)
    # and resolution was paused over the weekend (stored in UTC) and resumed:
    # 30 min used on Friday, 2,370 left from Monday 10:00 -> Monday 7 April 16:30 (UTC+2)
    resolution = clock(ticket, "resolution")
    assert resolution.pauses == [["2025-03-28T15:30:00+00:00", "2025-03-31T08:00:00+00:00"]]
    assert resolution.due_at == utc(2025, 4, 7, 14, 30)
    assert whats(resolution) == ["started", "paused", "resumed"]
    # and the customer's message started a next-reply clock due at 16:00 Paris (14:00 UTC)
    next_reply = clock(ticket, "next_reply", 1)
    assert next_reply.due_at == utc(2025, 3, 31, 14, 0)
    assert next_reply.warn_at == utc(2025, 3, 31, 13, 0)

    # When the minute sweep runs before, at and after the warning and the due time
    assert sweep_at(paris(2025, 3, 31, 14, 59)).total == 0
    assert sweep_at(paris(2025, 3, 31, 15, 0)).warned == 1
    assert sweep_at(paris(2025, 3, 31, 16, 0)).breached == 1
    with time_machine.travel(paris(2025, 3, 31, 16, 15), tick=False):
        do_reply(agent, ticket, body="Nous regardons.")

    # Then the clock's history tells the whole story, and by how much it was late
    next_reply.refresh_from_db()
    assert whats(next_reply) == ["started", "warning_fired", "breach_fired", "breached"]
    assert (next_reply.outcome, next_reply.margin_minutes) == ("breached", -15)
    assert next_reply.history[2]["at"] == "2025-03-31T14:00:00+00:00"
    assert Event.objects.filter(ticket=ticket, verb="sla_breached").count() == 1


def test_on_hold_across_the_autumn_dst_change_counts_the_repeated_hour(brand, agent):
    # Given a 24/7 calendar and a 10-hour resolution target
    cal = calendar(weekly_hours={"mon-sun": "00:00-24:00"}, public_holidays="")
    policy(brand, {("resolution", "normal"): 600}, cal=cal)
    ticket = ticket_at(paris(2025, 10, 25, 22, 0), brand)  # Saturday 22:00 CEST (20:00 UTC)

    # When the ticket is on hold from 01:00 CEST to 03:00 CET (three real hours)
    with time_machine.travel(paris(2025, 10, 26, 1, 0), tick=False):
        do_update_ticket(agent, ticket, status="on_hold")
    with time_machine.travel(paris(2025, 10, 26, 3, 0), tick=False):
        do_update_ticket(agent, ticket, status="open")

    # Then 3 h were used before the pause, 7 h remain from 02:00 UTC: due 09:00 UTC (10:00 CET)
    resolution = clock(ticket, "resolution")
    assert resolution.pauses == [["2025-10-25T23:00:00+00:00", "2025-10-26T02:00:00+00:00"]]
    assert resolution.due_at == utc(2025, 10, 26, 9, 0)
    assert sweep_at(utc(2025, 10, 26, 8, 59)).breached == 0
    assert sweep_at(utc(2025, 10, 26, 9, 0)).breached == 1


def test_pending_across_a_public_holiday(brand, agent):
    # Given a 4-hour first reply; Thursday 29 May 2025 is Ascension
    policy(brand, {("first_reply", "normal"): 240})
    ticket = ticket_at(paris(2025, 5, 28, 17, 0), brand)  # Wednesday
    assert clock(ticket, "first_reply").due_at == paris(2025, 5, 30, 12, 0)

    # When it waits on the customer from 17:30 Wednesday to 10:00 Friday
    with time_machine.travel(paris(2025, 5, 28, 17, 30), tick=False):
        do_update_ticket(agent, ticket, status="pending")
    assert clock(ticket, "first_reply").due_at is None  # held while paused
    with time_machine.travel(paris(2025, 5, 30, 10, 0), tick=False):
        do_add_customer_message(agent, ticket, body="Voici les journaux")

    # Then 30 min were used; 210 remain from Friday 10:00: 10-12 and 14:00-15:30
    assert clock(ticket, "first_reply").due_at == paris(2025, 5, 30, 15, 30)
    assert sweep_at(paris(2025, 5, 30, 15, 29)).breached == 0
    assert sweep_at(paris(2025, 5, 30, 15, 30)).breached == 1


def test_policy_change_mid_ticket_moves_the_timers_and_keeps_the_history(brand, agent):
    # Given a standard policy (first reply 4 h) and a VIP one (30 min) for the tag "vip"
    policy(brand)
    policy(brand, {("first_reply", "normal"): 30}, name="VIP", is_default=False,
           conditions={"tag": ["vip"]})  # fmt: skip
    ticket = ticket_at(paris(2025, 3, 3, 10, 0), brand)

    # When it is tagged vip at 11:00: the VIP target was spent at 10:30, the sweep breaches it
    with time_machine.travel(paris(2025, 3, 3, 11, 0), tick=False):
        do_update_ticket(agent, ticket, tags=["vip"])
    assert sweep_at(paris(2025, 3, 3, 11, 1)).breached == 1
    # and when the tag is removed at 11:05, the standard target applies again (due 16:00)
    with time_machine.travel(paris(2025, 3, 3, 11, 5), tick=False):
        do_update_ticket(agent, ticket, tags=[])

    # Then the breach that no longer holds is cleared, and recorded as such in the history
    first = clock(ticket, "first_reply")
    assert (first.due_at, first.breached_at, first.warned_at) == (
        paris(2025, 3, 3, 16, 0),
        None,
        None,
    )
    assert whats(first) == ["started", "recomputed", "breach_fired", "recomputed"]
    assert first.history[-1]["breach_cleared"] == "2025-03-03T10:01:00+00:00"
    # and the warning and the breach fire again at the standard times, once each
    assert sweep_at(paris(2025, 3, 3, 15, 0)).warned == 1
    assert sweep_at(paris(2025, 3, 3, 16, 0)).breached == 1
    assert Event.objects.filter(ticket=ticket, verb="sla_breached").count() == 2


def test_a_worker_down_for_two_days_catches_up_once_without_late_warnings(brand):
    # Given an enterprise rule (no first reply after 2 business hours -> N2) and three tickets
    policy(brand)
    factories.team(2, brand)
    EscalationRule.objects.create(
        brand=brand, name="Entreprise", conditions={"segment": ["enterprise"]}, trigger="elapsed",
        metric="first_reply", after_minutes=120, escalate_to_tier=2,
    )  # fmt: skip
    organisation = factories.organisation(brand, segment="enterprise")
    tickets = [
        ticket_at(paris(2025, 3, 3, 10, 0), brand, requester=factories.contact(brand, organisation))
        for _ in range(3)
    ]

    # When no sweep runs until Wednesday 09:30 (first replies were due Monday 16:00)
    result = sweep_at(paris(2025, 3, 5, 9, 30))
    again = sweep_at(paris(2025, 3, 5, 9, 31))

    # Then everything overdue fired once: breaches (no warning after the fact) and rule timers
    assert (result.breached, result.warned, result.timers) == (3, 0, 3)
    assert again.total == 0
    assert not Event.objects.filter(verb="sla_warning").exists()
    for ticket in tickets:
        ticket.refresh_from_db()
        assert ticket.tier == 2
    assert TicketTarget.objects.filter(metric="first_reply", warned_at__isnull=True).count() == 0


def test_the_foundation_scheduler_runs_the_sweep_every_minute(brand):
    # Given the sweep and the time-based automations registered on the job scheduler
    # (the worker imports every app's tasks module at start, as here)
    from django.utils.module_loading import autodiscover_modules

    from guichet.jobs.periodic import Registry, registry, run_due

    autodiscover_modules("tasks")
    ours = Registry()
    for entry in registry:
        if entry.name.endswith(("sweep_sla_timers", "run_scheduled_automations")):
            ours.add(entry.task, entry.schedule)
    assert len(ours) == 2
    policy(brand)
    ticket = ticket_at(paris(2025, 3, 3, 10, 0), brand)

    # When the scheduler passes twice at 16:00 (two workers' schedulers), then a worker runs
    first = run_due(now=paris(2025, 3, 3, 16, 0), jobs=ours)
    again = run_due(now=utc(2025, 3, 3, 15, 0), jobs=ours)
    with time_machine.travel(paris(2025, 3, 3, 16, 0), tick=False):
        drain()

    # Then the sweep was enqueued once and fired the due breach
    assert sum(name.endswith("sweep_sla_timers") for name in first) == 1
    assert not any(name.endswith("sweep_sla_timers") for name in again)
    assert Event.objects.filter(ticket=ticket, verb="sla_breached").count() == 1
