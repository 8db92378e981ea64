"""Reads of the SLA clocks for the workspace and the API, always through access rules.

See docs/sla.md ("In the workspace and the API").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from django.db.models import Q

from guichet.core import access
from guichet.sla.countdown import Countdown, countdown, history_lines
from guichet.sla.models import TicketTarget
from guichet.tickets.models import Ticket

AT_RISK_LIMIT = 200
TICKET_CLOCKS_LIMIT = 30


def ticket_clocks(ticket: Ticket, now: dt.datetime) -> list[Countdown]:
    """A ticket's clocks: running ones first (soonest due first), then the latest finished.
    The caller has checked that the user may see the ticket."""
    rows = TicketTarget.objects.filter(ticket=ticket).order_by("-started_at", "-id")
    clocks = [
        replace(countdown(row, now), history=history_lines(row.history))
        for row in rows[:TICKET_CLOCKS_LIMIT]
    ]
    running = sorted((c for c in clocks if c.is_running), key=_urgency)
    return running + [c for c in clocks if not c.is_running]


def _urgency(c: Countdown) -> tuple[int, float]:
    return (1, 0.0) if c.seconds_left is None else (0, float(c.seconds_left))


def next_due(ticket_ids: Iterable[int], now: dt.datetime) -> dict[int, Countdown]:
    """For each ticket, its most urgent running clock (paused ones only when none runs);
    one query, for the queue rows."""
    best: dict[int, Countdown] = {}
    running = TicketTarget.objects.filter(ticket_id__in=list(ticket_ids), completed_at__isnull=True)
    for row in running.only(
        "id", "ticket_id", "metric", "due_at", "warn_at", "completed_at", "outcome",
        "margin_minutes",
    ):  # fmt: skip
        clock = countdown(row, now)
        current = best.get(row.ticket_id)
        if current is None or _urgency(clock) < _urgency(current):
            best[row.ticket_id] = clock
    return best


@dataclass(frozen=True)
class AtRiskRow:
    ticket: Ticket
    clock: Countdown


def at_risk(
    user: Any, now: dt.datetime, *, everything: bool = False, mine: bool = False
) -> list[AtRiskRow]:
    """Open tickets the user may see whose running clock is past its warning (or, with
    `everything`, every running clock), one row per ticket, soonest due (most overdue) first."""
    targets = TicketTarget.objects.filter(
        completed_at__isnull=True,
        due_at__isnull=False,
        ticket__in=access.visible_tickets(user).filter(merged_into__isnull=True),
    )
    if not everything:
        targets = targets.filter(Q(warn_at__lte=now) | Q(due_at__lte=now))
    if mine:
        targets = targets.filter(ticket__assignee=user)
    targets = targets.select_related(
        "ticket__assignee", "ticket__team", "ticket__requester", "ticket__organisation"
    ).order_by("due_at", "id")
    rows: list[AtRiskRow] = []
    seen: set[int] = set()
    for target in targets[: AT_RISK_LIMIT * 3]:
        if target.ticket_id in seen:
            continue
        seen.add(target.ticket_id)
        rows.append(AtRiskRow(target.ticket, countdown(target, now)))
        if len(rows) >= AT_RISK_LIMIT:
            break
    return rows
