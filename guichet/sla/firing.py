"""What happens after the sweep fired an SLA warning, a breach or a rule timer, and the handover
note after an escalation. Run by jobs (`tasks.py`); each event is handled once.

See docs/sla.md ("Timers", "Escalation").
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from guichet.audit.actions import record_event
from guichet.audit.models import Event
from guichet.core.errors import ActionError
from guichet.notifications.actions import do_notify_each
from guichet.sla import escalation
from guichet.sla.choices import RuleTrigger
from guichet.sla.countdown import METRIC_LABELS, countdown
from guichet.sla.facts import facts_of
from guichet.sla.handover import HandoverFacts, compose_handover
from guichet.sla.models import (
    DispatchedEvent,
    EscalationRecord,
    EscalationRule,
    EscalationTimer,
    TicketTarget,
)
from guichet.sla.oncall import who_is_on_call
from guichet.sla.policies import matches
from guichet.sla.system import system_actor
from guichet.sla.targets import history_entry
from guichet.tickets.models import Message, Ticket

logger = logging.getLogger("guichet.sla")
CLOCK_VERBS = {"sla_warning": RuleTrigger.WARNING, "sla_breached": RuleTrigger.BREACH}


def dispatch_event(event_id: int) -> bool:
    """Act on one fired SLA event (notify, run rules, queue triggers); False if already done."""
    with transaction.atomic():
        event = Event.objects.select_related("ticket").filter(pk=event_id).first()
        if event is None or event.ticket is None or not _first_time(event, "sla_dispatch"):
            return False
        if event.verb in CLOCK_VERBS:
            _clock_fired(event)
        elif event.verb == "escalation_due":
            _timer_fired(event)
        from guichet.automations.hooks import enqueue_triggers

        enqueue_triggers(event)
    return True


def _first_time(event: Event, handler: str) -> bool:
    _row, created = DispatchedEvent.objects.get_or_create(event=event, handler=handler)
    return created


def _ticket(ticket_id: int) -> Ticket:
    return (
        Ticket.objects.select_related("organisation", "team", "assignee", "brand")
        .prefetch_related("tags")
        .get(pk=ticket_id)
    )


def _clock_fired(event: Event) -> None:
    """A clock warned or breached: note it in the clock's history, tell whoever holds the
    ticket, run the matching rules."""
    target = TicketTarget.objects.select_for_update().filter(pk=event.target_id).first()
    if target is not None:
        _note_in_history(target, event)
    ticket = _ticket(event.ticket_id)  # type: ignore[arg-type]
    if target is None or target.completed_at is not None or not ticket.is_open:
        return  # met or closed since the sweep fired
    breached = event.verb == "sla_breached"
    label = METRIC_LABELS.get(target.metric, target.metric)

    def text() -> str:
        return (
            _("%(ref)s : SLA %(metric)s dépassé")
            if breached
            else _("%(ref)s : SLA %(metric)s bientôt dépassé")
        ) % {"ref": ticket.reference, "metric": str(label).lower()}

    do_notify_each(responsible_users(ticket), event.verb, text, ticket=ticket, email=breached)
    trigger = CLOCK_VERBS[event.verb]
    rules = EscalationRule.objects.filter(brand_id=ticket.brand_id, active=True, trigger=trigger)
    facts = facts_of(ticket)
    for rule in rules.select_related("page_rota", "webhook"):
        if rule.metric in ("", target.metric) and matches(rule.conditions, facts):
            fire_rule(rule, ticket, event.created_at)


def _note_in_history(target: TicketTarget, event: Event) -> None:
    """The sweep claims with a bare UPDATE (fast); the clock's history gets its line here,
    once per event (the dispatch is once per event), in time order (the clock may have
    changed between the sweep and this job; UTC ISO strings sort as instants)."""
    what = "breach_fired" if event.verb == "sla_breached" else "warning_fired"
    target.history.append(history_entry(event.created_at, what, event=event.pk))
    target.history.sort(key=lambda entry: str(entry.get("at", "")))
    target.save(update_fields=["history"])


def _timer_fired(event: Event) -> None:
    timer = (
        EscalationTimer.objects.select_related("rule__page_rota", "rule__webhook", "target")
        .filter(pk=event.target_id)
        .first()
    )
    if timer is None or not timer.rule.active:
        return
    ticket = _ticket(timer.ticket_id)
    if not ticket.is_open or (timer.target is not None and timer.target.completed_at is not None):
        return
    if matches(timer.rule.conditions, facts_of(ticket)):
        fire_rule(timer.rule, ticket, event.created_at)


def responsible_users(ticket: Ticket) -> list[Any]:
    """The assignee, else the active agents of the ticket's team."""
    if ticket.assignee is not None and ticket.assignee.is_active:
        return [ticket.assignee]
    if ticket.team is None:
        return []
    return [
        agent.user
        for agent in ticket.team.agents.select_related("user").filter(user__is_active=True)
    ]


def fire_rule(rule: EscalationRule, ticket: Ticket, at: dt.datetime) -> None:
    """Do what the rule says, in order: notify supervisors, escalate, page, call the webhook;
    record `escalation_rule_fired` on the ticket."""
    system = system_actor()

    def text() -> str:
        return _("%(ref)s : règle d'escalade « %(rule)s »") % {
            "ref": ticket.reference,
            "rule": rule.name,
        }

    if rule.notify_supervisors:
        do_notify_each(escalation.supervisors_of(ticket.brand_id), "sla_escalation", text,
                       ticket=ticket)  # fmt: skip
    escalated = _escalate(rule, ticket, system)
    paged = None
    if rule.page_rota is not None:
        paged = who_is_on_call(rule.page_rota, at)
        if paged is not None:
            do_notify_each([paged], "paged", lambda: _("Astreinte : %(text)s") % {"text": text()},
                           ticket=ticket)  # fmt: skip
        else:
            logger.warning("Rule %s: nobody is on call in rota %s", rule.pk, rule.page_rota_id)
    if rule.webhook is not None and rule.webhook.active:
        from guichet.automations.payloads import ticket_payload
        from guichet.automations.webhook_actions import do_enqueue_delivery

        payload = {"rule": {"id": rule.pk, "name": rule.name}, "ticket": ticket_payload(ticket),
                   "paged": paged.get_username() if paged else None}  # fmt: skip
        do_enqueue_delivery(rule.webhook, "escalation.rule_fired", payload, ticket=ticket)
    record_event(
        system, "escalation_rule_fired", ticket, ticket=ticket, at=at,
        data={"rule": rule.pk, "name": rule.name, "escalated": escalated,
              "paged": paged.pk if paged else None},
    )  # fmt: skip


def _escalate(rule: EscalationRule, ticket: Ticket, system: Any) -> bool:
    tier = rule.escalate_to_tier
    if tier is None or ticket.tier >= tier:
        return False
    from guichet.tickets.actions import do_escalate_ticket

    reason = _("Règle automatique « %(rule)s »") % {"rule": rule.name}
    try:
        with transaction.atomic(), escalation.escalating_by(rule.pk):
            do_escalate_ticket(system, ticket, tier=tier, reason=reason)
    except ActionError as error:  # e.g. no longer open: the rest of the rule still runs
        logger.warning("Rule %s could not escalate %s: %s", rule.pk, ticket.reference, error)
        return False
    return True


# --- The handover note -------------------------------------------------------------------


def write_handover_note(event_id: int) -> bool:
    """Add the handover note for one `ticket_escalated` event (once)."""
    from guichet.tickets.message_actions import do_add_note

    with transaction.atomic():
        event = Event.objects.select_related("actor").filter(pk=event_id).first()
        if event is None or event.ticket_id is None or not _first_time(event, "handover"):
            return False
        ticket = _ticket(event.ticket_id)
        do_add_note(system_actor(), ticket, body=compose_handover(handover_facts(event, ticket)))
    return True


def handover_facts(event: Event, ticket: Ticket) -> HandoverFacts:
    data = event.data or {}
    record = EscalationRecord.objects.select_related("rule").filter(event=event).first()
    actor = event.actor
    last = ticket.messages.filter(kind=Message.Kind.CUSTOMER).order_by("-created_at", "-id").first()
    now = timezone.now()
    clocks = [
        countdown(target, now).text
        for target in TicketTarget.objects.filter(ticket=ticket, completed_at__isnull=True)
    ]
    organisation = ticket.organisation
    return HandoverFacts(
        reference=ticket.reference,
        from_tier=int(data.get("from_tier") or 0),
        to_tier=int(data.get("to_tier") or ticket.tier),
        reason=str(data.get("reason", "")),
        escalated_by=(actor.get_full_name() or actor.get_username()) if actor else "—",
        priority=ticket.priority,
        status=ticket.status,
        requester=ticket.requester.name,
        organisation=organisation.name if organisation else "",
        segment=organisation.segment if organisation else "",
        previous_assignee=_previous_assignee(event),
        tags=tuple(sorted(tag.name for tag in ticket.tags.all())),
        time_spent_minutes=ticket.time_spent_seconds // 60,
        replies_sent=ticket.messages.filter(kind=Message.Kind.REPLY).count(),
        clocks=tuple(clocks),
        last_customer_message=last.body_text if last else "",
        automatic_rule=record.rule.name if record and record.rule else "",
    )


def _previous_assignee(event: Event) -> str:
    from django.contrib.auth import get_user_model

    old = next((c.get("old") for c in event.changes or [] if c.get("field") == "assignee"), None)
    user = get_user_model().objects.filter(pk=old).first() if old else None
    return (user.get_full_name() or user.get_username()) if user else ""
