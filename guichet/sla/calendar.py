"""Business calendars as immutable values. See docs/sla.md ("The calendar model").

A `Calendar` says, for every date, which wall-clock hours are open in its time zone:

1. a one-off exception for that date, if any (special hours, or open on a holiday);
2. else closed all day if the date is a holiday (custom dates or public holidays);
3. else the weekly hours of its weekday;

then timed closures (absolute instants, e.g. imported from iCal) are cut out of the result.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo
from types import MappingProxyType
from typing import Any
from zoneinfo import ZoneInfo

from guichet.sla.public_holidays import PublicHolidays
from guichet.sla.walltime import (
    Span,
    is_irregular_day,
    merge_spans,
    to_us,
    wall_date,
    wall_span_instants,
)

MINUTES_PER_DAY = 24 * 60
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})$")
_CACHE_LIMIT = 20_000

HoursSpec = str | Iterable[str]
WeekSpec = Mapping[str | int, HoursSpec]


@dataclass(frozen=True, order=True)
class Interval:
    """Open hours within one day, in wall-clock minutes since midnight: [start, end)."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start < self.end <= MINUTES_PER_DAY:
            raise ValueError(
                f"opening interval {self.start}-{self.end} (minutes): "
                "need 00:00 <= start < end <= 24:00"
            )

    @property
    def minutes(self) -> int:
        return self.end - self.start

    def __str__(self) -> str:
        return f"{format_clock(self.start)}-{format_clock(self.end)}"


FULL_DAY = Interval(0, MINUTES_PER_DAY)


@dataclass(frozen=True)
class Closure:
    """A timed closure between two aware instants (e.g. a closed afternoon from an iCal file)."""

    start: datetime
    end: datetime

    def __post_init__(self) -> None:
        if to_us(self.end) <= to_us(self.start):
            raise ValueError(f"closure ends ({self.end}) before it starts ({self.start})")


def parse_clock(text: str) -> int:
    """'09:30' -> 570 minutes; '24:00' is allowed (the end of a day)."""
    match = _CLOCK.match(text.strip())
    if not match:
        raise ValueError(f"{text!r} is not a time of day (expected HH:MM)")
    hours, minutes = int(match.group(1)), int(match.group(2))
    if minutes > 59 or hours > 24 or (hours == 24 and minutes):
        raise ValueError(f"{text!r} is not a time of day between 00:00 and 24:00")
    return hours * 60 + minutes


def format_clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def parse_spans(spec: HoursSpec) -> list[tuple[int, int]]:
    """'09:00-12:00, 14:00-18:00' (or a list of such strings) -> [(540, 720), (840, 1080)].

    A span whose end is not after its start ('22:00-06:00') runs overnight; '' means closed.
    """
    parts = spec.split(",") if isinstance(spec, str) else list(spec)
    spans = []
    for part in (p.strip() for p in parts):
        if not part:
            continue
        start, sep, end = part.partition("-")
        if not sep:
            raise ValueError(f"{part!r} is not an opening interval (expected HH:MM-HH:MM)")
        lo, hi = parse_clock(start), parse_clock(end)
        if lo in (hi, MINUTES_PER_DAY):
            raise ValueError(f"{part!r} is empty or ambiguous; write 00:00-24:00 for a full day")
        spans.append((lo, hi))
    return spans


def normalise_day(intervals: Iterable[Interval], label: str) -> tuple[Interval, ...]:
    """Sort a day's intervals, merge those that touch, refuse those that overlap."""
    result: list[Interval] = []
    for interval in sorted(intervals):
        if result and interval.start < result[-1].end:
            raise ValueError(f"{label}: opening intervals {result[-1]} and {interval} overlap")
        if result and interval.start == result[-1].end:
            result[-1] = Interval(result[-1].start, interval.end)
        else:
            result.append(interval)
    return tuple(result)


def weekly_hours(spec: WeekSpec) -> tuple[tuple[Interval, ...], ...]:
    """Weekly hours from {'mon-fri': '09:00-12:00, 14:00-18:00', 'sat': '10:00-13:00'}.

    1. Expand the keys: 'mon'..'sun', ranges such as 'mon-fri', or 0 (Monday) .. 6 (Sunday).
    2. Split each overnight span: '22:00-06:00' on Friday opens Friday 22:00-24:00 and
       Saturday 00:00-06:00 (Sunday's tail goes to Monday).
    3. Normalise each day (sorted, touching intervals merged, overlaps refused).
    """
    days: list[list[Interval]] = [[] for _ in WEEKDAYS]
    seen: set[int] = set()
    for key, hours in spec.items():
        for weekday in _weekday_keys(key):
            if weekday in seen:
                raise ValueError(f"{WEEKDAYS[weekday]} is given twice in the weekly hours")
            seen.add(weekday)
            for lo, hi in parse_spans(hours):
                if hi > lo:
                    days[weekday].append(Interval(lo, hi))
                    continue
                days[weekday].append(Interval(lo, MINUTES_PER_DAY))
                if hi:
                    days[(weekday + 1) % 7].append(Interval(0, hi))
    return tuple(normalise_day(day, WEEKDAYS[n]) for n, day in enumerate(days))


def day_hours(spec: HoursSpec, label: str) -> tuple[Interval, ...]:
    """One day's hours (for an exception): overnight spans are refused, split them by date."""
    intervals = []
    for lo, hi in parse_spans(spec):
        if hi < lo:
            raise ValueError(f"{label}: overnight interval; give the next date its own hours")
        intervals.append(Interval(lo, hi))
    return normalise_day(intervals, label)


def _weekday_keys(key: str | int) -> list[int]:
    if isinstance(key, int):
        if not 0 <= key <= 6:
            raise ValueError(f"weekday {key} out of range (0 = Monday .. 6 = Sunday)")
        return [key]
    first, _, last = key.strip().lower().partition("-")
    if first not in WEEKDAYS or (last and last not in WEEKDAYS):
        raise ValueError(f"{key!r} is not a weekday (mon .. sun, or a range such as mon-fri)")
    lo, hi = WEEKDAYS.index(first), WEEKDAYS.index(last or first)
    if hi < lo:
        raise ValueError(f"{key!r}: a weekday range runs forward within one week")
    return list(range(lo, hi + 1))


@dataclass(frozen=True)
class Calendar:
    """A time zone, weekly hours, holidays, one-off exceptions and timed closures.

    Build one with `Calendar.build(...)` (text specs) or directly from `Interval` values.
    Equal calendars compare equal; a private per-instance cache of computed days does not take
    part in comparisons.
    """

    tz: tzinfo
    week: tuple[tuple[Interval, ...], ...]
    holidays: frozenset[date] = frozenset()
    public_holidays: PublicHolidays | None = None
    exceptions: Mapping[date, tuple[Interval, ...]] = field(default_factory=dict, hash=False)
    closures: tuple[Closure, ...] = ()
    _closure_spans: tuple[Span, ...] = field(init=False, repr=False, compare=False)
    _closure_days: frozenset[date] = field(init=False, repr=False, compare=False)
    _always_open: bool = field(init=False, repr=False, compare=False)
    _cache: dict[date, tuple[Span, ...]] = field(
        init=False, repr=False, compare=False, hash=False, default_factory=dict
    )

    def __post_init__(self) -> None:
        """1. Check the zone and week. 2. Normalise exceptions. 3. Index the timed closures."""
        if not isinstance(self.tz, tzinfo):
            raise ValueError(
                f"tz must be a tzinfo such as ZoneInfo('Europe/Paris'), not {self.tz!r}"
            )
        if len(self.week) != 7:
            raise ValueError("week needs exactly 7 days of intervals, Monday first")
        week = tuple(normalise_day(day, WEEKDAYS[n]) for n, day in enumerate(self.week))
        exceptions = {
            d: normalise_day(iv, d.isoformat()) for d, iv in sorted(self.exceptions.items())
        }
        spans = merge_spans([(to_us(c.start), to_us(c.end)) for c in self.closures])
        closure_days: set[date] = set()
        for lo, hi in spans:
            first, last = wall_date(lo, self.tz), wall_date(hi, self.tz)
            closure_days.update(
                first + timedelta(days=n) for n in range(-1, (last - first).days + 2)
            )
        object.__setattr__(self, "week", week)
        object.__setattr__(self, "holidays", frozenset(self.holidays))
        object.__setattr__(self, "exceptions", MappingProxyType(exceptions))
        object.__setattr__(self, "closures", tuple(self.closures))
        object.__setattr__(self, "_closure_spans", tuple(spans))
        object.__setattr__(self, "_closure_days", frozenset(closure_days))
        always = all(day == (FULL_DAY,) for day in week) and not (
            self.holidays or self.public_holidays or exceptions or spans
        )
        object.__setattr__(self, "_always_open", always)

    @classmethod
    def build(
        cls,
        tz: str | tzinfo,
        week: WeekSpec,
        *,
        holidays: Iterable[date] = (),
        public_holidays: PublicHolidays | None = None,
        exceptions: Mapping[date, HoursSpec] | None = None,
        open_days: Iterable[date] = (),
        closures: Iterable[Closure] = (),
    ) -> Calendar:
        """A calendar from text specs. `exceptions` maps a date to its hours ('' = closed);
        `open_days` are dates open with their usual weekly hours even if they are holidays."""
        zone = _zone(tz) if isinstance(tz, str) else tz
        days = weekly_hours(week)
        special = {d: day_hours(spec, d.isoformat()) for d, spec in (exceptions or {}).items()}
        for day in open_days:
            if day in special:
                raise ValueError(f"{day}: both an exception and an open day")
            special[day] = days[day.weekday()]
        return cls(zone, days, frozenset(holidays), public_holidays, special, tuple(closures))

    @classmethod
    def always_open(cls, tz: str | tzinfo = "UTC") -> Calendar:
        """The 24/7 calendar: business time is elapsed time."""
        return cls.build(tz, {"mon-sun": "00:00-24:00"})

    @property
    def is_always_open(self) -> bool:
        """Open every instant: 24/7 weekly hours and no holiday, exception or closure."""
        return self._always_open

    @property
    def weekly_minutes(self) -> int:
        """Open minutes in a week of ordinary days (no holiday, exception, closure or DST change)."""
        return sum(interval.minutes for day in self.week for interval in day)

    def is_holiday(self, day: date) -> bool:
        if day in self.holidays:
            return True
        return self.public_holidays is not None and day in self.public_holidays.dates(day.year)

    def hours_on(self, day: date) -> tuple[Interval, ...]:
        """The wall-clock hours of `day`, before timed closures are cut out."""
        special = self.exceptions.get(day)
        if special is not None:
            return special
        if self.is_holiday(day):
            return ()
        return self.week[day.weekday()]

    def is_ordinary(self, day: date) -> bool:
        """True when `day` opens exactly its weekly hours, as many real minutes as wall ones."""
        return not (
            day in self.exceptions
            or day in self._closure_days
            or self.is_holiday(day)
            or is_irregular_day(self.tz, day)
        )

    def local_date(self, instant: int) -> date:
        return wall_date(instant, self.tz)

    def segments(self, day: date) -> tuple[Span, ...]:
        """The open instants (µs spans, sorted, disjoint) whose wall date is `day`.

        1. Map each wall-clock interval of the day to real instants (DST-aware).
        2. Cut out the timed closures.
        The result is cached on the calendar (a bounded per-instance memo).
        """
        cached = self._cache.get(day)
        if cached is not None:
            return cached
        spans: list[Span] = []
        for interval in self.hours_on(day):
            spans.extend(wall_span_instants(self.tz, day, interval.start, interval.end))
        if day in self._closure_days:
            spans = _cut(merge_spans(spans), self._closure_spans)
        result = tuple(merge_spans(spans))
        if len(self._cache) >= _CACHE_LIMIT:
            self._cache.clear()
        self._cache[day] = result
        return result

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state["exceptions"] = dict(self.exceptions)
        state["_cache"] = {}
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        state["exceptions"] = MappingProxyType(state["exceptions"])
        self.__dict__.update(state)


def _zone(key: str) -> ZoneInfo:
    try:
        return ZoneInfo(key)
    except (ValueError, OSError, KeyError) as exc:  # ZoneInfoNotFoundError is a KeyError
        raise ValueError(
            f"unknown time zone {key!r} (expected an IANA name such as Europe/Paris)"
        ) from exc


def _cut(spans: list[Span], closures: tuple[Span, ...]) -> list[Span]:
    """Remove the (sorted, disjoint) closure spans from the (sorted, disjoint) open spans."""
    result: list[Span] = []
    for lo, hi in spans:
        index = bisect_right(closures, (lo, lo)) - 1  # the last closure starting at or before lo
        index = max(index, 0)
        cursor = lo
        while index < len(closures) and closures[index][0] < hi:
            c_lo, c_hi = closures[index]
            if c_hi > cursor:
                if c_lo > cursor:
                    result.append((cursor, c_lo))
                cursor = max(cursor, c_hi)
            index += 1
        if cursor < hi:
            result.append((cursor, hi))
    return result
