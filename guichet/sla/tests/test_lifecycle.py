"""The SLA clocks follow a ticket's life through the ticket actions' audit events."""

import pytest
import time_machine

from guichet.sla.models import TicketSla, TicketTarget
from guichet.sla.tests.support import clock, paris, policy, ticket_at, utc
from guichet.tickets.actions import do_update_ticket
from guichet.tickets.message_actions import do_add_customer_message, do_add_note, do_reply

pytestmark = pytest.mark.django_db

MONDAY_10 = paris(2025, 3, 3, 10, 0)  # Monday 3 March 2025, 10:00 Paris (09:00 UTC)


def test_new_ticket_starts_first_reply_and_resolution_clocks_on_the_policy_calendar(brand):
    # Given 4 business hours for a first reply, 40 for resolution, office hours with lunch
    policy(brand)

    # When a ticket arrives on Monday at 10:00
    ticket = ticket_at(MONDAY_10, brand)

    # Then the first reply is due at 16:00 (10-12, 14-16) and resolution 40 h later
    first = clock(ticket, "first_reply")
    assert first.due_at == paris(2025, 3, 3, 16, 0)
    assert first.warn_at == paris(2025, 3, 3, 15, 0)  # 75 % of 240 min = 180 min
    assert clock(ticket, "resolution").due_at == paris(2025, 3, 10, 17, 0)  # 7 h a day
    assert TicketSla.objects.get(ticket=ticket).policy.name == "Standard"


def test_clock_times_are_stored_and_returned_in_utc(brand):
    policy(brand)
    ticket = ticket_at(MONDAY_10, brand)

    first = clock(ticket, "first_reply")

    assert first.due_at.utcoffset().total_seconds() == 0
    assert first.due_at == utc(2025, 3, 3, 15, 0)


def test_brand_without_policy_gets_no_clocks(brand):
    ticket = ticket_at(MONDAY_10, brand)

    assert not TicketTarget.objects.filter(ticket=ticket).exists()
    assert TicketSla.objects.get(ticket=ticket).policy is None


def test_public_reply_in_time_meets_the_first_reply_clock_with_its_margin(brand, agent):
    policy(brand)
    ticket = ticket_at(MONDAY_10, brand)

    do_reply(agent, ticket, body="Bonjour", at=paris(2025, 3, 3, 11, 0))

    first = clock(ticket, "first_reply")
    assert first.outcome == "met"
    assert first.completed_at == paris(2025, 3, 3, 11, 0)
    assert first.elapsed_minutes == 60
    assert first.margin_minutes == 180


def test_late_reply_records_a_breach_and_by_how_much(brand, agent):
    policy(brand)
    ticket = ticket_at(MONDAY_10, brand)

    do_reply(agent, ticket, body="Désolé", at=paris(2025, 3, 4, 9, 30))

    first = clock(ticket, "first_reply")
    assert first.outcome == "breached"
    assert first.margin_minutes == -(2 * 60 + 30)  # due Monday 16:00: 16-18 + Tuesday 9-9:30


def test_internal_note_does_not_count_as_a_reply(brand, agent):
    policy(brand)
    ticket = ticket_at(MONDAY_10, brand)

    do_add_note(agent, ticket, body="Je regarde", at=paris(2025, 3, 3, 10, 30))

    assert clock(ticket, "first_reply").completed_at is None


def test_customer_message_after_a_reply_starts_a_next_reply_clock(brand, agent):
    policy(brand)
    ticket = ticket_at(MONDAY_10, brand)
    do_reply(agent, ticket, body="Pouvez-vous préciser ?", at=paris(2025, 3, 3, 10, 30))

    do_add_customer_message(agent, ticket, body="Voici", at=paris(2025, 3, 3, 11, 0))
    do_add_customer_message(agent, ticket, body="Et aussi", at=paris(2025, 3, 3, 11, 30))

    # Then one next-reply clock, from the oldest unanswered message
    next_reply = clock(ticket, "next_reply", 1)
    assert next_reply.started_at == paris(2025, 3, 3, 11, 0)
    assert next_reply.due_at == paris(2025, 3, 3, 17, 0)
    assert TicketTarget.objects.filter(ticket=ticket, metric="next_reply").count() == 1


def test_each_answered_customer_message_gets_its_own_next_reply_cycle(brand, agent):
    policy(brand)
    ticket = ticket_at(MONDAY_10, brand)
    do_reply(agent, ticket, body="1", at=paris(2025, 3, 3, 10, 30))
    do_add_customer_message(agent, ticket, body="a", at=paris(2025, 3, 3, 11, 0))
    do_reply(agent, ticket, body="2", at=paris(2025, 3, 3, 11, 10))

    do_add_customer_message(agent, ticket, body="b", at=paris(2025, 3, 3, 14, 0))

    assert clock(ticket, "next_reply", 1).outcome == "met"
    assert clock(ticket, "next_reply", 2).completed_at is None


def test_pending_pauses_the_clocks_and_resuming_pushes_them_back(brand, agent):
    policy(brand)
    ticket = ticket_at(MONDAY_10, brand)
    do_reply(
        agent, ticket, body="Pouvez-vous tester ?", status="pending", at=paris(2025, 3, 3, 10, 30)
    )
    resolution = clock(ticket, "resolution")
    assert resolution.due_at is None and resolution.is_paused

    # When the customer answers on Tuesday at 10:00 (a paused business day and a half)
    do_add_customer_message(agent, ticket, body="Toujours en panne", at=paris(2025, 3, 4, 10, 0))

    # Then resolution is due 40 business hours of unpaused time after creation
    resolution.refresh_from_db()
    assert not resolution.is_paused
    assert resolution.pauses == [["2025-03-03T09:30:00+00:00", "2025-03-04T09:00:00+00:00"]]
    assert resolution.due_at == paris(2025, 3, 11, 16, 30)  # 30 min used on Monday


def test_on_hold_does_not_pause_when_the_policy_says_so(brand, agent):
    policy(brand, pause_when_on_hold=False)
    ticket = ticket_at(MONDAY_10, brand)

    with time_machine.travel(paris(2025, 3, 3, 10, 30), tick=False):
        do_update_ticket(agent, ticket, status="on_hold")

    assert clock(ticket, "resolution").due_at == paris(2025, 3, 10, 17, 0)


def test_solving_meets_resolution_and_cancels_a_waiting_reply_clock(brand, agent):
    policy(brand)
    ticket = ticket_at(MONDAY_10, brand)

    with time_machine.travel(paris(2025, 3, 3, 11, 0), tick=False):
        do_update_ticket(agent, ticket, status="solved")

    assert clock(ticket, "resolution").outcome == "met"
    assert clock(ticket, "resolution").margin_minutes == 2400 - 60
    assert clock(ticket, "first_reply").outcome == "cancelled"


def test_reopening_resumes_resolution_with_the_solved_time_as_a_pause(brand, agent):
    policy(brand)
    ticket = ticket_at(MONDAY_10, brand)
    do_reply(agent, ticket, body="Corrigé", status="solved", at=paris(2025, 3, 3, 11, 0))

    do_add_customer_message(agent, ticket, body="Non", at=paris(2025, 3, 4, 11, 0))

    resolution = clock(ticket, "resolution")
    assert resolution.completed_at is None and resolution.outcome == ""
    # 7 business hours (Monday 11:00 -> Tuesday 11:00) added to the original Monday 17:00
    assert resolution.due_at == paris(2025, 3, 11, 17, 0)
    assert [entry["what"] for entry in resolution.history] == ["started", "met", "reopened"]


def test_priority_change_recomputes_running_clocks_from_their_start(brand, agent):
    policy(brand, {("first_reply", "normal"): 240, ("first_reply", "urgent"): 60})
    ticket = ticket_at(MONDAY_10, brand)

    with time_machine.travel(paris(2025, 3, 3, 10, 20), tick=False):
        do_update_ticket(agent, ticket, priority="urgent")

    first = clock(ticket, "first_reply")
    assert first.target_minutes == 60
    assert first.due_at == paris(2025, 3, 3, 11, 0)
    assert first.history[-1]["what"] == "recomputed"


def test_policy_change_mid_ticket_applies_the_new_policy(brand, agent):
    # Given a standard policy and a VIP policy matching the tag "vip"
    policy(brand)
    vip = policy(
        brand,
        {("first_reply", "normal"): 30, ("resolution", "normal"): 480},
        name="VIP",
        is_default=False,
        conditions={"tag": ["vip"]},
    )
    ticket = ticket_at(MONDAY_10, brand)

    # When the ticket gets tagged vip at 10:10
    with time_machine.travel(paris(2025, 3, 3, 10, 10), tick=False):
        do_update_ticket(agent, ticket, tags=["vip"])

    assert TicketSla.objects.get(ticket=ticket).policy == vip
    assert clock(ticket, "first_reply").due_at == paris(2025, 3, 3, 10, 30)
    assert clock(ticket, "resolution").due_at == paris(2025, 3, 4, 11, 0)


def test_priority_without_a_target_in_the_policy_cancels_the_clock(brand, agent):
    policy(brand, {("first_reply", "normal"): 240})
    ticket = ticket_at(MONDAY_10, brand)

    with time_machine.travel(paris(2025, 3, 3, 10, 20), tick=False):
        do_update_ticket(agent, ticket, priority="low")

    assert clock(ticket, "first_reply").outcome == "cancelled"


def test_merged_ticket_clocks_are_cancelled_not_met(brand, agent):
    from guichet.tickets.merge_actions import do_merge_tickets

    policy(brand)
    source = ticket_at(MONDAY_10, brand)
    target = ticket_at(MONDAY_10, brand)

    with time_machine.travel(paris(2025, 3, 3, 10, 30), tick=False):
        do_merge_tickets(agent, source, target)

    assert {t.outcome for t in TicketTarget.objects.filter(ticket=source)} == {"cancelled"}
    assert TicketSla.objects.get(ticket=source).status == "closed"
    assert clock(target, "first_reply").completed_at is None


def test_each_target_may_run_on_its_own_calendar(brand):
    # Given first reply on office hours but resolution on a 24/7 calendar
    from guichet.sla.models import SlaPolicyTarget
    from guichet.sla.tests.support import calendar

    standard = policy(brand, {("first_reply", "normal"): 240})
    always = calendar(name="24/7", weekly_hours={"mon-sun": "00:00-24:00"}, public_holidays="")
    SlaPolicyTarget.objects.create(
        policy=standard, metric="resolution", priority="normal", minutes=1440, calendar=always
    )

    # When a ticket arrives on Friday at 17:00
    ticket = ticket_at(paris(2025, 3, 7, 17, 0), brand)

    # Then first reply waits for Monday's opening; resolution counts the weekend
    assert clock(ticket, "first_reply").due_at == paris(2025, 3, 10, 12, 0)
    assert clock(ticket, "resolution").due_at == paris(2025, 3, 8, 17, 0)
    assert clock(ticket, "resolution").calendar == always
