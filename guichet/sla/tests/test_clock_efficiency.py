"""Long spans are walked week by week, and nothing depends on the current time."""

from datetime import date

import time_machine

from guichet.sla.calendar import Calendar
from guichet.sla.clock import add_business_minutes, business_minutes_between
from guichet.sla.public_holidays import FRANCE

from .helpers import paris, reference_add


def fresh_lunch_calendar() -> Calendar:
    return Calendar.build(
        "Europe/Paris", {"mon-fri": "09:00-12:00, 14:00-18:00"}, public_holidays=FRANCE
    )


def count_day_computations(monkeypatch) -> list[date]:
    seen: list[date] = []
    original = Calendar.segments

    def counting(self, day):
        seen.append(day)
        return original(self, day)

    monkeypatch.setattr(Calendar, "segments", counting)
    return seen


def test_adding_100000_minutes_skips_ordinary_weeks(monkeypatch):
    # Given 100,000 business minutes: about 48 weeks (333 days) of 35-hour weeks
    cal = fresh_lunch_calendar()
    start = paris(2025, 1, 6, 10)
    expected = reference_add(cal, start, 100_000)
    seen = count_day_computations(monkeypatch)
    # When they are added
    result = add_business_minutes(cal, start, 100_000)
    # Then only the weeks with a holiday or a DST change are walked day by day
    assert result == expected
    assert len(seen) < 100  # 65 today, against 333 days walked one by one


def test_between_over_a_year_skips_ordinary_weeks(monkeypatch):
    cal = fresh_lunch_calendar()
    seen = count_day_computations(monkeypatch)
    assert business_minutes_between(cal, paris(2025, 1, 1), paris(2026, 1, 1)) == 251 * 420
    assert len(seen) < 100


def test_results_do_not_depend_on_the_current_time():
    cal = fresh_lunch_calendar()
    start = paris(2025, 7, 11, 17)
    answers = set()
    for now in ("1999-12-31 23:59", "2025-07-11 17:00", "2042-03-30 02:30"):
        with time_machine.travel(now, tick=False):
            answers.add(add_business_minutes(cal, start, 120))
    assert answers == {paris(2025, 7, 15, 10)}
