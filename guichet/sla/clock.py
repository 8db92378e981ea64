"""Business-time arithmetic on a `Calendar`, as pure functions. See docs/sla.md ("Arithmetic").

Conventions:
- Inputs are aware datetimes in any zone (naive ones are refused); results are aware datetimes
  in UTC. Not in the input's zone: Python compares and subtracts two datetimes that share a
  tzinfo on the wall clock, ignoring `fold`, so Paris-zoned results would mis-order within the
  repeated autumn hour. UTC values compare and subtract as instants (Django stores UTC too).
- Business time is the measure of the open instants: an open interval's real length, so a
  08:00-20:00 day lasts 12 real hours even on a DST day and 01:00-04:00 lasts 2 hours on the
  spring-forward night.
- `add_business_minutes(cal, s, m)` is the earliest instant t with m business minutes in [s, t):
  for m > 0 it is open or the end of an open stretch (Friday 17:30 + 30 min with 18:00 closing
  is Friday 18:00, not Monday 09:00); for m = 0 it is s itself.
- Instants are integer microseconds internally, so sums are exact; minutes given as floats are
  rounded to the microsecond.
- Long additions walk day by day, skipping whole ordinary weeks (no holiday, exception, closure
  or DST change) while more than a week of business time remains.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta

from guichet.sla.calendar import Calendar
from guichet.sla.walltime import MINUTE_US, Span, from_us, to_us

MAX_SEARCH_DAYS = 50 * 366
_DAY = timedelta(days=1)
_WEEK = timedelta(days=7)

Pause = tuple[datetime, datetime | None]


def add_business_minutes(cal: Calendar, start: datetime, minutes: float) -> datetime:
    """The instant `minutes` business minutes after `start` (see the module conventions)."""
    remaining = minutes_to_us(minutes)
    start_us = to_us(start)
    if remaining == 0:
        return from_us(start_us, UTC)
    return from_us(_walk_forward(cal, start_us, remaining), UTC)


def business_minutes_between(cal: Calendar, start: datetime, end: datetime) -> float:
    """Business minutes in [start, end); negative when end is before start, so that
    between(a, c) == between(a, b) + between(b, c) for any a, b, c."""
    lo, hi = to_us(start), to_us(end)
    if hi < lo:
        return -_between_us(cal, hi, lo) / MINUTE_US
    return _between_us(cal, lo, hi) / MINUTE_US


def is_open(cal: Calendar, at: datetime) -> bool:
    """Whether `at` is a business instant (open intervals are half-open: 18:00 is closed)."""
    instant = to_us(at)
    if cal.is_always_open:
        return True
    return any(lo <= instant < hi for lo, hi in cal.segments(cal.local_date(instant)))


def next_opening(cal: Calendar, at: datetime) -> datetime:
    """The earliest open instant at or after `at` (`at` itself, in UTC, when open)."""
    instant = to_us(at)
    if cal.is_always_open:
        return from_us(instant, UTC)
    day = cal.local_date(instant)
    for _ in range(MAX_SEARCH_DAYS):
        for lo, hi in cal.segments(day):
            if hi > instant:
                return from_us(max(lo, instant), UTC)
        day += _DAY
    raise ValueError(f"the calendar does not open within {MAX_SEARCH_DAYS} days of {at}")


def business_minutes_between_excluding(
    cal: Calendar, start: datetime, end: datetime, pauses: Iterable[Pause]
) -> float:
    """Business minutes in [start, end) outside the pauses (a pause ending in None is still
    running); negative when end is before start, like `business_minutes_between`."""
    lo, hi = to_us(start), to_us(end)
    sign = 1
    if hi < lo:
        lo, hi, sign = hi, lo, -1
    total = _between_us(cal, lo, hi)
    for p_lo, p_hi in merge_pauses(pauses, lo):
        if p_lo >= hi:
            break
        total -= _between_us(cal, p_lo, hi if p_hi is None else min(p_hi, hi))
    return sign * total / MINUTE_US


def due_at(
    cal: Calendar, start: datetime, target_minutes: float, pauses: Iterable[Pause] = ()
) -> datetime | None:
    """When `target_minutes` of unpaused business time since `start` are spent, or None while
    a running pause (end None) stops the clock before then.

    1. Merge the pauses and drop what lies before `start`.
    2. Between pauses, spend the business time available; the target falls in the first gap
       that has enough, and is found there by `add_business_minutes`.
    3. After the last pause, add whatever remains.
    """
    remaining = minutes_to_us(target_minutes)
    cursor = to_us(start)
    if remaining == 0:
        return from_us(cursor, UTC)
    for p_lo, p_hi in merge_pauses(pauses, cursor):
        available = _between_us(cal, cursor, p_lo)
        if remaining <= available:
            break
        remaining -= available
        if p_hi is None:
            return None
        cursor = max(cursor, p_hi)
    return from_us(_walk_forward(cal, cursor, remaining), UTC)


def merge_pauses(pauses: Iterable[Pause], since: int = 0) -> list[tuple[int, int | None]]:
    """Pauses as sorted, disjoint µs spans clipped to start at `since` (None = still running).

    Refuses naive datetimes and pauses that end before they start.
    """
    spans: list[tuple[int, int | None]] = []
    for p_start, p_end in pauses:
        lo = to_us(p_start)
        hi = None if p_end is None else to_us(p_end)
        if hi is not None and hi < lo:
            raise ValueError(f"pause ends ({p_end}) before it starts ({p_start})")
        lo = max(lo, since)
        if hi is None or hi > lo:
            spans.append((lo, hi))
    merged: list[tuple[int, int | None]] = []
    for lo, hi in sorted(spans, key=lambda span: span[0]):
        last_hi = merged[-1][1] if merged else lo - 1
        if last_hi is None:
            break  # a running pause swallows every later one
        if lo <= last_hi:
            merged[-1] = (merged[-1][0], None if hi is None else max(hi, last_hi))
        else:
            merged.append((lo, hi))
    return merged


def minutes_to_us(minutes: float) -> int:
    """Minutes (int or float, >= 0) as whole microseconds."""
    if isinstance(minutes, int):
        value = minutes * MINUTE_US
    elif math.isfinite(minutes):
        value = round(minutes * MINUTE_US)
    else:
        raise ValueError(f"business minutes must be finite, not {minutes}")
    if value < 0:
        raise ValueError(f"business minutes must not be negative ({minutes})")
    return value


def _walk_forward(cal: Calendar, cursor: int, remaining: int) -> int:
    """The instant at which `remaining` (> 0) business µs after `cursor` are spent.

    1. Always-open calendars: plain addition.
    2. Walk the segments of the cursor's own date from the cursor on.
    3. From the next date on, skip whole ordinary weeks while more than a week remains,
       else walk the day's segments; the target falls in the first one that is long enough.
    """
    if cal.is_always_open:
        return cursor + remaining
    week_us = cal.weekly_minutes * MINUTE_US
    day = cal.local_date(cursor)
    first_day = day
    for _ in range(MAX_SEARCH_DAYS):
        if day != first_day and week_us and remaining > week_us and _ordinary_week(cal, day):
            remaining -= week_us
            day += _WEEK
            continue
        for lo, hi in cal.segments(day):
            if hi <= cursor:
                continue
            lo = max(lo, cursor)
            if remaining <= hi - lo:
                return lo + remaining
            remaining -= hi - lo
        day += _DAY
    raise ValueError(f"the calendar does not open within {MAX_SEARCH_DAYS} days")


def _between_us(cal: Calendar, lo: int, hi: int) -> int:
    """Business µs in [lo, hi) for lo <= hi.

    1. Always-open calendars: the elapsed time.
    2. Dates strictly inside the range count whole: an ordinary week as the weekly total.
    3. The first and last dates (and irregular ones) are clipped segment by segment.
    """
    if cal.is_always_open or lo == hi:
        return hi - lo
    week_us = cal.weekly_minutes * MINUTE_US
    first, last = cal.local_date(lo), cal.local_date(hi)
    total, day = 0, first
    while day <= last:
        if first < day and day + _WEEK <= last and _ordinary_week(cal, day):
            total += week_us
            day += _WEEK
            continue
        total += _clipped(cal.segments(day), lo, hi)
        day += _DAY
    return total


def _clipped(spans: Iterable[Span], lo: int, hi: int) -> int:
    return sum(max(0, min(s_hi, hi) - max(s_lo, lo)) for s_lo, s_hi in spans)


def _ordinary_week(cal: Calendar, monday: date) -> bool:
    """True when the seven dates from `monday` (any weekday) are all ordinary."""
    return all(cal.is_ordinary(monday + timedelta(days=n)) for n in range(7))
