"""Ticket status transitions, as data and pure functions."""

from __future__ import annotations

from guichet.tickets.models import Status

TRANSITIONS: dict[str, set[str]] = {
    Status.NEW: {Status.OPEN, Status.PENDING, Status.ON_HOLD, Status.SOLVED},
    Status.OPEN: {Status.PENDING, Status.ON_HOLD, Status.SOLVED},
    Status.PENDING: {Status.OPEN, Status.ON_HOLD, Status.SOLVED},
    Status.ON_HOLD: {Status.OPEN, Status.PENDING, Status.SOLVED},
    Status.SOLVED: {Status.OPEN, Status.CLOSED},
    # A closed ticket is final: a new request becomes a follow-up ticket.
    Status.CLOSED: set(),
}


def can_transition(old: str, new: str) -> bool:
    return old == new or new in TRANSITIONS.get(old, set())


def status_after_customer_message(current: str) -> str:
    """A customer writing again re-opens a ticket that waits on them or was solved."""
    if current in (Status.PENDING, Status.SOLVED):
        return Status.OPEN
    return current


def status_after_agent_reply(current: str, requested: str | None) -> str:
    if requested:
        return requested
    return Status.OPEN if current == Status.NEW else current
