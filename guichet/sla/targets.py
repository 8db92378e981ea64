"""The maths of one SLA clock, as pure functions over its started_at, minutes and pauses.

See docs/sla.md ("Policies and timers"). Pauses are `(start, end)` pairs, `end` None while the
pause runs; they are stored as ISO strings (`dump_pauses` / `load_pauses`). Results are UTC.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from guichet.sla import clock
from guichet.sla.calendar import Calendar
from guichet.sla.choices import Outcome

Pause = tuple[dt.datetime, dt.datetime | None]
_EPSILON_MINUTES = 1e-6  # float noise on microsecond-exact sums


@dataclass(frozen=True)
class Schedule:
    """When the clock warns and breaches; both None while a pause holds the clock first."""

    due_at: dt.datetime | None
    warn_at: dt.datetime | None


@dataclass(frozen=True)
class Result:
    outcome: str
    elapsed_minutes: float
    margin_minutes: float


def schedule(
    cal: Calendar,
    started_at: dt.datetime,
    minutes: int,
    warning_percent: int,
    pauses: list[Pause],
) -> Schedule:
    """Due at `minutes` business minutes of unpaused time; warned at `warning_percent` % of it."""
    due = clock.due_at(cal, started_at, minutes, pauses)
    warn = clock.due_at(cal, started_at, minutes * warning_percent / 100, pauses)
    return Schedule(due, warn)


def result_at(
    cal: Calendar,
    started_at: dt.datetime,
    minutes: int,
    pauses: list[Pause],
    completed_at: dt.datetime,
) -> Result:
    """How a clock stopped at `completed_at` did: met (on time) or breached, with the business
    minutes used and the margin left (negative: late by that much)."""
    closed = close_pause(pauses, completed_at)
    elapsed = max(
        0.0, clock.business_minutes_between_excluding(cal, started_at, completed_at, closed)
    )
    margin = minutes - elapsed
    outcome = Outcome.MET if margin >= -_EPSILON_MINUTES else Outcome.BREACHED
    return Result(str(outcome), round(elapsed, 4), round(margin, 4))


def is_paused(pauses: list[Pause]) -> bool:
    return any(end is None for _start, end in pauses)


def open_pause(pauses: list[Pause], at: dt.datetime) -> list[Pause]:
    """Pauses with one running from `at` (unchanged if one already runs)."""
    return list(pauses) if is_paused(pauses) else [*pauses, (at, None)]


def close_pause(pauses: list[Pause], at: dt.datetime) -> list[Pause]:
    """Pauses with the running one (if any) ended at `at` (never before its start)."""
    return [(start, max(start, at) if end is None else end) for start, end in pauses]


def add_pause(pauses: list[Pause], start: dt.datetime, end: dt.datetime) -> list[Pause]:
    return [*pauses, (start, max(start, end))]


def load_pauses(raw: Any) -> list[Pause]:
    return [
        (dt.datetime.fromisoformat(start), None if end is None else dt.datetime.fromisoformat(end))
        for start, end in (raw or [])
    ]


def dump_pauses(pauses: list[Pause]) -> list[list[str | None]]:
    return [[iso(start), None if end is None else iso(end)] for start, end in pauses]


def iso(moment: dt.datetime | None) -> str | None:
    return None if moment is None else moment.astimezone(dt.UTC).isoformat()


def history_entry(at: dt.datetime, what: str, **data: Any) -> dict[str, Any]:
    """One line of a clock's history: when, what happened, and the values it set."""
    entry: dict[str, Any] = {"at": iso(at), "what": what}
    for key, value in data.items():
        entry[key] = iso(value) if isinstance(value, dt.datetime) else value
    return entry
