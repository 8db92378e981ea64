"""When periodic jobs are due: fixed intervals and cron expressions, as pure functions.

See docs/jobs.md. Both schedules answer two questions:
- `first_run(now)`: when a job seen for the first time is first due;
- `next_after(due, now)`: the job was due at `due` and runs now; when is it next due?
  Always strictly after `now`, so that a scheduler that was down catches up with one
  run, not one per missed period.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Protocol
from zoneinfo import ZoneInfo

_UTC = dt.UTC


class Schedule(Protocol):
    @property
    def spec(self) -> str: ...

    def first_run(self, now: dt.datetime) -> dt.datetime: ...

    def next_after(self, due: dt.datetime, now: dt.datetime) -> dt.datetime: ...


@dataclass(frozen=True)
class Every:
    """Every `interval`, on a grid that starts at the job's first run (no drift)."""

    interval: dt.timedelta

    def __post_init__(self) -> None:
        if self.interval < dt.timedelta(seconds=1):
            raise ValueError("A periodic interval must be at least one second.")

    @property
    def spec(self) -> str:
        return f"every {int(self.interval.total_seconds())}s"

    def first_run(self, now: dt.datetime) -> dt.datetime:
        return now

    def next_after(self, due: dt.datetime, now: dt.datetime) -> dt.datetime:
        missed = max((now - due) // self.interval, 0)
        return due + self.interval * (missed + 1)


# --- cron ---------------------------------------------------------------------

_FIELDS = (("minute", 0, 59), ("hour", 0, 23), ("day", 1, 31), ("month", 1, 12), ("weekday", 0, 7))
_MAX_YEARS = 9  # any valid day/month/weekday combination recurs within 8 years (29 Feb)


def _parse_field(text: str, name: str, low: int, high: int) -> frozenset[int]:
    values: set[int] = set()
    for part in text.split(","):
        body, _, step_text = part.partition("/")
        step = int(step_text) if step_text else 1
        if body == "*":
            start, stop = low, high
        elif "-" in body:
            start, stop = (int(x) for x in body.split("-", 1))
        else:
            start = stop = int(body)
            if step_text:
                stop = high
        if step < 1 or not low <= start <= stop <= high:
            raise ValueError(f"Invalid cron {name} field: {text!r}")
        values.update(range(start, stop + 1, step))
    return frozenset(values)


@dataclass(frozen=True)
class CronSpec:
    minutes: frozenset[int]
    hours: frozenset[int]
    days: frozenset[int]
    months: frozenset[int]
    weekdays: frozenset[int]  # 0 = Sunday
    any_day: bool
    any_weekday: bool

    def day_matches(self, day: dt.datetime) -> bool:
        """Vixie cron rule: if both day fields are restricted, either may match."""
        by_day = day.day in self.days
        by_weekday = day.isoweekday() % 7 in self.weekdays
        if self.any_day or self.any_weekday:
            return by_day and by_weekday
        return by_day or by_weekday


def parse_cron(expr: str) -> CronSpec:
    """Parse 'minute hour day month weekday' (numbers, *, a-b, lists, /step)."""
    texts = expr.split()
    if len(texts) != len(_FIELDS):
        raise ValueError(f"A cron expression has 5 fields: {expr!r}")
    try:
        parsed = [_parse_field(t, n, lo, hi) for t, (n, lo, hi) in zip(texts, _FIELDS, strict=True)]
    except ValueError as exc:
        raise ValueError(f"Invalid cron expression {expr!r}: {exc}") from exc
    minutes, hours, days, months, weekdays = parsed
    weekdays = frozenset(d % 7 for d in weekdays)
    return CronSpec(minutes, hours, days, months, weekdays, texts[2] == "*", texts[4] == "*")


def _next_month(t: dt.datetime) -> dt.datetime:
    return (t.replace(day=1) + dt.timedelta(days=32)).replace(day=1, hour=0, minute=0)


def _next_value(values: frozenset[int], current: int) -> int | None:
    return min((v for v in values if v > current), default=None)


def _next_wall_time(spec: CronSpec, t: dt.datetime) -> dt.datetime:
    """The first naive wall-clock minute at or after `t` matching `spec`.

    Steps: wrong month -> first day of next month; wrong day -> next midnight;
    wrong hour -> next matching hour; then the next matching minute of that hour.
    """
    limit = t.year + _MAX_YEARS
    while t.year <= limit:
        if t.month not in spec.months:
            t = _next_month(t)
        elif not spec.day_matches(t):
            t = (t + dt.timedelta(days=1)).replace(hour=0, minute=0)
        elif t.hour not in spec.hours:
            hour = _next_value(spec.hours, t.hour)
            t = (
                (t + dt.timedelta(days=1)).replace(hour=0, minute=0)
                if hour is None
                else t.replace(hour=hour, minute=0)
            )
        elif t.minute not in spec.minutes:
            minute = _next_value(spec.minutes, t.minute)
            t = (
                (t.replace(minute=0) + dt.timedelta(hours=1))
                if minute is None
                else t.replace(minute=minute)
            )
        else:
            return t
    raise ValueError("This cron expression never matches.")


def next_cron_time(spec: CronSpec, after: dt.datetime, tz: dt.tzinfo) -> dt.datetime:
    """The first minute strictly after `after` (aware) matching `spec` in zone `tz`, in UTC.

    Wall times repeated by a DST change are tried in both folds; a wall time skipped by
    one maps to the instant zoneinfo gives it (an hour later), so nothing is lost.
    """
    after_utc = after.astimezone(_UTC)
    local = after.astimezone(tz).replace(tzinfo=None, second=0, microsecond=0)
    candidate = local + dt.timedelta(minutes=1)
    while True:
        wall = _next_wall_time(spec, candidate)
        for fold in (0, 1):
            instant = wall.replace(tzinfo=tz, fold=fold).astimezone(_UTC)
            if instant > after_utc:
                return instant
        candidate = wall + dt.timedelta(minutes=1)


@dataclass(frozen=True)
class Cron:
    """A cron expression evaluated in a time zone (settings.TIME_ZONE by default)."""

    expr: str
    tz_name: str = ""

    def __post_init__(self) -> None:
        parse_cron(self.expr)

    @property
    def spec(self) -> str:
        return f"cron {self.expr}" + (f" {self.tz_name}" if self.tz_name else "")

    def _zone(self) -> dt.tzinfo:
        from django.conf import settings

        return ZoneInfo(self.tz_name or settings.TIME_ZONE)

    def first_run(self, now: dt.datetime) -> dt.datetime:
        return next_cron_time(parse_cron(self.expr), now, self._zone())

    def next_after(self, due: dt.datetime, now: dt.datetime) -> dt.datetime:
        return next_cron_time(parse_cron(self.expr), max(due, now), self._zone())
