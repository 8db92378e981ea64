"""Wall-clock hours to real instants, across DST changes. See docs/sla.md ("Wall-clock hours").

Instants are integers: microseconds since 1970-01-01 00:00 UTC ("µs"). Integer arithmetic keeps
business-time sums exact (no float drift), which the property tests rely on.

A zone's UTC offset transitions are not exposed by `zoneinfo`, so they are found by sampling the
offset every 3 hours and bisecting each change down to the second (tz database transitions fall on
whole seconds). This assumes two transitions of one zone are never less than 3 hours apart, which
holds for every zone of the tz database in the years a help desk cares about. Results are cached
per (zone, year).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, tzinfo
from functools import lru_cache
from typing import NamedTuple

SECOND_US = 1_000_000
MINUTE_US = 60 * SECOND_US
HOUR_US = 60 * MINUTE_US
DAY_US = 24 * HOUR_US
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
_SAMPLE_US = 3 * HOUR_US
# Instants whose wall date is D lie in [D - 15 h, D + 24 h + 13 h): UTC offsets stay within
# -12 h .. +14 h, with an hour of slack each side.
_BEFORE_US = 15 * HOUR_US
_AFTER_US = 37 * HOUR_US

Span = tuple[int, int]


class _ZoneYear(NamedTuple):
    transitions: tuple[tuple[int, int], ...]  # (instant µs, offset µs from that instant on)
    irregular_days: frozenset[date]  # wall dates whose hours a transition may touch


def to_us(moment: datetime) -> int:
    """An aware datetime as µs since the epoch; a naive one is refused."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"naive datetime {moment!r}: pass a timezone-aware datetime")
    return (moment - _EPOCH) // timedelta(microseconds=1)


def from_us(instant: int, zone: tzinfo) -> datetime:
    """µs since the epoch as an aware datetime in `zone`."""
    return (_EPOCH + timedelta(microseconds=instant)).astimezone(zone)


def day_us(day: date) -> int:
    """The wall-clock midnight of `day` read as if it were UTC, in µs (the base of wall maths)."""
    return (day.toordinal() - _EPOCH_ORDINAL) * DAY_US


def wall_date(instant: int, zone: tzinfo) -> date:
    """The date a wall clock in `zone` shows at `instant`."""
    return from_us(instant, zone).date()


def offset_us(zone: tzinfo, instant: int) -> int:
    offset = from_us(instant, zone).utcoffset()
    assert offset is not None  # astimezone() always yields an aware datetime
    return offset // timedelta(microseconds=1)


def is_irregular_day(zone: tzinfo, day: date) -> bool:
    """True when a UTC-offset change falls close enough to `day` to bend its wall-clock hours."""
    return day in _zone_year(zone, day.year).irregular_days


def wall_span_instants(zone: tzinfo, day: date, start_min: int, end_min: int) -> list[Span]:
    """The instants at which a wall clock in `zone` shows a time of `day` within [start, end).

    1. On a day no offset change comes near (nearly all days), the offset is constant: shift
       the wall span by it.
    2. Otherwise cut the instants around the day into pieces of constant offset and keep, in
       each piece, the instants whose wall time falls in the span. A spring-forward gap thus
       contributes nothing and a fall-back repeated hour contributes twice.
    3. Merge pieces that touch.
    """
    base = day_us(day)
    wall_lo, wall_hi = base + start_min * MINUTE_US, base + end_min * MINUTE_US
    if not is_irregular_day(zone, day):
        offset = offset_us(zone, base)
        return [(wall_lo - offset, wall_hi - offset)]
    spans: list[Span] = []
    for piece_lo, piece_hi, offset in _offset_pieces(zone, base - _BEFORE_US, base + _AFTER_US):
        lo = max(piece_lo + offset, wall_lo) - offset
        hi = min(piece_hi + offset, wall_hi) - offset
        if lo < hi:
            spans.append((lo, hi))
    return merge_spans(spans)


def merge_spans(spans: list[Span]) -> list[Span]:
    """Sort spans and merge those that overlap or touch."""
    merged: list[Span] = []
    for lo, hi in sorted(spans):
        if merged and lo <= merged[-1][1]:
            if hi > merged[-1][1]:
                merged[-1] = (merged[-1][0], hi)
        else:
            merged.append((lo, hi))
    return merged


def _offset_pieces(zone: tzinfo, lo: int, hi: int) -> list[tuple[int, int, int]]:
    """Cut [lo, hi) into (start, end, offset) pieces over which the zone's offset is constant."""
    years = {wall_date(lo, UTC).year, wall_date(hi, UTC).year}
    changes = sorted(
        {
            change
            for year in years
            for change in _zone_year(zone, year).transitions
            if lo < change[0] < hi
        }
    )
    pieces: list[tuple[int, int, int]] = []
    cursor, offset = lo, offset_us(zone, lo)
    for instant, new_offset in changes:
        pieces.append((cursor, instant, offset))
        cursor, offset = instant, new_offset
    pieces.append((cursor, hi, offset))
    return pieces


@lru_cache(maxsize=512)
def _zone_year(zone: tzinfo, year: int) -> _ZoneYear:
    """The offset transitions of `zone` in `year` (two days' margin each side), and the wall
    dates whose [D - 15 h, D + 37 h) window holds one."""
    lo = day_us(date(year, 1, 1)) - 2 * DAY_US
    hi = day_us(date(year + 1, 1, 1)) + 2 * DAY_US
    transitions = tuple(_find_transitions(zone, lo, hi))
    irregular: set[date] = set()
    for instant, _offset in transitions:
        first = wall_date(instant - _AFTER_US, UTC)
        last = wall_date(instant + _BEFORE_US, UTC)
        irregular.update(first + timedelta(days=n) for n in range((last - first).days + 1))
    return _ZoneYear(transitions, frozenset(irregular))


def _find_transitions(zone: tzinfo, lo: int, hi: int) -> list[tuple[int, int]]:
    """1. Sample the offset every 3 hours. 2. Where two samples differ, bisect to the second."""
    found: list[tuple[int, int]] = []
    cursor, offset = lo, offset_us(zone, lo)
    while cursor < hi:
        step_end = min(cursor + _SAMPLE_US, hi)
        end_offset = offset_us(zone, step_end)
        while offset != end_offset:  # loops again only if two changes share a 3-hour step
            instant = _bisect_change(zone, cursor, offset, step_end)
            new_offset = offset_us(zone, instant)
            found.append((instant, new_offset))
            cursor, offset = instant, new_offset
        cursor = step_end
    return found


def _bisect_change(zone: tzinfo, lo: int, lo_offset: int, hi: int) -> int:
    """The first whole second in (lo, hi] whose offset differs from lo_offset (lo is whole)."""
    lo_s, hi_s = lo // SECOND_US, hi // SECOND_US
    while hi_s - lo_s > 1:
        mid = (lo_s + hi_s) // 2
        if offset_us(zone, mid * SECOND_US) == lo_offset:
            lo_s = mid
        else:
            hi_s = mid
    return hi_s * SECOND_US
