"""Recording audit events; called by other actions inside their transaction."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.models.signals import post_save
from django.utils import timezone

from guichet.audit.models import Event


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if hasattr(value, "pk"):
        return value.pk
    if isinstance(value, list | tuple | set):
        return [_plain(item) for item in value]
    return str(value)


def diff(before: dict[str, Any], after: dict[str, Any]) -> list[dict[str, Any]]:
    """The fields whose value changed, as [{field, old, new}]."""
    return [
        {"field": key, "old": _plain(before.get(key)), "new": _plain(after[key])}
        for key in after
        if _plain(before.get(key)) != _plain(after[key])
    ]


def record_event(
    actor: Any,
    verb: str,
    target: Any,
    *,
    ticket: Any = None,
    changes: list[dict[str, Any]] | None = None,
    data: dict[str, Any] | None = None,
    at: Any = None,
) -> Event:
    event = _event(actor, verb, target, ticket=ticket, changes=changes, data=data, at=at)
    event.save(force_insert=True)
    return event


def record_events_about_no_ticket(
    actor: Any, verb: str, targets: Sequence[Any], *, at: Any = None
) -> list[Event]:
    """`record_event` for each target, in one INSERT. Only for events that concern no ticket:
    a bulk insert sends no post_save, and the SLA clocks and automations follow ticket events
    through it (they ignore the others)."""
    at = at or timezone.now()
    return Event.objects.bulk_create(_event(actor, verb, target, at=at) for target in targets)


def record_ticket_events(
    actor: Any, verb: str, items: Sequence[tuple[Any, dict[str, Any], Any]]
) -> list[Event]:
    """`record_event(actor, verb, ticket, ticket=ticket, data=data, at=at)` for each
    (ticket, data, at), in one INSERT. Each event then sends post_save as its own save would:
    the SLA clocks and automations follow ticket events through it."""
    events = Event.objects.bulk_create(
        _event(actor, verb, ticket, ticket=ticket, data=data, at=at) for ticket, data, at in items
    )
    for event in events:
        post_save.send(
            Event,
            instance=event,
            created=True,
            update_fields=None,
            raw=False,
            using=event._state.db,
        )
    return events


def _event(
    actor: Any,
    verb: str,
    target: Any,
    *,
    ticket: Any = None,
    changes: list[dict[str, Any]] | None = None,
    data: dict[str, Any] | None = None,
    at: Any = None,
) -> Event:
    return Event(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        verb=verb,
        target_type=target._meta.model_name,
        target_id=target.pk,
        ticket=ticket,
        changes=changes or [],
        data=data or {},
        created_at=at or timezone.now(),
    )
