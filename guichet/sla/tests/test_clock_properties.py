"""Property tests: random calendars (zones with DST of 30 and 60 minutes, some at midnight),
random instants (biased towards offset changes) and random amounts of business time.

GUICHET_SLA_EXAMPLES sets the examples per property (default 50, kept small for the shared CI
machine); run with e.g. 2000 before changing the arithmetic.
"""

import os
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from guichet.sla.calendar import Calendar, Closure, Interval
from guichet.sla.clock import (
    _between_us,
    add_business_minutes,
    business_minutes_between,
    business_minutes_between_excluding,
    due_at,
    is_open,
    next_opening,
)
from guichet.sla.public_holidays import FRANCE
from guichet.sla.walltime import _zone_year, to_us

from .helpers import elapsed_minutes, oracle_is_open, plus, reference_add, reference_between

ZONES = [
    ZoneInfo(key)
    for key in (
        "Europe/Paris",
        "America/New_York",
        "UTC",
        "Australia/Lord_Howe",  # 30-minute DST
        "Pacific/Chatham",  # +12:45 / +13:45
        "America/Santiago",  # changes at midnight
        "Asia/Kolkata",
    )
]
DISPLAY_ZONES = [UTC, ZoneInfo("Europe/Paris"), ZoneInfo("America/Los_Angeles")]
FIRST_DAY, LAST_DAY = date(2024, 11, 1), date(2026, 12, 31)
EXAMPLES = int(os.environ.get("GUICHET_SLA_EXAMPLES", "50"))
PROPERTY = settings(
    max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
ORACLE = settings(
    max_examples=max(EXAMPLES // 3, 10), deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@st.composite
def day_intervals(draw: st.DrawFn) -> tuple[Interval, ...]:
    points = sorted(draw(st.lists(st.integers(0, 1440), unique=True, max_size=6)))
    return tuple(Interval(lo, hi) for lo, hi in zip(points[::2], points[1::2], strict=False))


@st.composite
def calendars(draw: st.DrawFn, whole_minutes: bool = False) -> Calendar:
    zone = draw(st.sampled_from(ZONES))
    week = tuple(draw(day_intervals()) for _ in range(7))
    if not any(week):
        week = (draw(day_intervals().filter(bool)),) + week[1:]
    dates = st.dates(FIRST_DAY, LAST_DAY)
    closures = []
    for _ in range(draw(st.integers(0, 3))):
        start = draw(instants_near(zone, whole_minutes))
        closures.append(Closure(start, plus(start, draw(st.integers(1, 4000)))))
    return Calendar(
        zone,
        week,
        holidays=frozenset(draw(st.sets(dates, max_size=15))),
        public_holidays=draw(st.sampled_from([None, FRANCE])),
        exceptions=draw(st.dictionaries(dates, day_intervals(), max_size=6)),
        closures=tuple(closures),
    )


@st.composite
def instants_near(draw: st.DrawFn, zone: ZoneInfo, whole_minutes: bool = False) -> datetime:
    """An aware instant in a random display zone, often within days of an offset change."""
    changes = [t for year in (2025, 2026) for t, _ in _zone_year(zone, year).transitions]
    near_change: bool = bool(changes) and draw(st.booleans())
    if near_change:
        change: int = draw(st.sampled_from(changes))
        base = datetime(1970, 1, 1, tzinfo=UTC) + timedelta(microseconds=change)
        moment = base + timedelta(minutes=draw(st.integers(-4 * 1440, 4 * 1440)))
    else:
        naive = draw(st.datetimes(datetime(2025, 1, 1), datetime(2026, 6, 30)))
        moment = naive.replace(tzinfo=UTC)
    if whole_minutes:
        moment = moment.replace(second=0, microsecond=0)
    return moment.astimezone(draw(st.sampled_from(DISPLAY_ZONES)))


def minutes_for(cal: Calendar) -> st.SearchStrategy[int]:
    """Up to about a year of this calendar's business time (so the search always ends)."""
    return st.integers(0, min(cal.weekly_minutes * 50, 200_000))


@PROPERTY
@given(st.data())
def test_between_gives_back_what_add_added(data):
    cal = data.draw(calendars())
    start = data.draw(instants_near(cal.tz))
    minutes = data.draw(minutes_for(cal))
    end = add_business_minutes(cal, start, minutes)
    assert business_minutes_between(cal, start, end) == minutes


@PROPERTY
@given(st.data())
def test_float_minutes_round_trip_within_a_microsecond(data):
    cal = data.draw(calendars())
    start = data.draw(instants_near(cal.tz))
    minutes = data.draw(st.floats(0, 5_000, allow_nan=False))
    end = add_business_minutes(cal, start, minutes)
    assert abs(business_minutes_between(cal, start, end) - minutes) < 1e-7


@PROPERTY
@given(st.data())
def test_add_matches_a_day_by_day_walk_without_week_skipping(data):
    cal = data.draw(calendars())
    start = data.draw(instants_near(cal.tz))
    minutes = data.draw(minutes_for(cal))
    assert add_business_minutes(cal, start, minutes) == reference_add(cal, start, minutes)


@PROPERTY
@given(st.data())
def test_add_is_monotonic_in_minutes_and_in_start(data):
    cal = data.draw(calendars())
    start = data.draw(instants_near(cal.tz))
    a, b = sorted(data.draw(st.lists(minutes_for(cal), min_size=2, max_size=2)))
    later = plus(start, data.draw(st.integers(0, 20_000)))
    assert add_business_minutes(cal, start, a) <= add_business_minutes(cal, start, b)
    assert add_business_minutes(cal, start, a) <= add_business_minutes(cal, later, a)
    assert add_business_minutes(cal, start, a).tzinfo is UTC


@PROPERTY
@given(st.data())
def test_adding_in_two_steps_equals_adding_at_once(data):
    cal = data.draw(calendars())
    start = data.draw(instants_near(cal.tz))
    a, b = data.draw(minutes_for(cal)), data.draw(minutes_for(cal))
    step = add_business_minutes(cal, start, a)
    assert add_business_minutes(cal, step, b) == add_business_minutes(cal, start, a + b)


@PROPERTY
@given(st.data())
def test_result_is_open_just_before_it_so_it_is_open_or_a_closing_boundary(data):
    cal = data.draw(calendars())
    start = data.draw(instants_near(cal.tz))
    minutes = data.draw(minutes_for(cal).filter(bool))
    end = add_business_minutes(cal, start, minutes)
    just_before = end - timedelta(microseconds=1)  # end is in UTC: real subtraction
    assert is_open(cal, just_before)
    assert business_minutes_between(cal, start, just_before) < minutes


@PROPERTY
@given(st.data())
def test_between_is_additive_over_any_split_point(data):
    cal = data.draw(calendars())
    a, b, c = (data.draw(instants_near(cal.tz)) for _ in range(3))
    # exact on the integer microseconds the arithmetic works in ...
    lo, mid, hi = sorted(to_us(moment) for moment in (a, b, c))
    assert _between_us(cal, lo, hi) == _between_us(cal, lo, mid) + _between_us(cal, mid, hi)
    # ... and to float precision on the minutes the API returns, in any order
    whole = business_minutes_between(cal, a, c)
    parts = business_minutes_between(cal, a, b) + business_minutes_between(cal, b, c)
    assert whole == pytest.approx(parts, abs=1e-9)
    assert business_minutes_between(cal, c, a) == -whole


@PROPERTY
@given(st.data())
def test_between_is_at_most_the_elapsed_time_and_matches_a_day_walk(data):
    cal = data.draw(calendars())
    a, b = sorted((data.draw(instants_near(cal.tz)) for _ in range(2)), key=to_us)
    between = business_minutes_between(cal, a, b)
    assert 0 <= between <= elapsed_minutes(a, b)
    assert between == reference_between(cal, a, b)


@ORACLE
@given(st.data())
def test_open_minutes_match_a_minute_by_minute_oracle(data):
    # Given a random calendar and a two-day window of whole minutes (closures on whole minutes
    # too: the oracle samples one instant a minute)
    cal = data.draw(calendars(whole_minutes=True))
    start = data.draw(instants_near(cal.tz, whole_minutes=True))
    minutes = [plus(start, n) for n in range(2 * 1440)]
    # Then each minute is open exactly when the wall clock says so, and between() counts them
    expected = [oracle_is_open(cal, moment) for moment in minutes]
    assert [is_open(cal, moment) for moment in minutes] == expected
    assert business_minutes_between(cal, start, plus(minutes[-1], 1)) == sum(expected)


@PROPERTY
@given(st.data())
def test_next_opening_is_the_first_open_instant(data):
    cal = data.draw(calendars())
    at = data.draw(instants_near(cal.tz))
    opening = next_opening(cal, at)
    assert opening >= at
    assert is_open(cal, opening)
    assert business_minutes_between(cal, at, opening) == 0


@st.composite
def pauses_for(draw: st.DrawFn, zone: ZoneInfo) -> list[tuple[datetime, datetime | None]]:
    pauses: list[tuple[datetime, datetime | None]] = []
    for _ in range(draw(st.integers(0, 4))):
        begin = draw(instants_near(zone))
        length = draw(st.none() | st.integers(0, 10_000))
        pauses.append((begin, None if length is None else plus(begin, length)))
    return pauses


@PROPERTY
@given(st.data())
def test_due_at_spends_exactly_the_target_outside_pauses(data):
    cal = data.draw(calendars())
    start = data.draw(instants_near(cal.tz))
    target = data.draw(minutes_for(cal))
    pauses = data.draw(pauses_for(cal.tz))
    due = due_at(cal, start, target, pauses)
    if due is None:  # a running pause holds the clock: less than the target is ever spent
        far = plus(start, 3 * 366 * 1440)
        assert business_minutes_between_excluding(cal, start, far, pauses) < target
        return
    assert business_minutes_between_excluding(cal, start, due, pauses) == target
    assert due >= add_business_minutes(cal, start, target)


@PROPERTY
@given(st.data())
def test_pauses_only_ever_remove_business_time(data):
    cal = data.draw(calendars())
    a, b = sorted((data.draw(instants_near(cal.tz)) for _ in range(2)), key=to_us)
    pauses = data.draw(pauses_for(cal.tz))
    excluded = business_minutes_between_excluding(cal, a, b, pauses)
    assert 0 <= excluded <= business_minutes_between(cal, a, b)
    assert business_minutes_between_excluding(cal, a, b, []) == business_minutes_between(cal, a, b)


@PROPERTY
@given(st.data())
def test_always_open_calendar_is_elapsed_time(data):
    cal = Calendar.always_open(data.draw(st.sampled_from(ZONES)))
    start = data.draw(instants_near(cal.tz))
    minutes = data.draw(st.integers(0, 500_000))
    end = add_business_minutes(cal, start, minutes)
    assert elapsed_minutes(start, end) == minutes
    assert business_minutes_between(cal, start, end) == minutes
