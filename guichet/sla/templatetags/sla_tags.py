"""Template tags for the SLA countdowns in the workspace (docs/sla.md)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from guichet.sla import queries
from guichet.sla.countdown import Countdown

register = template.Library()


@register.simple_tag
def sla_for_rows(rows: Any) -> dict[int, Countdown]:
    """The most urgent clock of each ticket of a queue page (one query)."""
    return queries.next_due([row.pk for row in rows], timezone.now())


@register.simple_tag
def ticket_sla_clocks(ticket: Any) -> list[Countdown]:
    return queries.ticket_clocks(ticket, timezone.now())


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
