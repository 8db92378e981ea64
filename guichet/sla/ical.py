"""Closures from an iCalendar (.ics) file: a small, strict VEVENT reader. See docs/sla.md ("iCal").

Only what a closure needs is read: each VEVENT's DTSTART, DTEND or DURATION, STATUS, UID and
SUMMARY. All-day events (VALUE=DATE) close whole dates; timed events become `Closure`s.
DATE-TIME values may be UTC (...Z), carry a TZID naming an IANA zone, or be floating (read in the
calendar's zone). Nonexistent or repeated local times resolve as RFC 5545 says (fold=0: before
the gap's offset, first occurrence). Recurring events (RRULE, RDATE), cancelled events and values
this reader does not understand are skipped and reported, never guessed at.

Safety: input size and event count are capped, nothing is fetched, nothing is evaluated.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo

from guichet.sla.calendar import Calendar, Closure

MAX_BYTES = 2_000_000
MAX_EVENTS = 10_000
MAX_EVENT_DAYS = 3_660
_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_DATE_TIME = re.compile(r"^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(Z?)$")
_DURATION = re.compile(r"^([+-])?P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$")
_UNSUPPORTED = ("RRULE", "RDATE")

Property = tuple[dict[str, str], str]


@dataclass(frozen=True)
class IcsImport:
    """What an .ics file closes: whole dates, timed closures, and the events it skipped (why)."""

    closed_days: frozenset[date] = frozenset()
    closures: tuple[Closure, ...] = ()
    skipped: tuple[str, ...] = field(default=())


def parse_ics(data: bytes | str, tz: tzinfo) -> IcsImport:
    """Read the closures of an iCalendar file; `tz` interprets floating local times.

    1. Check size, decode, unfold continuation lines.
    2. Collect the properties of each top-level VEVENT (nested components such as VALARM
       are ignored).
    3. Turn each event into closed dates or a timed closure, or a reason to skip it.
    """
    if len(data) > MAX_BYTES:
        raise ValueError(f"iCal file too large ({len(data)} > {MAX_BYTES} bytes)")
    text = data.decode("utf-8-sig", errors="replace") if isinstance(data, bytes) else data
    lines = _unfold(text)
    if not lines or lines[0].strip().upper() != "BEGIN:VCALENDAR":
        raise ValueError("not an iCalendar file (it must start with BEGIN:VCALENDAR)")
    days: set[date] = set()
    closures: list[Closure] = []
    skipped: list[str] = []
    for event in _events(lines):
        outcome = _closure_of(event, tz)
        if isinstance(outcome, str):
            skipped.append(f"{_label(event)}: {outcome}")
        elif isinstance(outcome, Closure):
            closures.append(outcome)
        else:
            days.update(outcome)
    closures.sort(key=lambda c: (c.start, c.end))
    return IcsImport(frozenset(days), tuple(closures), tuple(skipped))


def apply_ics(cal: Calendar, imported: IcsImport) -> Calendar:
    """`cal` with the imported closed dates added to its holidays and its timed closures."""
    return replace(
        cal,
        holidays=cal.holidays | imported.closed_days,
        closures=cal.closures + imported.closures,
    )


def _unfold(text: str) -> list[str]:
    """Split into content lines; a line starting with a space or tab continues the previous."""
    lines: list[str] = []
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if raw[:1] in (" ", "\t") and lines:
            lines[-1] += raw[1:]
        elif raw.strip():
            lines.append(raw)
    return lines


def _events(lines: list[str]) -> list[dict[str, Property]]:
    """The first occurrence of each property of each top-level VEVENT."""
    events: list[dict[str, Property]] = []
    stack: list[str] = []
    for line in lines:
        name, params, value = _split(line)
        if name == "BEGIN":
            stack.append(value.upper())
            if stack == ["VCALENDAR", "VEVENT"]:
                if len(events) >= MAX_EVENTS:
                    raise ValueError(f"iCal file has more than {MAX_EVENTS} events")
                events.append({})
        elif name == "END":
            if not stack or stack[-1] != value.upper():
                raise ValueError(f"iCal file is malformed: END:{value} does not close a BEGIN")
            stack.pop()
        elif stack == ["VCALENDAR", "VEVENT"]:
            events[-1].setdefault(name, (params, value))
    return events


def _split(line: str) -> tuple[str, dict[str, str], str]:
    """'DTSTART;TZID="Europe/Paris":20250714T090000' -> (name, params, value); a colon
    inside a quoted parameter value does not end the parameters."""
    quoted, colon = False, -1
    for index, char in enumerate(line):
        if char == '"':
            quoted = not quoted
        elif char == ":" and not quoted:
            colon = index
            break
    if colon < 0:
        raise ValueError(f"iCal line without a value: {line[:80]!r}")
    name, *raw_params = line[:colon].split(";")
    params = {}
    for raw in raw_params:
        key, _, param_value = raw.partition("=")
        params[key.strip().upper()] = param_value.strip().strip('"')
    return name.strip().upper(), params, line[colon + 1 :].strip()


def _closure_of(event: dict[str, Property], tz: tzinfo) -> str | Closure | list[date]:
    """An event as closed dates, a timed closure, or the reason it is skipped.

    1. Skip cancelled and recurring events.
    2. Read DTSTART; a DATE value makes an all-day event.
    3. The end comes from DTEND, else DURATION, else one day (all-day) / nothing (timed).
    """
    if event.get("STATUS", ({}, ""))[1].upper() == "CANCELLED":
        return "cancelled"
    for name in _UNSUPPORTED:
        if name in event:
            return f"recurring events ({name}) are not supported; export each occurrence"
    if "DTSTART" not in event:
        return "no DTSTART"
    try:
        start = _value(event["DTSTART"], tz)
        end = _end(event, start, tz)
    except ValueError as exc:
        return str(exc)
    if isinstance(start, datetime):
        if not isinstance(end, datetime) or end <= start:
            return "timed event without a positive duration"
        return Closure(start, end)
    if isinstance(end, datetime) or end <= start:
        return "all-day event without a positive number of days"
    if (end - start).days > MAX_EVENT_DAYS:
        return f"all-day event longer than {MAX_EVENT_DAYS} days"
    return [start + timedelta(days=n) for n in range((end - start).days)]


def _end(event: dict[str, Property], start: date, tz: tzinfo) -> date:
    if "DTEND" in event:
        return _value(event["DTEND"], tz)
    if "DURATION" in event:
        days, exact = _duration(event["DURATION"][1])
        if not isinstance(start, datetime):
            return start + days
        # Days are nominal (same wall time, RFC 5545 3.3.6); hours and less are exact.
        return (start + days).astimezone(UTC) + exact
    return start if isinstance(start, datetime) else start + timedelta(days=1)


def _value(prop: Property, tz: tzinfo) -> date:
    """A DATE (-> date) or DATE-TIME (-> aware datetime) property value."""
    params, value = prop
    if match := _DATE.match(value):
        return date(*map(int, match.groups()))
    match = _DATE_TIME.match(value)
    if not match or params.get("VALUE", "DATE-TIME").upper() != "DATE-TIME":
        raise ValueError(f"unreadable date {value!r}")
    year, month, day, hour, minute, second = (int(part) for part in match.groups()[:6])
    zone = UTC if match.group(7) else _zone(params.get("TZID"), tz)
    return datetime(year, month, day, hour, minute, second, tzinfo=zone)


def _zone(tzid: str | None, default: tzinfo) -> tzinfo:
    if not tzid:
        return default
    try:
        return ZoneInfo(tzid)
    except (ValueError, OSError, KeyError) as exc:  # ZoneInfoNotFoundError is a KeyError
        raise ValueError(f"unknown time zone {tzid!r}") from exc


def _duration(text: str) -> tuple[timedelta, timedelta]:
    """'P1DT2H' -> (1 nominal day, 2 exact hours); a leading '-' negates both."""
    match = _DURATION.match(text.strip())
    if not match or not any(match.groups()[1:]):
        raise ValueError(f"unreadable duration {text!r}")
    weeks, days, hours, minutes, seconds = (int(group or 0) for group in match.groups()[1:])
    nominal = timedelta(weeks=weeks, days=days)
    exact = timedelta(hours=hours, minutes=minutes, seconds=seconds)
    return (-nominal, -exact) if match.group(1) == "-" else (nominal, exact)


def _label(event: dict[str, Property]) -> str:
    summary = event.get("SUMMARY", ({}, ""))[1]
    uid = event.get("UID", ({}, ""))[1]
    return f"{summary or '(no summary)'} [{uid or 'no UID'}]"[:200]
