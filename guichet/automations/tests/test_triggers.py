"""Triggers run in order after an event, record every firing, and cannot loop."""

import pytest
import time_machine
from django.core import mail

from guichet.audit.models import Event
from guichet.automations.action_specs import check_actions
from guichet.automations.conditions import check_conditions
from guichet.automations.models import Automation, AutomationFiring
from guichet.automations.runner import MAX_PASSES, run_event_triggers
from guichet.core.tests import factories
from guichet.jobs.tests.support import drain
from guichet.sla.models import BusinessCalendar, SlaPolicy, SlaPolicyTarget
from guichet.sla.sweep import sweep
from guichet.sla.system import SYSTEM_USERNAME
from guichet.sla.tests.support import jobs, paris
from guichet.tickets.actions import do_update_ticket, tag_names
from guichet.tickets.message_actions import do_add_customer_message

pytestmark = pytest.mark.django_db


@pytest.fixture
def brand():
    return factories.brand()


def trigger(event="ticket_created", conditions=None, actions=None, position=0, **kwargs):
    """A trigger saved as the admin page saves it (cleaned conditions and actions)."""
    return Automation.objects.create(
        kind="trigger", event=event, conditions=check_conditions(conditions or {}),
        position=position, name=f"T{position}", **kwargs,
        actions=check_actions(actions or [{"type": "add_tags", "tags": ["vu"]}]),
    )  # fmt: skip


def is_(field, value):
    return {"field": field, "op": "is", "value": value}


def test_trigger_runs_after_the_event_as_the_system_actor(brand):
    trigger(conditions={"all": [is_("channel", "email")]},
            actions=[{"type": "set", "field": "priority", "value": "high"}])  # fmt: skip

    ticket = factories.ticket(brand, channel="email")
    drain()

    ticket.refresh_from_db()
    assert ticket.priority == "high"
    change = Event.objects.get(ticket=ticket, verb="ticket_updated")
    assert change.actor.username == SYSTEM_USERNAME


def test_every_firing_is_recorded_on_the_ticket(brand):
    automation = trigger()

    ticket = factories.ticket(brand)
    drain()

    event = Event.objects.get(ticket=ticket, verb="automation_fired")
    assert event.data["automation"] == automation.pk
    assert event.changes == [{"field": "tags", "old": [], "new": ["vu"]}]
    assert AutomationFiring.objects.get(ticket=ticket).detail["actions"] == ["add_tags"]


def test_trigger_whose_conditions_do_not_hold_does_nothing(brand):
    trigger(conditions={"all": [is_("priority", "urgent")]})

    ticket = factories.ticket(brand)
    drain()

    assert tag_names(ticket) == []
    assert not AutomationFiring.objects.exists()


def test_no_job_is_queued_when_no_trigger_listens(brand):
    trigger(event="customer_replied")

    factories.ticket(brand)

    assert jobs("run_event_triggers") == []


def test_triggers_run_in_order_each_seeing_the_previous_changes(brand):
    # Given T1 (position 1) makes the ticket urgent and T2 tags urgent tickets
    trigger(position=2, conditions={"all": [is_("priority", "urgent")]},
            actions=[{"type": "add_tags", "tags": ["urgence"]}])  # fmt: skip
    trigger(position=1, conditions={"all": [{"field": "tags", "op": "contains", "value": "panne"}]},
            actions=[{"type": "set", "field": "priority", "value": "urgent"}])  # fmt: skip

    ticket = factories.ticket(brand, tags=["panne"])
    drain()

    # Then both fired, T1 first, in one cycle
    ticket.refresh_from_db()
    assert ticket.priority == "urgent" and "urgence" in tag_names(ticket)
    names = list(
        Event.objects.filter(ticket=ticket, verb="automation_fired").values_list(
            "data__name", flat=True
        )
    )
    assert names == ["T1", "T2"]


def test_a_trigger_does_not_refire_on_its_own_changes(brand):
    # Given a trigger on every update that always adds a new note-tag (would loop for ever)
    automation = trigger(
        event="ticket_updated",
        actions=[{"type": "add_tags", "tags": ["x"]}, {"type": "add_note", "body": "encore"}],
    )
    ticket = factories.ticket(brand)
    agent = factories.agent()

    # When an agent updates the ticket and the jobs run until none is left
    do_update_ticket(agent, ticket, priority="high")
    drain()

    # Then it fired exactly once, and no further cycle was queued by its own changes
    assert AutomationFiring.objects.filter(automation=automation).count() == 1
    assert jobs("run_event_triggers")[-1].status == "SUCCESSFUL"
    assert len(jobs("run_event_triggers")) == 1


def test_depth_guard_stops_a_chain_of_triggers(brand):
    # Given a chain t0 -> t1 -> ... each tagging for the next, positioned last-first so that
    # each pass fires one link
    length = MAX_PASSES + 2
    for n in range(length):
        trigger(event="ticket_updated", position=length - n,
                conditions={"all": [{"field": "tags", "op": "contains", "value": f"c{n}"}]},
                actions=[{"type": "add_tags", "tags": [f"c{n + 1}"]}])  # fmt: skip
    ticket = factories.ticket(brand)

    do_update_ticket(factories.agent(), ticket, tags=["c0"])
    drain()

    assert AutomationFiring.objects.count() == MAX_PASSES
    assert Event.objects.filter(ticket=ticket, verb="automation_loop_stopped").count() == 1


def test_running_the_same_cycle_twice_fires_nothing_twice(brand):
    trigger()
    ticket = factories.ticket(brand)
    event = Event.objects.get(ticket=ticket, verb="ticket_created")

    first = run_event_triggers(event.pk)
    second = run_event_triggers(event.pk)

    assert len(first) == 1 and second == []


def test_customer_replied_trigger_emails_the_agent_from_a_template(brand):
    agent = factories.agent(username="bob")
    trigger(event="customer_replied", actions=[
        {"type": "email_agent", "to": "assignee", "subject": "{{ ticket.reference }} : le client a écrit",
         "body": "{{ requester.name }} a répondu."}])  # fmt: skip
    ticket = factories.ticket(brand)
    do_update_ticket(agent, ticket, assignee=agent)

    do_add_customer_message(agent, ticket, body="Merci")
    drain()

    sent = [m for m in mail.outbox if "le client a écrit" in m.subject]
    assert len(sent) == 1 and sent[0].subject == f"{ticket.reference} : le client a écrit"
    assert sent[0].to == ["bob@example.test"]
    assert ticket.requester.name in sent[0].body


def test_failed_action_rolls_back_the_firing_and_records_why(brand):
    trigger(actions=[{"type": "add_tags", "tags": ["a"]},
                     {"type": "assign", "team": "gone"}])  # fmt: skip

    ticket = factories.ticket(brand)
    drain()

    assert tag_names(ticket) == []
    firing = AutomationFiring.objects.get()
    assert firing.outcome == "failed" and "gone" in firing.detail["error"]
    assert Event.objects.filter(ticket=ticket, verb="automation_failed").exists()


def test_sla_breach_trigger_escalates(brand):
    cal = BusinessCalendar.objects.create(name="24/7", weekly_hours={"mon-sun": "00:00-24:00"})
    policy = SlaPolicy.objects.create(brand=brand, name="P", is_default=True, calendar=cal)
    SlaPolicyTarget.objects.create(
        policy=policy, metric="first_reply", priority="normal", minutes=60
    )
    factories.team(2, brand)
    trigger(event="sla_breached", conditions={"all": [is_("sla_metric", "first_reply")]},
            actions=[{"type": "escalate", "tier": 2, "reason": "SLA dépassé"}])  # fmt: skip
    with time_machine.travel(paris(2025, 3, 3, 10, 0), tick=False):
        ticket = factories.ticket(brand)

    with time_machine.travel(paris(2025, 3, 3, 11, 0), tick=False):
        sweep()
        drain()

    ticket.refresh_from_db()
    assert ticket.tier == 2


def test_a_later_event_plugs_into_the_same_trigger_mechanism(brand, monkeypatch):
    # Given a future feature registering its verb (e.g. survey answers) and a trigger on it
    from guichet.audit.actions import record_event
    from guichet.automations import hooks

    monkeypatch.setitem(hooks.TRIGGER_EVENTS, "survey_answered", "Enquête répondue")
    trigger(event="survey_answered", actions=[{"type": "add_tags", "tags": ["enquete"]}])
    ticket = factories.ticket(brand)
    drain()

    # When that feature records its event on the ticket
    record_event(factories.agent("admin"), "survey_answered", ticket, ticket=ticket)
    drain()

    # Then the trigger ran on it
    assert tag_names(ticket) == ["enquete"]
