"""The Calendar value: parsing weekly hours, validation, precedence of exceptions, equality."""

import dataclasses
import pickle
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from guichet.sla.calendar import (
    Calendar,
    Closure,
    Interval,
    day_hours,
    parse_clock,
    weekly_hours,
)
from guichet.sla.public_holidays import FRANCE

from .helpers import LUNCH, paris

NINE_TO_SIX = (Interval(540, 1080),)


def test_weekday_range_and_lunch_break():
    week = weekly_hours({"mon-fri": "09:00-12:00, 14:00-18:00", "sat": "10:00-13:00"})
    assert week[0] == (Interval(540, 720), Interval(840, 1080))
    assert week[4] == week[0]
    assert week[5] == (Interval(600, 780),)
    assert week[6] == ()


def test_weekdays_may_be_numbers_and_hours_lists():
    assert weekly_hours({0: ["09:00-18:00"]})[0] == NINE_TO_SIX


def test_overnight_interval_is_split_at_midnight():
    week = weekly_hours({"fri": "22:00-06:00"})
    assert week[4] == (Interval(1320, 1440),)
    assert week[5] == (Interval(0, 360),)


def test_sunday_overnight_tail_goes_to_monday():
    assert weekly_hours({"sun": "23:00-01:00"})[0] == (Interval(0, 60),)


def test_interval_ending_at_midnight_has_no_tail():
    week = weekly_hours({"mon": "18:00-00:00"})
    assert week[0] == (Interval(1080, 1440),)
    assert week[1] == ()


def test_touching_intervals_are_merged():
    assert weekly_hours({"mon": "09:00-12:00, 12:00-18:00"})[0] == NINE_TO_SIX


def test_overlapping_intervals_are_refused_naming_the_day():
    with pytest.raises(
        ValueError, match="tue: opening intervals 09:00-12:00 and 11:00-14:00 overlap"
    ):
        weekly_hours({"tue": "09:00-12:00, 11:00-14:00"})


def test_overnight_tail_overlapping_the_next_morning_is_refused():
    with pytest.raises(ValueError, match="tue: .* overlap"):
        weekly_hours({"mon": "22:00-06:00", "tue": "05:00-09:00"})


def test_a_day_given_twice_is_refused():
    with pytest.raises(ValueError, match="mon is given twice"):
        weekly_hours({"mon-fri": "09:00-18:00", "mon": "10:00-11:00"})


@pytest.mark.parametrize("key", ["monday", "lun", "fri-mon", 7, -1])
def test_unknown_weekday_is_refused(key):
    with pytest.raises(ValueError, match="weekday"):
        weekly_hours({key: "09:00-18:00"})


@pytest.mark.parametrize("text", ["25:00", "12:60", "9h", "24:30", "", "12:00:00"])
def test_bad_clock_time_is_refused(text):
    with pytest.raises(ValueError, match="time of day"):
        parse_clock(text)


@pytest.mark.parametrize("spec", ["09:00-09:00", "24:00-06:00", "09:00", "09:00-"])
def test_empty_or_malformed_interval_is_refused(spec):
    with pytest.raises(ValueError):
        weekly_hours({"mon": spec})


def test_interval_bounds_are_checked():
    with pytest.raises(ValueError, match="start < end"):
        Interval(600, 500)
    with pytest.raises(ValueError, match="24:00"):
        Interval(0, 1441)


def test_exception_hours_may_not_run_overnight():
    with pytest.raises(ValueError, match="overnight"):
        day_hours("22:00-02:00", "2025-12-31")


def test_a_date_cannot_be_both_an_exception_and_an_open_day():
    with pytest.raises(ValueError, match="both"):
        Calendar.build(
            "Europe/Paris",
            {"mon-fri": "09:00-18:00"},
            exceptions={date(2025, 7, 14): ""},
            open_days=[date(2025, 7, 14)],
        )


def test_week_needs_seven_days_and_a_real_zone():
    with pytest.raises(ValueError, match="7 days"):
        Calendar(ZoneInfo("Europe/Paris"), ((),) * 6)
    with pytest.raises(ValueError, match="tzinfo"):
        Calendar("Europe/Paris", ((),) * 7)  # type: ignore[arg-type]


@pytest.mark.parametrize("key", ["Europe/Pariss", "Romance Standard Time", "../etc/passwd", ""])
def test_unknown_zone_name_is_refused_clearly(key):
    with pytest.raises(ValueError, match="unknown time zone"):
        Calendar.build(key, {"mon": "09:00-18:00"})


def test_direct_construction_validates_days_too():
    with pytest.raises(ValueError, match="overlap"):
        Calendar(ZoneInfo("UTC"), ((Interval(0, 60), Interval(30, 90)),) + ((),) * 6)


def test_hours_on_follows_exception_then_holiday_then_week():
    cal = Calendar.build(
        "Europe/Paris",
        {"mon-fri": "09:00-18:00"},
        holidays=[date(2025, 1, 7)],
        public_holidays=FRANCE,
        exceptions={date(2025, 7, 14): "10:00-12:00", date(2025, 1, 8): ""},
    )
    assert cal.hours_on(date(2025, 1, 6)) == NINE_TO_SIX
    assert cal.hours_on(date(2025, 1, 7)) == ()  # custom holiday
    assert cal.hours_on(date(2025, 1, 8)) == ()  # closed by exception
    assert cal.hours_on(date(2025, 7, 14)) == (Interval(600, 720),)  # exception beats holiday
    assert cal.hours_on(date(2025, 8, 15)) == ()  # public holiday


def test_weekly_minutes():
    assert LUNCH.weekly_minutes == 5 * 420


def test_only_a_plain_24_7_calendar_is_always_open():
    assert Calendar.always_open().is_always_open
    assert not Calendar.build(
        "UTC", {"mon-sun": "00:00-24:00"}, holidays=[date(2025, 1, 1)]
    ).is_always_open
    assert not Calendar.build("UTC", {"mon-sat": "00:00-24:00"}).is_always_open


def test_equal_calendars_compare_and_hash_equal():
    one = Calendar.build(
        "Europe/Paris", {"mon-fri": "09:00-18:00"}, exceptions={date(2025, 1, 2): ""}
    )
    two = Calendar.build(
        "Europe/Paris", {"mon-fri": "09:00-18:00"}, exceptions={date(2025, 1, 2): ""}
    )
    one.segments(date(2025, 1, 6))  # a warm cache does not change equality
    assert one == two
    assert hash(one) == hash(two)
    assert one != dataclasses.replace(two, holidays=frozenset({date(2025, 1, 3)}))


def test_calendar_is_immutable():
    with pytest.raises(dataclasses.FrozenInstanceError):
        LUNCH.holidays = frozenset()  # type: ignore[misc]
    with pytest.raises(TypeError):
        LUNCH.exceptions[date(2025, 1, 1)] = ()  # type: ignore[index]


def test_calendar_survives_pickling():
    cal = Calendar.build(
        "Europe/Paris", {"mon-fri": "09:00-18:00"}, exceptions={date(2025, 1, 2): ""}
    )
    cal.segments(date(2025, 1, 6))
    assert pickle.loads(pickle.dumps(cal)) == cal


def test_closure_must_end_after_it_starts_and_be_aware():
    with pytest.raises(ValueError, match="before it starts"):
        Closure(paris(2025, 1, 6, 12), paris(2025, 1, 6, 11))
    with pytest.raises(ValueError, match="naive"):
        Closure(datetime(2025, 1, 6, 11), datetime(2025, 1, 6, 12))


def test_timed_closure_is_cut_out_of_the_day():
    closure = Closure(paris(2025, 1, 6, 10), paris(2025, 1, 6, 11))
    cal = Calendar.build("Europe/Paris", {"mon-fri": "09:00-18:00"}, closures=[closure])
    spans = cal.segments(date(2025, 1, 6))
    hours = [(timedelta(microseconds=hi - lo)).total_seconds() / 3600 for lo, hi in spans]
    assert hours == [1, 7]
    assert not cal.is_ordinary(date(2025, 1, 6))
    assert cal.is_ordinary(date(2025, 1, 13))
