"""The SLA sweep: claim every due warning, breach and rule timer exactly once. See docs/sla.md
("Timers") and docs/adr/0008-sla-timers.md.

One pass, run every minute by the periodic job `tasks.sweep_sla_timers` (any number of
workers may run it at once):

1. In one transaction per batch, select due rows (`warn_at <= now AND warned_at IS NULL ...`)
   oldest first, `FOR UPDATE SKIP LOCKED` on PostgreSQL (two sweepers take disjoint rows; on
   SQLite the transaction holds the write lock from BEGIN, so sweepers take turns).
2. Claim them with a conditional UPDATE that repeats the conditions (`... WHERE id IN (...)
   AND warned_at IS NULL`); a count that differs from the selection aborts the batch.
3. Record one audit event per claimed row (bulk insert) and enqueue jobs that notify and
   escalate (`dispatch_sla_events`, in chunks), in the same transaction: a crash loses the
   claim, the events and the jobs together, and the next sweep claims them again.
4. Repeat until a batch comes back short. Due times are compared with `now`, never with
   "the last minute", so a sweeper that was down catches up with everything overdue.

Breaches are claimed before warnings and mark the warning as done: a clock found already past
due does not warn after the fact.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from guichet.audit.models import Event
from guichet.jobs.enqueue import on_commit
from guichet.sla.models import EscalationTimer, TicketTarget

logger = logging.getLogger("guichet.sla")

BATCH = 5_000
DISPATCH_CHUNK = 250


@dataclass
class SweepResult:
    breached: int = 0
    warned: int = 0
    timers: int = 0

    @property
    def total(self) -> int:
        return self.breached + self.warned + self.timers


def sweep(now: dt.datetime | None = None, batch: int = BATCH) -> SweepResult:
    """Claim and fire everything due at `now` (default: the current time)."""
    now = now or timezone.now()
    result = SweepResult()
    result.breached = _drain(lambda: _claim_breaches(now, batch), batch)
    result.warned = _drain(lambda: _claim_warnings(now, batch), batch)
    result.timers = _drain(lambda: _claim_timers(now, batch), batch)
    if result.total:
        logger.info(
            "SLA sweep at %s: %d breaches, %d warnings, %d rule timers",
            now.isoformat(), result.breached, result.warned, result.timers,
        )  # fmt: skip
    return result


def _drain(claim_batch: Callable[[], int], batch: int) -> int:
    total = 0
    while True:
        try:
            with transaction.atomic():
                claimed = claim_batch()
        except ClaimConflict as conflict:  # cannot happen with the locks; never fire twice
            logger.warning("SLA sweep batch given back: %s", conflict)
            return total
        total += claimed
        if claimed < batch:
            return total


def _locked(qs: QuerySet[Any]) -> QuerySet[Any]:
    """Rows another sweeper holds are skipped (PostgreSQL); SQLite ignores FOR UPDATE."""
    if connection.features.has_select_for_update_skip_locked:
        return qs.select_for_update(skip_locked=True, of=("self",))
    return qs


def _claim_breaches(now: dt.datetime, batch: int) -> int:
    due = Q(breached_at__isnull=True, completed_at__isnull=True, due_at__lte=now)
    ids = list(
        _locked(TicketTarget.objects.filter(due))
        .order_by("due_at", "id")
        .values_list("id", flat=True)[:batch]
    )
    if not ids:
        return 0
    claimed = TicketTarget.objects.filter(due, pk__in=ids).update(breached_at=now, updated_at=now)
    _check(claimed, ids)
    TicketTarget.objects.filter(pk__in=ids, warned_at__isnull=True).update(warned_at=now)
    _fire("sla_breached", TicketTarget, ids, now, key="metric")
    return len(ids)


def _claim_warnings(now: dt.datetime, batch: int) -> int:
    due = Q(warned_at__isnull=True, completed_at__isnull=True, warn_at__lte=now, due_at__gt=now)
    ids = list(
        _locked(TicketTarget.objects.filter(due))
        .order_by("warn_at", "id")
        .values_list("id", flat=True)[:batch]
    )
    if not ids:
        return 0
    _check(TicketTarget.objects.filter(due, pk__in=ids).update(warned_at=now, updated_at=now), ids)
    _fire("sla_warning", TicketTarget, ids, now, key="metric")
    return len(ids)


def _claim_timers(now: dt.datetime, batch: int) -> int:
    due = Q(fired_at__isnull=True, cancelled_at__isnull=True, fire_at__lte=now)
    ids = list(
        _locked(EscalationTimer.objects.filter(due))
        .order_by("fire_at", "id")
        .values_list("id", flat=True)[:batch]
    )
    if not ids:
        return 0
    _check(EscalationTimer.objects.filter(due, pk__in=ids).update(fired_at=now), ids)
    _fire("escalation_due", EscalationTimer, ids, now, key="rule")
    return len(ids)


def _check(claimed: int, ids: list[int]) -> None:
    if claimed != len(ids):  # another sweeper got there first: give this batch back
        raise ClaimConflict(f"claimed {claimed} of {len(ids)} selected timers")


class ClaimConflict(RuntimeError):
    pass


def _fire(verb: str, model: Any, ids: list[int], now: dt.datetime, key: str) -> None:
    """One audit event per claimed row, and the jobs that act on them (same transaction).

    The events are written by one INSERT ... SELECT from the claimed rows (RETURNING their
    ids): building 6,000 Event objects in Python would cost more than the whole claim.
    """
    from guichet.sla.tasks import dispatch_sla_events

    ops = connection.ops
    source = ops.quote_name(model._meta.db_table)
    column = ops.quote_name(f"{key}_id" if key == "rule" else key)
    if connection.vendor == "postgresql":
        changes, data = "CAST('[]' AS jsonb)", f"jsonb_build_object('{key}', {column})"
    else:
        changes, data = "'[]'", f"json_object('{key}', {column})"
    placeholders = ", ".join(["%s"] * len(ids))
    # Only quoted names and placeholders are interpolated; every value is a parameter.
    sql = (
        f"INSERT INTO {ops.quote_name(Event._meta.db_table)} "  # noqa: S608
        "(actor_id, verb, target_type, target_id, ticket_id, changes, data, created_at) "
        f"SELECT NULL, %s, %s, id, ticket_id, {changes}, {data}, %s FROM {source} "
        f"WHERE id IN ({placeholders}) ORDER BY id RETURNING id"
    )
    params = [verb, model._meta.model_name, ops.adapt_datetimefield_value(now), *ids]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        event_ids = sorted(row[0] for row in cursor.fetchall())
    for start in range(0, len(event_ids), DISPATCH_CHUNK):
        on_commit(dispatch_sla_events, event_ids[start : start + DISPATCH_CHUNK])
