"""Shared calendars, instants and slow-but-obvious reference implementations for the SLA tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from guichet.sla.calendar import Calendar
from guichet.sla.public_holidays import FRANCE
from guichet.sla.walltime import MINUTE_US, from_us, to_us

PARIS = ZoneInfo("Europe/Paris")
OFFICE = Calendar.build("Europe/Paris", {"mon-fri": "09:00-18:00"})
LUNCH = Calendar.build(
    "Europe/Paris", {"mon-fri": "09:00-12:00, 14:00-18:00"}, public_holidays=FRANCE
)
EVERY_DAY = Calendar.build("Europe/Paris", {"mon-sun": "08:00-20:00"})
NIGHTS = Calendar.build("Europe/Paris", {"mon-sun": "01:00-04:00"})


def paris(y: int, mo: int, d: int, h: int = 0, mi: int = 0, *, fold: int = 0) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=PARIS, fold=fold)


def utc(y: int, mo: int, d: int, h: int = 0, mi: int = 0) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=UTC)


def plus(moment: datetime, minutes: float) -> datetime:
    """Real (not wall-clock) addition: Python adds a timedelta to an aware datetime on the wall
    clock of its zone, which is wrong across DST changes."""
    return (moment.astimezone(UTC) + timedelta(minutes=minutes)).astimezone(moment.tzinfo)


def elapsed_minutes(start: datetime, end: datetime) -> float:
    """Real elapsed minutes (same-zone subtraction in Python is wall-clock, see `plus`), from
    whole microseconds divided once, as the arithmetic does (`total_seconds() / 60` rounds
    twice and can come out one ulp below it)."""
    delta = end.astimezone(UTC) - start.astimezone(UTC)
    return (delta // timedelta(microseconds=1)) / 60_000_000


def oracle_is_open(cal: Calendar, moment: datetime) -> bool:
    """Open iff the wall clock's time on its date lies in that date's hours, outside closures."""
    local = moment.astimezone(cal.tz)
    minute = local.hour * 60 + local.minute
    in_hours = any(iv.start <= minute < iv.end for iv in cal.hours_on(local.date()))
    closed = any(c.start <= moment < c.end for c in cal.closures)
    return in_hours and not closed


def reference_add(cal: Calendar, start: datetime, minutes: int) -> datetime:
    """Day by day over the calendar's segments, never skipping a week."""
    cursor, remaining = to_us(start), minutes * MINUTE_US
    if remaining == 0:
        return start
    day = cal.local_date(cursor)
    while True:
        for lo, hi in cal.segments(day):
            lo = max(lo, cursor)
            if hi > lo:
                if remaining <= hi - lo:
                    return from_us(lo + remaining, UTC)
                remaining -= hi - lo
        day += timedelta(days=1)


def reference_between(cal: Calendar, start: datetime, end: datetime) -> float:
    lo, hi = to_us(start), to_us(end)
    total, day = 0, cal.local_date(lo)
    while day <= cal.local_date(hi):
        total += sum(max(0, min(b, hi) - max(a, lo)) for a, b in cal.segments(day))
        day += timedelta(days=1)
    return total / MINUTE_US
