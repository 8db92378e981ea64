import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from guichet.jobs.schedule import Cron, Every, next_cron_time, parse_cron

UTC = dt.UTC
PARIS = ZoneInfo("Europe/Paris")
T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # a Monday
MINUTE = dt.timedelta(minutes=1)


def paris(year: int, month: int, day: int, hour: int, minute: int, second: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, second, tzinfo=PARIS)


def test_every_first_runs_at_once():
    assert Every(dt.timedelta(minutes=5)).first_run(T0) == T0


def test_every_next_run_stays_on_its_grid():
    every = Every(dt.timedelta(minutes=5))

    assert every.next_after(T0, T0 + dt.timedelta(seconds=3)) == T0 + 5 * MINUTE


def test_every_catches_up_with_one_run_after_downtime():
    # Given a job due at T0 and a scheduler that was down for 3 hours 2 minutes
    every = Every(dt.timedelta(hours=1))

    # Then the next run is the first grid point after now, not T0 + 1h
    assert every.next_after(T0, T0 + dt.timedelta(hours=3, minutes=2)) == T0 + dt.timedelta(hours=4)


@settings(deadline=None)
@given(
    interval=st.integers(1, 86_400),
    late=st.integers(0, 10**7),
)
def test_every_next_run_is_after_now_on_the_grid(interval, late):
    every = Every(dt.timedelta(seconds=interval))
    now = T0 + dt.timedelta(seconds=late)

    following = every.next_after(T0, now)

    assert now < following <= now + every.interval
    assert (following - T0) % every.interval == dt.timedelta(0)


def test_every_refuses_sub_second_intervals():
    with pytest.raises(ValueError):
        Every(dt.timedelta(milliseconds=10))


@pytest.mark.parametrize(
    "expr",
    ["* * * *", "60 * * * *", "* 24 * * *", "* * 0 * *", "*/0 * * * *", "a * * * *", "5-1 * * * *"],
)
def test_invalid_cron_expressions_are_refused(expr):
    with pytest.raises(ValueError):
        parse_cron(expr)


def test_cron_fields_accept_lists_ranges_and_steps():
    spec = parse_cron("*/15 9-17/4 1,15 * 7")

    assert spec.minutes == {0, 15, 30, 45}
    assert spec.hours == {9, 13, 17}
    assert spec.days == {1, 15}
    assert spec.weekdays == {0}


@pytest.mark.parametrize(
    ("expr", "after", "expected"),
    [
        ("30 3 * * *", paris(2026, 3, 2, 9, 0), paris(2026, 3, 3, 3, 30)),
        ("30 3 * * *", paris(2026, 3, 2, 3, 29), paris(2026, 3, 2, 3, 30)),
        ("30 3 * * *", paris(2026, 3, 2, 3, 30), paris(2026, 3, 3, 3, 30)),
        ("*/5 * * * *", paris(2026, 3, 2, 9, 2, 59), paris(2026, 3, 2, 9, 5)),
        ("0 9 * * 1-5", paris(2026, 3, 6, 10, 0), paris(2026, 3, 9, 9, 0)),  # Friday -> Monday
        ("0 0 1 * *", paris(2026, 12, 15, 0, 0), paris(2027, 1, 1, 0, 0)),
        ("0 0 29 2 *", paris(2026, 3, 1, 0, 0), paris(2028, 2, 29, 0, 0)),
        # both day fields restricted: either matches (the 13th, or any Friday)
        ("0 12 13 * 5", paris(2026, 3, 1, 0, 0), paris(2026, 3, 6, 12, 0)),
    ],
)
def test_next_cron_time(expr, after, expected):
    assert next_cron_time(parse_cron(expr), after, PARIS) == expected


def test_cron_never_matching_is_refused():
    with pytest.raises(ValueError):
        next_cron_time(parse_cron("0 0 31 2 *"), T0, PARIS)


def test_cron_time_skipped_by_dst_still_runs_once_that_night():
    # 29 March 2026: Paris clocks jump from 02:00 to 03:00; 02:30 does not exist.
    following = next_cron_time(parse_cron("30 2 * * *"), paris(2026, 3, 29, 1, 0), PARIS)

    assert following == dt.datetime(2026, 3, 29, 1, 30, tzinfo=UTC)  # = 03:30 CEST


def test_cron_time_repeated_by_dst_runs_at_its_first_occurrence_only():
    # 25 October 2026: Paris clocks go from 03:00 back to 02:00; 02:30 happens twice.
    first = next_cron_time(parse_cron("30 2 * * *"), paris(2026, 10, 25, 1, 0), PARIS)
    second = next_cron_time(parse_cron("30 2 * * *"), first, PARIS)

    assert first == dt.datetime(2026, 10, 25, 0, 30, tzinfo=UTC)
    assert second == dt.datetime(2026, 10, 26, 1, 30, tzinfo=UTC)


@settings(deadline=None)
@given(
    minute=st.integers(0, 59),
    hour=st.integers(0, 23),
    offset=st.integers(0, 3 * 366 * 24 * 60),
)
def test_daily_cron_runs_next_at_that_wall_time_after_any_instant(minute, hour, offset):
    after = T0 + dt.timedelta(minutes=offset, seconds=7)

    following = next_cron_time(parse_cron(f"{minute} {hour} * * *"), after, PARIS)

    assert after < following <= after + dt.timedelta(hours=25)
    wall = following.astimezone(PARIS)
    if (wall.hour, wall.minute) != (hour, minute):
        # Only when that wall time does not exist that day (DST gap): an hour later.
        assert (wall.hour, wall.minute) == (hour + 1, minute)
        asked = wall.replace(hour=hour, tzinfo=PARIS)
        assert asked.astimezone(UTC).astimezone(PARIS).hour != hour


def test_cron_schedule_uses_the_given_time_zone():
    cron = Cron("0 8 * * *", "Europe/Paris")

    assert cron.first_run(T0) == dt.datetime(2026, 3, 3, 7, 0, tzinfo=UTC)
    assert cron.next_after(dt.datetime(2026, 3, 3, 7, 0, tzinfo=UTC), T0) == dt.datetime(
        2026, 3, 4, 7, 0, tzinfo=UTC
    )
    assert cron.spec == "cron 0 8 * * * Europe/Paris"
