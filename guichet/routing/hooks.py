"""What routing hears from the ticket actions: every change of team or assignee is logged with
its reason, and freed capacity wakes the team's queue. See docs/routing.md ("Reasons").

guichet.tickets.actions calls `ticket_changed` inside its transaction. Routing itself says why
it moves a ticket with `routing_reason(...)` around its call to the ticket action.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from guichet.routing.models import Assignment, QueueEntry, Reason
from guichet.sla.system import is_system


@dataclass(frozen=True)
class Why:
    reason: str
    rule_id: int | None = None
    detail: dict[str, Any] = field(default_factory=dict)


_why: ContextVar[Why | None] = ContextVar("routing_reason", default=None)
_context: ContextVar[dict[str, Any] | None] = ContextVar("assignment_context", default=None)
CLOSED = ("solved", "closed")


@contextmanager
def routing_reason(
    reason: str, rule_id: int | None = None, detail: dict[str, Any] | None = None
) -> Iterator[None]:
    token = _why.set(Why(reason, rule_id, detail or {}))
    try:
        yield
    finally:
        _why.reset(token)


@contextmanager
def assignment_context(**detail: Any) -> Iterator[None]:
    """What moved the ticket, when it is not routing itself (e.g. which automation): added to
    the `detail` of the assignments recorded inside, whatever their reason."""
    token = _context.set({**(_context.get() or {}), **detail})
    try:
        yield
    finally:
        _context.reset(token)


def infer_reason(actor: Any, old_team_id: int | None, new_team_id: int | None) -> str:
    """Without an explicit reason: the system account acts automatically; a person who moves
    a ticket to another team transfers it; otherwise an agent (re)assigned it by hand."""
    if is_system(actor):
        return Reason.SYSTEM
    if old_team_id is not None and new_team_id != old_team_id:
        return Reason.TRANSFER
    return Reason.MANUAL


def ticket_changed(
    actor: Any,
    ticket: Any,
    *,
    old_team_id: int | None,
    old_assignee_id: int | None,
    old_status: str,
    reason: str = "",
) -> None:
    """Called by the ticket actions after a change, inside their transaction."""
    moved = ticket.team_id != old_team_id or ticket.assignee_id != old_assignee_id
    why = _why.get()
    if moved:
        if why is None:
            why = Why(reason or infer_reason(actor, old_team_id, ticket.team_id))
        Assignment.objects.create(
            ticket=ticket,
            brand_id=ticket.brand_id,
            from_team_id=old_team_id,
            to_team_id=ticket.team_id,
            from_assignee_id=old_assignee_id,
            to_assignee_id=ticket.assignee_id,
            actor=actor if getattr(actor, "is_authenticated", False) else None,
            reason=why.reason if why.reason in Reason.values else Reason.MANUAL,
            rule_id=why.rule_id,
            detail={**(_context.get() or {}), **why.detail},
            created_at=timezone.now(),
        )
    _after_change(ticket, old_team_id, old_assignee_id, old_status, routed=_why.get() is not None)


def _after_change(
    ticket: Any, old_team_id: int | None, old_assignee_id: int | None, old_status: str, routed: bool
) -> None:
    from guichet.jobs.enqueue import on_commit
    from guichet.routing import tasks

    closed_now = ticket.status in CLOSED and old_status not in CLOSED
    assigned_now = ticket.assignee_id is not None and ticket.assignee_id != old_assignee_id
    if assigned_now or closed_now:
        QueueEntry.objects.filter(ticket_id=ticket.pk).delete()
    freed = ticket.assignee_id != old_assignee_id or closed_now
    if freed and old_assignee_id is not None:
        # The agent who has room again may serve any of their teams' queues.
        waiting = QueueEntry.objects.filter(team__agents__user_id=old_assignee_id)
        for team_id in sorted(set(waiting.values_list("team_id", flat=True))):
            on_commit(tasks.drain_team, team_id)
    handed_to_team = (
        not routed
        and ticket.team_id is not None
        and ticket.team_id != old_team_id
        and ticket.assignee_id is None
        and ticket.status not in CLOSED
    )
    if handed_to_team:
        on_commit(tasks.route_ticket, ticket.pk)
