"""Signal receiver: audit events about tickets queue the triggers that listen to them.

See docs/automations.md ("How triggers run"). Connected in `apps.AutomationsConfig.ready`.
Events recorded while a trigger cycle runs are not queued: the cycle itself re-evaluates the
triggers after each change (and never re-fires one), which is what keeps triggers from looping.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, Subquery

from guichet.automations.context import in_trigger_cycle
from guichet.automations.models import Automation
from guichet.jobs.enqueue import on_commit

# Audit verbs a trigger may listen to; later features add theirs (e.g. "survey_answered").
TRIGGER_EVENTS: dict[str, str] = {
    "ticket_created": "Ticket créé",
    "ticket_updated": "Ticket modifié",
    "ticket_escalated": "Ticket escaladé",
    "customer_replied": "Réponse du client",
    "reply_sent": "Réponse d'un agent",
    "sla_warning": "Alerte SLA (seuil d'avertissement)",
    "sla_breached": "SLA dépassé",
}


def register_trigger_event(verb: str, label: str) -> None:
    """Let triggers listen to another audit verb (call from an AppConfig.ready)."""
    TRIGGER_EVENTS[verb] = label


def on_event_saved(
    sender: Any, instance: Any, created: bool, raw: bool = False, **kwargs: Any
) -> None:
    if created and not raw and not in_trigger_cycle():
        enqueue_triggers(instance)


def enqueue_triggers(event: Any) -> bool:
    """Queue `run_event_triggers(event)` if an active trigger of the ticket's brand listens."""
    if event.ticket_id is None or event.verb not in TRIGGER_EVENTS:
        return False
    from guichet.automations.tasks import run_event_triggers
    from guichet.tickets.models import Ticket

    brand = Ticket.objects.filter(pk=event.ticket_id).values("brand_id")[:1]
    listening = Automation.objects.filter(
        kind=Automation.Kind.TRIGGER, event=event.verb, active=True
    ).filter(Q(brand__isnull=True) | Q(brand_id=Subquery(brand)))
    if not listening.exists():
        return False
    on_commit(run_event_triggers, event.pk)
    return True
