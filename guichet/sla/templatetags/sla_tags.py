"""Template tags for the SLA countdowns in the workspace (docs/sla.md)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone
from django.utils.translation import gettext_lazy

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


NOTIFICATION_KINDS: dict[str, Any] = {
    "sla_warning": gettext_lazy("SLA bientôt dépassé"),
    "sla_breached": gettext_lazy("SLA dépassé"),
    "sla_escalation": gettext_lazy("Règle d'escalade"),
    "paged": gettext_lazy("Astreinte"),
}


@register.filter
def sla_notification_kind(kind: str) -> str:
    """The label of the notification kinds the SLA app sends (others: the code itself)."""
    return str(NOTIFICATION_KINDS.get(kind, kind))
