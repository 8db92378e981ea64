"""Template tags for the SLA countdowns in the workspace (docs/sla.md)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from guichet.notifications.labels import kind_label
from guichet.sla import queries
from guichet.sla.countdown import Countdown
from guichet.sla.escalation import escalation_history

register = template.Library()


@register.simple_tag
def sla_for_rows(rows: Any) -> dict[int, Countdown]:
    """The most urgent clock of each ticket of a queue page (one query)."""
    return queries.next_due([row.pk for row in rows], timezone.now())


@register.simple_tag
def ticket_sla_clocks(ticket: Any) -> list[Countdown]:
    return queries.ticket_clocks(ticket, timezone.now())


@register.simple_tag
def ticket_escalations(ticket: Any) -> list[Any]:
    """The ticket's escalations, oldest first (who, which rule, why)."""
    return escalation_history(ticket)


@register.filter
def sla_of(clocks: dict[int, Countdown], ticket_id: int) -> Countdown | None:
    return clocks.get(ticket_id)


STATE_BADGES = {
    "ok": "badge-status-solved",
    "at_risk": "badge-status-new",
    "breached": "badge-status-open",
    "paused": "badge-status-on_hold",
    "met": "badge-status-closed",
    "late": "badge-status-open",
    "cancelled": "badge-status-closed",
}


@register.filter
def sla_badge_class(clock: Countdown) -> str:
    """A state's colours, borrowed from the status badges (no extra stylesheet)."""
    return STATE_BADGES.get(clock.state, "")


@register.filter
def sla_notification_kind(kind: str) -> str:
    """The label of a notification kind (the SLA app's among them)."""
    return kind_label(kind)
