"""Escalation: automatic rules, paging the on-call manager, handover notes, history and rates."""

import pytest
import time_machine
from django.core import mail

from guichet.audit.models import Event
from guichet.automations.models import Webhook, WebhookDelivery
from guichet.core.tests import factories
from guichet.jobs.tests.support import drain
from guichet.notifications.models import Notification
from guichet.sla.escalation import escalation_history, escalation_rates
from guichet.sla.models import (
    EscalationRecord,
    EscalationRule,
    EscalationTimer,
    OnCallMember,
    OnCallRota,
)
from guichet.sla.sweep import sweep
from guichet.sla.system import SYSTEM_USERNAME
from guichet.sla.tests.support import paris, policy, ticket_at
from guichet.tickets.actions import do_escalate_ticket, do_update_ticket
from guichet.tickets.message_actions import do_add_customer_message, do_reply
from guichet.tickets.models import Message, Ticket

pytestmark = pytest.mark.django_db

MONDAY_10 = paris(2025, 3, 3, 10, 0)


@pytest.fixture
def tiers(brand):
    return {tier: factories.team(tier, brand, name=f"Niveau {tier}") for tier in (1, 2, 3, 4)}


@pytest.fixture
def supervisor(brand):
    return factories.agent("supervisor")


@pytest.fixture
def enterprise_rule(brand, tiers):
    policy(brand)
    return EscalationRule.objects.create(
        brand=brand, name="Entreprise sans réponse 2 h", conditions={"segment": ["enterprise"]},
        trigger="elapsed", metric="first_reply", after_minutes=120, notify_supervisors=True,
        escalate_to_tier=2,
    )  # fmt: skip


def enterprise_ticket(brand, at=MONDAY_10):
    organisation = factories.organisation(brand, segment="enterprise")
    return ticket_at(at, brand, requester=factories.contact(brand, organisation))


def test_enterprise_ticket_without_first_reply_after_2_business_hours_goes_to_n2(
    brand, tiers, supervisor, enterprise_rule
):
    # Given an enterprise ticket opened on Monday 10:00 (2 business hours: 12:00)
    ticket = enterprise_ticket(brand)
    timer = EscalationTimer.objects.get(ticket=ticket, rule=enterprise_rule)
    assert timer.fire_at == paris(2025, 3, 3, 12, 0)

    # When the sweep runs at 11:59 then at 12:00, and the jobs run
    assert sweep(now=paris(2025, 3, 3, 11, 59)).timers == 0
    with time_machine.travel(paris(2025, 3, 3, 12, 0), tick=False):
        assert sweep().timers == 1
        drain()

    # Then the supervisor is told, and the ticket moved to N2 with a handover note
    ticket.refresh_from_db()
    assert (ticket.tier, ticket.team) == (2, tiers[2])
    assert Notification.objects.filter(user=supervisor, kind="sla_escalation").count() == 1
    record = EscalationRecord.objects.get(ticket=ticket)
    assert (record.from_tier, record.to_tier, record.automatic, record.rule) == (
        1, 2, True, enterprise_rule,
    )  # fmt: skip
    note = Message.objects.get(ticket=ticket, kind="note")
    assert "N1 en N2" in note.body_text and "Entreprise sans réponse 2 h" in note.body_text
    assert note.author_user.username == SYSTEM_USERNAME


def test_first_reply_in_time_cancels_the_rule_timer(brand, enterprise_rule):
    ticket = enterprise_ticket(brand)
    do_reply(factories.agent(), ticket, body="Bonjour", at=paris(2025, 3, 3, 11, 0))

    assert sweep(now=paris(2025, 3, 3, 14, 0)).timers == 0
    assert EscalationTimer.objects.get(ticket=ticket).cancelled_at == paris(2025, 3, 3, 11, 0)


def test_rule_ignores_tickets_outside_its_conditions(brand, enterprise_rule):
    ticket = ticket_at(MONDAY_10, brand)  # no organisation

    assert not EscalationTimer.objects.filter(ticket=ticket).exists()


def test_rule_timer_follows_pauses(brand, enterprise_rule):
    ticket = enterprise_ticket(brand)
    agent = factories.agent()

    with time_machine.travel(paris(2025, 3, 3, 11, 0), tick=False):
        do_update_ticket(agent, ticket, status="on_hold")
    assert EscalationTimer.objects.get(ticket=ticket).fire_at is None
    with time_machine.travel(paris(2025, 3, 3, 14, 0), tick=False):
        do_update_ticket(agent, ticket, status="open")

    assert EscalationTimer.objects.get(ticket=ticket).fire_at == paris(2025, 3, 3, 15, 0)


@pytest.fixture
def rota(brand):
    manager = factories.agent("incident_manager", username="astreinte")
    other = factories.agent("incident_manager", username="relais")
    made = OnCallRota.objects.create(
        brand=brand, name="Astreinte incidents", starts_at=paris(2025, 3, 3, 9, 0), shift_hours=168
    )
    OnCallMember.objects.create(rota=made, user=manager, position=0)
    OnCallMember.objects.create(rota=made, user=other, position=1)
    return made


def test_urgent_incident_pages_the_on_call_manager_by_email_app_and_webhook(brand, rota):
    # Given a rule paging the rota (and a webhook) for urgent incidents, at once
    policy(brand)
    hook = Webhook.objects.create(name="PagerDuty", url="https://hooks.example.com/p", secret="s")
    EscalationRule.objects.create(
        brand=brand, name="Incident urgent", conditions={"priority": ["urgent"], "type": ["incident"]},
        trigger="elapsed", metric="", after_minutes=0, page_rota=rota, webhook=hook,
    )  # fmt: skip

    # When an urgent incident arrives and the jobs run
    with time_machine.travel(MONDAY_10, tick=False):
        ticket = factories.ticket(brand, priority="urgent", type="incident")
        drain()  # the sweep queued at once for a due timer, then its dispatch, then mail

    # Then the manager on call this week is paged in the app and by email, and the webhook queued
    paged = Notification.objects.get(kind="paged")
    assert paged.user.username == "astreinte" and paged.ticket == ticket
    assert any("astreinte@example.test" in m.to for m in mail.outbox)
    delivery = WebhookDelivery.objects.get(webhook=hook)
    assert delivery.event == "escalation.rule_fired"
    assert delivery.payload["paged"] == "astreinte"
    assert Event.objects.filter(ticket=ticket, verb="escalation_rule_fired").count() == 1


def test_ticket_becoming_urgent_later_pages_once(brand, rota):
    policy(brand)
    EscalationRule.objects.create(
        brand=brand, name="Urgent", conditions={"priority": ["urgent"]}, metric="",
        page_rota=rota,
    )  # fmt: skip
    ticket = ticket_at(MONDAY_10, brand)
    agent = factories.agent()

    with time_machine.travel(paris(2025, 3, 3, 10, 30), tick=False):
        do_update_ticket(agent, ticket, priority="urgent")
        do_update_ticket(agent, ticket, priority="high")
        do_update_ticket(agent, ticket, priority="urgent")
        sweep()
        sweep()

    assert Event.objects.filter(ticket=ticket, verb="escalation_due").count() == 1


def test_breach_rule_runs_when_the_breach_is_dispatched(brand, supervisor):
    policy(brand)
    EscalationRule.objects.create(
        brand=brand, name="Dépassement", trigger="breach", metric="first_reply",
        notify_supervisors=True,
    )  # fmt: skip
    ticket_at(MONDAY_10, brand)

    sweep(now=paris(2025, 3, 3, 16, 0))
    drain()

    assert Notification.objects.filter(user=supervisor, kind="sla_escalation").count() == 1


def test_manual_escalation_gets_a_handover_note(brand, tiers):
    policy(brand)
    agent = factories.agent()
    agent.first_name, agent.last_name = "Alice", "Martin"
    agent.save()
    ticket = ticket_at(MONDAY_10, brand, tags=["fibre"])
    do_add_customer_message(agent, ticket, body="Toujours rien, contact@acme.test", at=MONDAY_10)

    with time_machine.travel(paris(2025, 3, 3, 11, 0), tick=False):
        do_escalate_ticket(agent, ticket, tier=2, reason="Panne réseau à analyser")
        drain()

    note = Message.objects.get(ticket=ticket, kind="note")
    text = note.body_text
    assert "Motif : Panne réseau à analyser" in text
    assert "Escaladé par : Alice Martin" in text
    assert "Étiquettes : fibre" in text
    assert "1re réponse : 5 h 00 restantes" in text  # due 16:00... 5 h of real time left
    assert "contact＠acme.test" in text  # quoted customer text never mentions anybody
    assert not note.mentions.exists()
    record = EscalationRecord.objects.get(ticket=ticket)
    assert record.automatic is False and record.actor == agent


def test_handover_note_is_written_once_even_if_the_job_runs_twice(brand, tiers):
    from guichet.sla.firing import write_handover_note

    policy(brand)
    ticket = ticket_at(MONDAY_10, brand)
    do_escalate_ticket(factories.agent(), ticket, tier=2, reason="Analyse")
    event = Event.objects.get(ticket=ticket, verb="ticket_escalated")

    write_handover_note(event.pk)
    write_handover_note(event.pk)

    assert Message.objects.filter(ticket=ticket, kind="note").count() == 1


def test_escalation_history_lists_each_step(brand, tiers):
    ticket = ticket_at(MONDAY_10, brand)
    agent = factories.agent()
    do_escalate_ticket(agent, ticket, tier=2, reason="a")
    do_escalate_ticket(agent, ticket, tier=4, reason="b")

    steps = [(r.from_tier, r.to_tier, r.reason) for r in escalation_history(ticket)]

    assert steps == [(1, 2, "a"), (2, 4, "b")]


def test_escalation_rates_between_tiers(brand, tiers):
    # Given 4 tickets: two stay at N1, one goes N1 -> N2, one N1 -> N2 -> N4
    agent = factories.agent()
    tickets = [ticket_at(MONDAY_10, brand) for _ in range(4)]
    do_escalate_ticket(agent, tickets[2], tier=2, reason="a")
    do_escalate_ticket(agent, tickets[3], tier=2, reason="a")
    do_escalate_ticket(agent, tickets[3], tier=4, reason="b")

    rates = escalation_rates(brand_id=brand.pk)

    assert rates["N1->N2"] == {"reached": 4, "escalated": 2, "rate": 0.5}
    assert rates["N2->N3"] == {"reached": 2, "escalated": 1, "rate": 0.5}
    assert rates["N3->N4"] == {"reached": 1, "escalated": 1, "rate": 1.0}


def test_escalation_rates_count_tickets_in_the_period_only(brand, tiers):
    agent = factories.agent()
    old = ticket_at(paris(2025, 1, 6, 10, 0), brand)
    do_escalate_ticket(agent, old, tier=2, reason="a")
    ticket_at(MONDAY_10, brand)

    rates = escalation_rates(brand_id=brand.pk, since=paris(2025, 3, 1))

    assert rates["N1->N2"] == {"reached": 1, "escalated": 0, "rate": 0.0}
    assert Ticket.objects.count() == 2
