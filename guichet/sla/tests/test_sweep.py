"""The sweep fires each due warning and breach once, at the right instant, and catches up."""

import pytest
import time_machine

from guichet.audit.models import Event
from guichet.core.tests import factories
from guichet.jobs.tests.support import drain
from guichet.notifications.models import Notification
from guichet.sla.models import TicketTarget
from guichet.sla.sweep import sweep
from guichet.sla.tests.support import calendar, clock, jobs, paris, policy, ticket_at, utc
from guichet.tickets.actions import do_update_ticket
from guichet.tickets.message_actions import do_reply

pytestmark = pytest.mark.django_db

MONDAY_10 = paris(2025, 3, 3, 10, 0)


def fired(ticket, verb):
    return Event.objects.filter(ticket=ticket, verb=verb)


def test_nothing_fires_before_the_warning(brand):
    policy(brand)
    ticket = ticket_at(MONDAY_10, brand)

    result = sweep(now=paris(2025, 3, 3, 14, 59))

    assert result.total == 0
    assert not fired(ticket, "sla_warning").exists()


def test_warning_fires_once_at_75_percent(brand):
    policy(brand)
    ticket = ticket_at(MONDAY_10, brand)

    first = sweep(now=paris(2025, 3, 3, 15, 0))
    again = sweep(now=paris(2025, 3, 3, 15, 1))

    assert (first.warned, again.warned) == (1, 0)
    event = fired(ticket, "sla_warning").get()
    assert event.data == {"metric": "first_reply"}
    assert clock(ticket, "first_reply").warned_at == paris(2025, 3, 3, 15, 0)


def test_breach_fires_once_when_due(brand):
    policy(brand)
    ticket = ticket_at(MONDAY_10, brand)
    sweep(now=paris(2025, 3, 3, 15, 0))

    result = sweep(now=paris(2025, 3, 3, 16, 0))
    sweep(now=paris(2025, 3, 3, 16, 1))

    assert result.breached == 1
    assert fired(ticket, "sla_breached").count() == 1
    assert clock(ticket, "first_reply").breached_at == paris(2025, 3, 3, 16, 0)


def test_a_sweeper_that_was_down_catches_up_without_warning_after_the_breach(brand):
    # Given first reply due Monday 16:00 and resolution warned on Friday 14:00
    policy(brand)
    ticket = ticket_at(MONDAY_10, brand)

    # When the first sweep after an outage runs on Friday at 15:00
    result = sweep(now=paris(2025, 3, 7, 15, 0))

    # Then the overdue first reply breaches (no late warning); resolution warns
    assert (result.breached, result.warned) == (1, 1)
    assert [e.data["metric"] for e in fired(ticket, "sla_breached")] == ["first_reply"]
    assert [e.data["metric"] for e in fired(ticket, "sla_warning")] == ["resolution"]


def test_met_and_paused_clocks_never_fire(brand, agent):
    policy(brand)
    ticket = ticket_at(MONDAY_10, brand)
    do_reply(agent, ticket, body="Essayez ceci", status="pending", at=paris(2025, 3, 3, 10, 30))

    result = sweep(now=paris(2025, 3, 20, 10, 0))

    assert result.total == 0


def test_sweep_fires_in_batches_until_everything_due_is_claimed(brand):
    policy(brand)
    tickets = [ticket_at(MONDAY_10, brand) for _ in range(5)]

    result = sweep(now=paris(2025, 3, 3, 16, 0), batch=2)

    assert result.breached == 5
    assert Event.objects.filter(verb="sla_breached", ticket__in=tickets).count() == 5


def test_sweep_enqueues_the_jobs_that_notify(brand, agent):
    policy(brand)
    ticket = ticket_at(MONDAY_10, brand)
    do_update_ticket(agent, ticket, assignee=agent, at=paris(2025, 3, 3, 10, 5))

    sweep(now=paris(2025, 3, 3, 16, 0))
    assert len(jobs("dispatch_sla_events")) == 1
    drain()

    notification = Notification.objects.get(user=agent, kind="sla_breached")
    assert notification.ticket == ticket


def test_notification_goes_to_the_team_when_nobody_is_assigned(brand):
    policy(brand)
    colleague = factories.agent("agent")
    team = factories.team(1, brand)
    team.agents.add(colleague.agent)
    ticket = ticket_at(MONDAY_10, brand)
    ticket.team = team
    ticket.save()

    sweep(now=paris(2025, 3, 3, 15, 0))
    drain()

    assert Notification.objects.filter(user=colleague, kind="sla_warning").count() == 1


def test_dispatching_the_same_events_twice_notifies_once(brand, agent):
    from guichet.sla.firing import dispatch_event

    policy(brand)
    ticket = ticket_at(MONDAY_10, brand)
    do_update_ticket(agent, ticket, assignee=agent, at=paris(2025, 3, 3, 10, 5))
    sweep(now=paris(2025, 3, 3, 16, 0))
    event = fired(ticket, "sla_breached").get()

    assert dispatch_event(event.pk) is True
    assert dispatch_event(event.pk) is False
    assert Notification.objects.filter(user=agent, kind="sla_breached").count() == 1


def test_a_reply_between_breach_and_dispatch_sends_no_breach_notification(brand, agent):
    policy(brand)
    ticket = ticket_at(MONDAY_10, brand)
    do_update_ticket(agent, ticket, assignee=agent, at=paris(2025, 3, 3, 10, 5))
    sweep(now=paris(2025, 3, 3, 16, 0))

    do_reply(agent, ticket, body="Enfin", at=paris(2025, 3, 3, 16, 1))
    drain()

    assert not Notification.objects.filter(kind="sla_breached").exists()


def test_dst_spring_forward_due_time_and_sweep_instant(brand):
    # Given a seven-day calendar 09:00-18:00 Paris and a 2-hour first reply
    cal = calendar(weekly_hours={"mon-sun": "09:00-18:00"}, public_holidays="")
    policy(brand, {("first_reply", "normal"): 120}, cal=cal)

    # When a ticket arrives on Saturday 29 March 2025 at 17:00 (UTC+1)
    ticket = ticket_at(paris(2025, 3, 29, 17, 0), brand)

    # Then it is due on Sunday at 10:00 Paris, now UTC+2: 08:00 UTC
    assert clock(ticket, "first_reply").due_at == utc(2025, 3, 30, 8, 0)
    with time_machine.travel(utc(2025, 3, 30, 7, 59), tick=False):
        assert sweep().breached == 0
    with time_machine.travel(utc(2025, 3, 30, 8, 0), tick=False):
        assert sweep().breached == 1


def test_dst_fall_back_counts_the_repeated_hour(brand):
    # Given night hours 01:00-04:00 every day: 4 real hours on 26 October 2025
    cal = calendar(weekly_hours={"mon-sun": "01:00-04:00"}, public_holidays="")
    policy(brand, {("first_reply", "normal"): 210}, cal=cal)

    ticket = ticket_at(paris(2025, 10, 26, 1, 0), brand)

    # 01:00 CEST (23:00 UTC) + 210 real minutes = 02:30 UTC = 03:30 CET
    assert clock(ticket, "first_reply").due_at == utc(2025, 10, 26, 2, 30)


def test_holiday_is_skipped(brand):
    # Given office hours with lunch breaks and French public holidays
    policy(brand, {("first_reply", "normal"): 120})

    # When a ticket arrives on Friday 11 July 2025 at 17:00 (Monday 14 July is a holiday)
    ticket = ticket_at(paris(2025, 7, 11, 17, 0), brand)

    # Then the second hour is spent on Tuesday 15 July from 09:00
    assert clock(ticket, "first_reply").due_at == paris(2025, 7, 15, 10, 0)


def test_swept_rows_are_only_the_due_ones(brand):
    policy(brand)
    early = ticket_at(MONDAY_10, brand)
    late = ticket_at(paris(2025, 3, 3, 11, 0), brand)

    sweep(now=paris(2025, 3, 3, 16, 30))

    assert fired(early, "sla_breached").exists()
    assert not fired(late, "sla_breached").exists()
    assert TicketTarget.objects.filter(ticket=late, breached_at__isnull=True).count() == 2
