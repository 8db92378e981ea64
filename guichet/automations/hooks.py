"""Signal receiver: audit events about tickets queue the triggers that listen to them.

See docs/automations.md ("How triggers run"). Connected in `apps.AutomationsConfig.ready`.
Events recorded while a trigger cycle runs are not queued: the cycle itself re-evaluates the
triggers after each change (and never re-fires one), which is what keeps triggers from looping.
"""

from __future__ import annotations

from typing import Any

from guichet.automations.context import in_trigger_cycle
from guichet.automations.models import Automation
from guichet.core.transaction_memo import forget, memoised
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

    brands = listening_brands().get(event.verb)
    if not brands:
        return False
    if None not in brands and _brand_of(event) not in brands:
        return False
    on_commit(run_event_triggers, event.pk)
    return True


def listening_brands() -> dict[str, frozenset[int | None]]:
    """verb -> the brands with an active trigger on it (None: a trigger for every brand);
    read once per transaction (guichet/core/transaction_memo.py)."""
    return memoised("automations", "listening", _read_listening)


def _read_listening() -> dict[str, frozenset[int | None]]:
    pairs = (
        Automation.objects.filter(kind=Automation.Kind.TRIGGER, active=True)
        .order_by()
        .values_list("event", "brand_id")
        .distinct()
    )
    found: dict[str, set[int | None]] = {}
    for verb, brand_id in pairs:
        found.setdefault(verb, set()).add(brand_id)
    return {verb: frozenset(brands) for verb, brands in found.items()}


def _brand_of(event: Any) -> int | None:
    """The brand of the event's ticket: from the instance it was recorded with, else read."""
    from guichet.tickets.models import Ticket

    if type(event).ticket.is_cached(event) and event.ticket is not None:
        return event.ticket.brand_id  # type: ignore[no-any-return]
    return Ticket.objects.filter(pk=event.ticket_id).values_list("brand_id", flat=True).first()


def on_automation_changed(sender: Any, **kwargs: Any) -> None:
    """An automation was saved or deleted: the triggers listening are read again."""
    forget("automations")
