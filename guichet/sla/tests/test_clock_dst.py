"""Business time across DST changes. Opening hours are wall-clock hours in the calendar's zone:
an interval lasts the real time during which the wall clock shows a time inside it.

Europe/Paris 2025: spring forward Sunday 30 March 02:00 -> 03:00 (01:00Z);
fall back Sunday 26 October 03:00 -> 02:00 (01:00Z)."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from guichet.sla.calendar import Calendar
from guichet.sla.clock import add_business_minutes, business_minutes_between, is_open

from .helpers import EVERY_DAY, NIGHTS, OFFICE, paris, utc

LORD_HOWE = ZoneInfo("Australia/Lord_Howe")  # DST moves the clock by 30 minutes


def whole_day(cal: Calendar, y: int, m: int, d: int) -> float:
    start = datetime(y, m, d, tzinfo=cal.tz)
    end = datetime.fromordinal(start.toordinal() + 1).replace(tzinfo=cal.tz)
    return business_minutes_between(cal, start, end)


@pytest.mark.parametrize(
    ("cal", "day", "expected_minutes"),
    [
        pytest.param(EVERY_DAY, (2025, 3, 30), 12 * 60, id="08-20_on_spring_day_is_12h"),
        pytest.param(EVERY_DAY, (2025, 10, 26), 12 * 60, id="08-20_on_autumn_day_is_12h"),
        pytest.param(NIGHTS, (2025, 3, 30), 2 * 60, id="01-04_on_spring_night_is_2h"),
        pytest.param(NIGHTS, (2025, 10, 26), 4 * 60, id="01-04_on_autumn_night_is_4h"),
        pytest.param(NIGHTS, (2025, 3, 31), 3 * 60, id="01-04_the_day_after_is_3h"),
        pytest.param(
            Calendar.build("Europe/Paris", {"sun": "02:30-05:00"}),
            (2025, 3, 30),
            2 * 60,
            id="interval_opening_inside_the_gap_opens_at_03h",
        ),
        pytest.param(
            Calendar.build("Europe/Paris", {"sun": "02:30-05:00"}),
            (2025, 10, 26),
            3 * 60,
            id="interval_opening_inside_the_repeat_counts_both_passes",
        ),
        pytest.param(
            Calendar.always_open("Europe/Paris"), (2025, 3, 30), 23 * 60, id="24h_day_is_23h"
        ),
        pytest.param(
            Calendar.always_open("Europe/Paris"), (2025, 10, 26), 25 * 60, id="24h_day_is_25h"
        ),
        pytest.param(
            Calendar.build("America/New_York", {"mon-sun": "01:00-04:00"}),
            (2025, 3, 9),
            2 * 60,
            id="new_york_spring_night",
        ),
        pytest.param(
            Calendar.build("America/New_York", {"mon-sun": "01:00-04:00"}),
            (2025, 11, 2),
            4 * 60,
            id="new_york_autumn_night",
        ),
        pytest.param(
            Calendar.build(LORD_HOWE, {"mon-sun": "01:00-04:00"}),
            (2025, 10, 5),
            150,
            id="lord_howe_half_hour_spring",
        ),
        pytest.param(
            Calendar.build(LORD_HOWE, {"mon-sun": "01:00-04:00"}),
            (2025, 4, 6),
            210,
            id="lord_howe_half_hour_autumn",
        ),
    ],
)
def test_business_minutes_of_a_dst_day(cal, day, expected_minutes):
    assert whole_day(cal, *day) == expected_minutes


ADD_CASES = [
    (
        "spring_night_ends_at_04h_summer_time",
        NIGHTS,
        paris(2025, 3, 30, 0),
        120,
        paris(2025, 3, 30, 4),
    ),
    ("spring_gap_is_not_business_time", NIGHTS, paris(2025, 3, 30, 1, 30), 30, utc(2025, 3, 30, 1)),
    ("spring_gap_jump_reads_03h", NIGHTS, paris(2025, 3, 30, 1, 30), 31, paris(2025, 3, 30, 3, 1)),
    (
        "autumn_repeated_hour_second_pass",
        NIGHTS,
        paris(2025, 10, 26, 1),
        150,
        utc(2025, 10, 26, 1, 30),  # 02:30 winter time (fold=1)
    ),
    (
        "autumn_repeated_hour_first_pass",
        NIGHTS,
        paris(2025, 10, 26, 1),
        90,
        utc(2025, 10, 26, 0, 30),  # 02:30 summer time (fold=0)
    ),
    ("weekend_with_spring_change", OFFICE, paris(2025, 3, 28, 17), 120, paris(2025, 3, 31, 10)),
    ("weekend_with_autumn_change", OFFICE, paris(2025, 10, 24, 17), 120, paris(2025, 10, 27, 10)),
    ("every_day_across_spring_day", EVERY_DAY, paris(2025, 3, 29, 19), 120, paris(2025, 3, 30, 9)),
]


@pytest.mark.parametrize(
    ("cal", "start", "minutes", "expected"),
    [case[1:] for case in ADD_CASES],
    ids=[case[0] for case in ADD_CASES],
)
def test_add_across_dst(cal, start, minutes, expected):
    # Expected instants inside the repeated autumn hour are written in UTC: by PEP 495 a
    # datetime in a repeated hour never equals one in another zone (and equals any same-zone
    # datetime that differs only by fold), so only UTC comparisons are trustworthy there.
    result = add_business_minutes(cal, start, minutes)
    assert result == expected
    assert business_minutes_between(cal, start, result) == minutes


def test_fold_distinguishes_the_two_autumn_passes():
    first = paris(2025, 10, 26, 2, 30)  # 00:30Z, summer time
    second = paris(2025, 10, 26, 2, 30, fold=1)  # 01:30Z, winter time
    assert business_minutes_between(NIGHTS, first, second) == 60
    assert add_business_minutes(NIGHTS, first, 60) == second.astimezone(UTC)
    assert is_open(NIGHTS, first)
    assert is_open(NIGHTS, second)


def test_nonexistent_spring_time_is_read_with_the_offset_before_the_gap():
    # 02:30 does not exist on 30 March; Python reads it as 01:30Z (03:30 summer time)
    assert business_minutes_between(NIGHTS, paris(2025, 3, 30, 2, 30), paris(2025, 3, 30, 4)) == 30


def test_a_long_span_across_both_changes_counts_every_ordinary_week():
    # 2025 has 52 weeks + 1 day; the two DST weeks are counted day by day
    start, end = paris(2025, 1, 1), paris(2026, 1, 1)
    assert business_minutes_between(EVERY_DAY, start, end) == 365 * 12 * 60
    # the night hour lost in March comes back in October
    assert business_minutes_between(NIGHTS, start, end) == 365 * 3 * 60
