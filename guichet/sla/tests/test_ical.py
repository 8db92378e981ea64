"""iCal closures: all-day events close dates, timed events close intervals, the rest is reported."""

from datetime import UTC, date, datetime

import pytest

from guichet.sla.calendar import Closure
from guichet.sla.clock import add_business_minutes, business_minutes_between
from guichet.sla.ical import MAX_BYTES, apply_ics, parse_ics

from .helpers import OFFICE, PARIS, paris

CLOSURES_ICS = (
    "BEGIN:VCALENDAR\r\n"
    "VERSION:2.0\r\n"
    "PRODID:-//Guichet//test//FR\r\n"
    "BEGIN:VTIMEZONE\r\n"
    "TZID:Europe/Paris\r\n"
    "BEGIN:STANDARD\r\n"
    "DTSTART:19701025T030000\r\n"
    "END:STANDARD\r\n"
    "END:VTIMEZONE\r\n"
    "BEGIN:VEVENT\r\n"
    "UID:bridge-day\r\n"
    "SUMMARY:Pont de l'Ascension\r\n"
    "DTSTART;VALUE=DATE:20250530\r\n"
    "END:VEVENT\r\n"
    "BEGIN:VEVENT\r\n"
    "UID:inventory\r\n"
    "SUMMARY:Inventaire annuel (fermeture\r\n"
    "  de trois jours)\r\n"
    "DTSTART;VALUE=DATE:20250203\r\n"
    "DTEND;VALUE=DATE:20250206\r\n"
    "END:VEVENT\r\n"
    "BEGIN:VEVENT\r\n"
    "UID:training\r\n"
    'DTSTART;TZID="Europe/Paris":20250110T140000\r\n'
    "DTEND;TZID=Europe/Paris:20250110T160000\r\n"
    "BEGIN:VALARM\r\n"
    "TRIGGER:-PT15M\r\n"
    "DTSTART:20000101T000000\r\n"
    "END:VALARM\r\n"
    "END:VEVENT\r\n"
    "BEGIN:VEVENT\r\n"
    "UID:maintenance\r\n"
    "DTSTART:20250113T080000Z\r\n"
    "DURATION:PT1H30M\r\n"
    "END:VEVENT\r\n"
    "BEGIN:VEVENT\r\n"
    "UID:floating\r\n"
    "DTSTART:20250114T090000\r\n"
    "DTEND:20250114T100000\r\n"
    "END:VEVENT\r\n"
    "BEGIN:VEVENT\r\n"
    "UID:weekly-meeting\r\n"
    "SUMMARY:Réunion\r\n"
    "DTSTART:20250106T090000Z\r\n"
    "DTEND:20250106T100000Z\r\n"
    "RRULE:FREQ=WEEKLY\r\n"
    "END:VEVENT\r\n"
    "BEGIN:VEVENT\r\n"
    "UID:cancelled\r\n"
    "STATUS:CANCELLED\r\n"
    "DTSTART;VALUE=DATE:20250301\r\n"
    "END:VEVENT\r\n"
    "BEGIN:VEVENT\r\n"
    "UID:windows-zone\r\n"
    "DTSTART;TZID=Romance Standard Time:20250301T090000\r\n"
    "DTEND;TZID=Romance Standard Time:20250301T100000\r\n"
    "END:VEVENT\r\n"
    "END:VCALENDAR\r\n"
).encode()


@pytest.fixture(scope="module")
def imported():
    return parse_ics(CLOSURES_ICS, PARIS)


def test_all_day_events_close_whole_dates_with_exclusive_end(imported):
    assert imported.closed_days == {
        date(2025, 5, 30),
        date(2025, 2, 3),
        date(2025, 2, 4),
        date(2025, 2, 5),
    }


def test_timed_events_become_closures_in_their_zone(imported):
    assert imported.closures == (
        Closure(paris(2025, 1, 10, 14), paris(2025, 1, 10, 16)),
        Closure(datetime(2025, 1, 13, 8, tzinfo=UTC), datetime(2025, 1, 13, 9, 30, tzinfo=UTC)),
        Closure(paris(2025, 1, 14, 9), paris(2025, 1, 14, 10)),  # floating: calendar zone
    )


def test_unsupported_events_are_reported_not_guessed(imported):
    assert len(imported.skipped) == 3
    recurring, cancelled, windows = imported.skipped
    assert recurring.startswith("Réunion [weekly-meeting]: recurring events (RRULE)")
    assert cancelled.endswith("cancelled")
    assert "unknown time zone 'Romance Standard Time'" in windows


def test_imported_closures_apply_to_the_arithmetic(imported):
    cal = apply_ics(OFFICE, imported)
    # the training closes Friday 14:00-16:00: 2 business hours fewer that day
    assert business_minutes_between(cal, paris(2025, 1, 10), paris(2025, 1, 11)) == 540 - 120
    # the inventory closes Monday 3 to Wednesday 5 February
    assert add_business_minutes(cal, paris(2025, 1, 31, 17), 120) == paris(2025, 2, 6, 10)
    # the UTC maintenance closes 09:00-10:30 Paris on Monday 13 January
    assert add_business_minutes(cal, paris(2025, 1, 13, 9), 30) == paris(2025, 1, 13, 11)


def test_duration_days_are_nominal_and_hours_exact_across_dst():
    ics = (
        "BEGIN:VCALENDAR\n"
        "BEGIN:VEVENT\nDTSTART;TZID=Europe/Paris:20250329T120000\nDURATION:P1D\nEND:VEVENT\n"
        "BEGIN:VEVENT\nDTSTART;TZID=Europe/Paris:20250330T010000\nDURATION:PT2H\nEND:VEVENT\n"
        "END:VCALENDAR\n"
    )
    day, hours = parse_ics(ics, PARIS).closures
    assert day.end == paris(2025, 3, 30, 12)  # 23 real hours: same wall time next day
    assert hours.end == paris(2025, 3, 30, 4)  # 2 real hours: 01:00 + 2 h is 04:00 summer time


def test_event_without_an_end_closes_one_day_or_nothing():
    ics = (
        "BEGIN:VCALENDAR\n"
        "BEGIN:VEVENT\nUID:a\nDTSTART;VALUE=DATE:20250102\nEND:VEVENT\n"
        "BEGIN:VEVENT\nUID:b\nDTSTART:20250102T100000Z\nEND:VEVENT\n"
        "END:VCALENDAR\n"
    )
    result = parse_ics(ics, PARIS)
    assert result.closed_days == {date(2025, 1, 2)}
    assert result.closures == ()
    assert result.skipped == ("(no summary) [b]: timed event without a positive duration",)


@pytest.mark.parametrize(
    ("event", "reason"),
    [
        ("DTSTART:20251301T100000Z\nDTEND:20251302T100000Z", "month must be in 1..12"),
        ("DTSTART:tomorrow", "unreadable date"),
        ("DTSTART;VALUE=DATE:20250105\nDTEND;VALUE=DATE:20250101", "positive number of days"),
        ("DTSTART;VALUE=DATE:20250105\nDTEND:20250106T100000Z", "positive number of days"),
        ("DTSTART:20250105T100000Z\nDURATION:soon", "unreadable duration"),
        ("DTSTART;VALUE=DATE:20250101\nDTEND;VALUE=DATE:20450101", "longer than"),
        ("SUMMARY:nothing", "no DTSTART"),
    ],
)
def test_unreadable_events_are_skipped_with_a_reason(event, reason):
    result = parse_ics(
        f"BEGIN:VCALENDAR\nBEGIN:VEVENT\n{event}\nEND:VEVENT\nEND:VCALENDAR\n", PARIS
    )
    assert len(result.skipped) == 1
    assert reason in result.skipped[0]


def test_quoted_parameter_may_hold_a_colon():
    ics = (
        "BEGIN:VCALENDAR\nBEGIN:VEVENT\n"
        'DTSTART;X-NOTE="a:b";VALUE=DATE:20250102\n'
        "END:VEVENT\nEND:VCALENDAR\n"
    )
    assert parse_ics(ics, PARIS).closed_days == {date(2025, 1, 2)}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "not an iCalendar file"),
        (b"<html>hello</html>", "not an iCalendar file"),
        (b"BEGIN:VCALENDAR\nBEGIN:VEVENT\nEND:VCALENDAR\n", "malformed"),
        (b"BEGIN:VCALENDAR\nno colon here\nEND:VCALENDAR\n", "without a value"),
        (b"BEGIN:VCALENDAR\n" + b"X" * MAX_BYTES, "too large"),
    ],
)
def test_files_that_are_not_icalendar_are_refused(data, message):
    with pytest.raises(ValueError, match=message):
        parse_ics(data, PARIS)


def test_too_many_events_are_refused(monkeypatch):
    monkeypatch.setattr("guichet.sla.ical.MAX_EVENTS", 2)
    event = "BEGIN:VEVENT\nDTSTART;VALUE=DATE:20250102\nEND:VEVENT\n"
    with pytest.raises(ValueError, match="more than 2 events"):
        parse_ics("BEGIN:VCALENDAR\n" + event * 3 + "END:VCALENDAR\n", PARIS)
