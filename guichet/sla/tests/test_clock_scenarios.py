"""Table tests of business-time arithmetic: weekends, lunch breaks, holidays, exceptions,
midnight, input zones. DST has its own module (test_clock_dst.py)."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from guichet.sla.calendar import Calendar
from guichet.sla.clock import (
    add_business_minutes,
    business_minutes_between,
    is_open,
    next_opening,
)
from guichet.sla.public_holidays import ALSACE, FRANCE

from .helpers import LUNCH, OFFICE, paris, utc

NIGHT_SHIFT = Calendar.build("Europe/Paris", {"mon-fri": "22:00-06:00"})
EVENINGS = Calendar.build("Europe/Paris", {"mon-fri": "18:00-24:00"})
WEEKDAYS_24H = Calendar.build("Europe/Paris", {"mon-fri": "00:00-24:00"})
SUNDAY_NIGHT = Calendar.build("Europe/Paris", {"sun": "22:00-02:00"})
TUESDAY_OFF = Calendar.build(
    "Europe/Paris", {"mon-fri": "09:00-18:00"}, holidays=[date(2025, 1, 14)]
)
CHRISTMAS_EVE = Calendar.build(
    "Europe/Paris",
    {"mon-fri": "09:00-12:00, 14:00-18:00"},
    public_holidays=FRANCE,
    exceptions={date(2025, 12, 24): "09:00-12:00"},
)
OPEN_ON_14_JULY = Calendar.build(
    "Europe/Paris",
    {"mon-fri": "09:00-12:00, 14:00-18:00"},
    public_holidays=FRANCE,
    open_days=[date(2025, 7, 14)],
)
CLOSED_MONDAY = Calendar.build(
    "Europe/Paris", {"mon-fri": "09:00-18:00"}, exceptions={date(2025, 1, 13): ""}
)
STRASBOURG = Calendar.build(
    "Europe/Paris", {"mon-fri": "09:00-12:00, 14:00-18:00"}, public_holidays=ALSACE
)

ADD_CASES = [
    (
        "friday_1730_plus_60_is_monday_0930",
        OFFICE,
        paris(2025, 1, 10, 17, 30),
        60,
        paris(2025, 1, 13, 9, 30),
    ),
    (
        "ends_at_closing_time_not_next_opening",
        OFFICE,
        paris(2025, 1, 10, 17, 30),
        30,
        paris(2025, 1, 10, 18),
    ),
    (
        "saturday_start_counts_from_monday",
        OFFICE,
        paris(2025, 1, 11, 10),
        30,
        paris(2025, 1, 13, 9, 30),
    ),
    (
        "zero_minutes_is_the_start_even_closed",
        OFFICE,
        paris(2025, 1, 11, 10),
        0,
        paris(2025, 1, 11, 10),
    ),
    ("lunch_break_is_skipped", LUNCH, paris(2025, 1, 6, 11, 30), 60, paris(2025, 1, 6, 14, 30)),
    (
        "start_during_lunch_waits_for_14h",
        LUNCH,
        paris(2025, 1, 6, 12, 30),
        10,
        paris(2025, 1, 6, 14, 10),
    ),
    (
        "fractional_minutes",
        LUNCH,
        paris(2025, 1, 6, 9),
        0.5,
        datetime(2025, 1, 6, 9, 0, 30, tzinfo=ZoneInfo("Europe/Paris")),
    ),
    ("14_july_is_closed", LUNCH, paris(2025, 7, 11, 17), 120, paris(2025, 7, 15, 10)),
    ("easter_monday_2025_is_closed", LUNCH, paris(2025, 4, 18, 17), 120, paris(2025, 4, 22, 10)),
    ("easter_monday_2026_moves", LUNCH, paris(2026, 4, 3, 17), 120, paris(2026, 4, 7, 10)),
    ("ascension_thursday_is_closed", LUNCH, paris(2025, 5, 28, 17), 120, paris(2025, 5, 30, 10)),
    (
        "good_friday_is_open_outside_alsace",
        LUNCH,
        paris(2025, 4, 17, 17),
        120,
        paris(2025, 4, 18, 10),
    ),
    (
        "good_friday_is_closed_in_alsace",
        STRASBOURG,
        paris(2025, 4, 17, 17),
        120,
        paris(2025, 4, 22, 10),
    ),
    (
        "custom_holiday_is_closed",
        TUESDAY_OFF,
        paris(2025, 1, 13, 17, 30),
        60,
        paris(2025, 1, 15, 9, 30),
    ),
    (
        "exception_day_has_short_hours",
        CHRISTMAS_EVE,
        paris(2025, 12, 24, 11),
        120,
        paris(2025, 12, 26, 10),
    ),
    (
        "exception_day_closed",
        CLOSED_MONDAY,
        paris(2025, 1, 10, 17, 30),
        60,
        paris(2025, 1, 14, 9, 30),
    ),
    ("open_on_a_holiday", OPEN_ON_14_JULY, paris(2025, 7, 11, 17), 120, paris(2025, 7, 14, 10)),
    (
        "overnight_shift_crosses_midnight",
        NIGHT_SHIFT,
        paris(2025, 1, 6, 23),
        120,
        paris(2025, 1, 7, 1),
    ),
    (
        "overnight_friday_tail_is_saturday_morning",
        NIGHT_SHIFT,
        paris(2025, 1, 10, 23),
        420,
        paris(2025, 1, 11, 6),
    ),
    (
        "after_the_saturday_tail_comes_monday_night",
        NIGHT_SHIFT,
        paris(2025, 1, 10, 23),
        421,
        paris(2025, 1, 13, 22, 1),
    ),
    ("interval_ending_at_24h", EVENINGS, paris(2025, 1, 6, 23, 30), 60, paris(2025, 1, 7, 18, 30)),
    (
        "full_days_join_across_midnight",
        WEEKDAYS_24H,
        paris(2025, 1, 6, 23),
        120,
        paris(2025, 1, 7, 1),
    ),
    (
        "full_weekdays_skip_the_weekend",
        WEEKDAYS_24H,
        paris(2025, 1, 10, 23),
        120,
        paris(2025, 1, 13, 1),
    ),
    (
        "sunday_overnight_spills_into_monday",
        SUNDAY_NIGHT,
        paris(2025, 1, 12, 23),
        120,
        paris(2025, 1, 13, 1),
    ),
]


@pytest.mark.parametrize(
    ("cal", "start", "minutes", "expected"),
    [case[1:] for case in ADD_CASES],
    ids=[case[0] for case in ADD_CASES],
)
def test_add_business_minutes(cal, start, minutes, expected):
    assert add_business_minutes(cal, start, minutes) == expected


BETWEEN_CASES = [
    ("over_a_weekend", OFFICE, paris(2025, 1, 10, 17, 30), paris(2025, 1, 13, 9, 30), 60),
    ("a_day_with_lunch", LUNCH, paris(2025, 1, 6, 0), paris(2025, 1, 7, 0), 420),
    ("a_holiday_counts_nothing", LUNCH, paris(2025, 7, 14, 0), paris(2025, 7, 15, 0), 0),
    ("a_whole_week", OFFICE, paris(2025, 1, 6, 9), paris(2025, 1, 13, 9), 5 * 540),
    ("reversed_is_negative", OFFICE, paris(2025, 1, 13, 9, 30), paris(2025, 1, 10, 17, 30), -60),
    ("same_instant_is_zero", OFFICE, paris(2025, 1, 6, 10), paris(2025, 1, 6, 10), 0),
    ("closed_range_is_zero", OFFICE, paris(2025, 1, 11, 8), paris(2025, 1, 12, 20), 0),
    ("across_midnight", NIGHT_SHIFT, paris(2025, 1, 6, 21), paris(2025, 1, 7, 7), 480),
    (
        "year_2025_with_french_holidays",
        LUNCH,
        paris(2025, 1, 1),
        paris(2026, 1, 1),
        (261 - 10) * 420,
    ),
]


@pytest.mark.parametrize(
    ("cal", "start", "end", "expected"),
    [case[1:] for case in BETWEEN_CASES],
    ids=[case[0] for case in BETWEEN_CASES],
)
def test_business_minutes_between(cal, start, end, expected):
    assert business_minutes_between(cal, start, end) == expected


def test_utc_input_gives_the_same_instant_as_paris_input():
    # Given Friday 17:30 in Paris, written in UTC (16:30Z) and in Paris time
    from_utc = add_business_minutes(OFFICE, utc(2025, 1, 10, 16, 30), 60)
    from_paris = add_business_minutes(OFFICE, paris(2025, 1, 10, 17, 30), 60)
    # Then both are due Monday 09:30 Paris, returned in UTC
    assert from_utc == from_paris == utc(2025, 1, 13, 8, 30)
    assert from_utc.tzinfo is UTC
    assert from_paris.tzinfo is UTC


def test_input_in_another_zone_is_read_as_the_same_instant():
    start = datetime(2025, 1, 10, 11, 30, tzinfo=ZoneInfo("America/New_York"))  # 17:30 Paris
    result = add_business_minutes(OFFICE, start, 60)
    assert result == paris(2025, 1, 13, 9, 30)
    assert result.tzinfo is UTC


def test_naive_datetime_is_refused():
    with pytest.raises(ValueError, match="naive"):
        add_business_minutes(OFFICE, datetime(2025, 1, 10, 17, 30), 60)


@pytest.mark.parametrize("minutes", [-1, -0.5, float("nan"), float("inf")])
def test_negative_or_non_finite_minutes_are_refused(minutes):
    with pytest.raises(ValueError, match="business minutes"):
        add_business_minutes(OFFICE, paris(2025, 1, 10), minutes)


def test_a_calendar_that_never_opens_is_reported_not_looped_forever():
    never = Calendar.build("Europe/Paris", {})
    with pytest.raises(ValueError, match="does not open"):
        add_business_minutes(never, paris(2025, 1, 10), 1)
    with pytest.raises(ValueError, match="does not open"):
        next_opening(never, paris(2025, 1, 10))


@pytest.mark.parametrize(
    ("at", "expected"),
    [
        (paris(2025, 1, 6, 8, 59), False),
        (paris(2025, 1, 6, 9), True),
        (paris(2025, 1, 6, 11, 59), True),
        (paris(2025, 1, 6, 12), False),
        (paris(2025, 1, 6, 14), True),
        (paris(2025, 1, 6, 18), False),
        (paris(2025, 7, 14, 10), False),
        (utc(2025, 1, 6, 8), True),
    ],
)
def test_is_open(at, expected):
    assert is_open(LUNCH, at) is expected


@pytest.mark.parametrize(
    ("at", "expected"),
    [
        (paris(2025, 1, 6, 10), paris(2025, 1, 6, 10)),
        (paris(2025, 1, 6, 12), paris(2025, 1, 6, 14)),
        (paris(2025, 1, 10, 18), paris(2025, 1, 13, 9)),
        (paris(2025, 7, 13, 9), paris(2025, 7, 15, 9)),
    ],
)
def test_next_opening(at, expected):
    assert next_opening(LUNCH, at) == expected


def test_always_open_calendar_is_elapsed_time():
    always = Calendar.always_open("Europe/Paris")
    assert always.is_always_open
    assert add_business_minutes(always, paris(2025, 3, 29, 23), 180) == paris(2025, 3, 30, 3)
    assert business_minutes_between(always, paris(2025, 3, 30), paris(2025, 3, 31)) == 23 * 60
    assert is_open(always, paris(2025, 1, 11, 3))
    assert next_opening(always, paris(2025, 1, 11, 3)) == paris(2025, 1, 11, 3)
