"""Arrival times and opening hours."""

from __future__ import annotations

import collections
import datetime as dt
from random import Random

from guichet.demo.timeline import HISTORY_DAYS, PARIS, next_open, sample_created_times
from guichet.demo.vocabulary import asclepia, kolibri, telvia

ANCHOR = dt.datetime(2026, 6, 30, 16, 0, tzinfo=dt.UTC)
OFFICE = kolibri.TRAFFIC.open_hours  # Monday to Friday, 9:00 to 18:00


def paris(year: int, month: int, day: int, hour: int, minute: int) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=PARIS)


def test_next_open_keeps_a_moment_inside_opening_hours():
    assert next_open(paris(2026, 6, 2, 10, 0), OFFICE) == paris(2026, 6, 2, 10, 0)


def test_next_open_moves_an_early_moment_to_the_opening():
    assert next_open(paris(2026, 6, 2, 7, 30), OFFICE) == paris(2026, 6, 2, 9, 0)


def test_next_open_moves_an_evening_to_the_next_morning():
    assert next_open(paris(2026, 6, 2, 18, 30), OFFICE) == paris(2026, 6, 3, 9, 0)


def test_next_open_moves_a_weekend_to_monday():
    assert next_open(paris(2026, 6, 6, 14, 0), OFFICE) == paris(2026, 6, 8, 9, 0)


def test_next_open_skips_public_holidays():
    # Friday 25 December 2026 is Christmas.
    assert next_open(paris(2026, 12, 25, 10, 0), OFFICE) == paris(2026, 12, 28, 9, 0)


def _times(profile, count=20000, seed=1):
    return sample_created_times(Random(seed), profile, count, ANCHOR)


def test_sampled_times_are_sorted_and_inside_the_window():
    times = _times(telvia.TRAFFIC, 3000)
    assert len(times) == 3000
    assert times == sorted(times)
    assert times[-1] <= ANCHOR
    assert times[0] >= ANCHOR - dt.timedelta(days=HISTORY_DAYS)


def test_sampling_is_deterministic_for_a_seed():
    assert _times(telvia.TRAFFIC, 500, seed=5) == _times(telvia.TRAFFIC, 500, seed=5)


def _weekday_counts(times):
    return collections.Counter(t.astimezone(PARIS).weekday() for t in times)


def test_consumer_telecom_peaks_on_monday_and_drops_at_the_weekend():
    days = _weekday_counts(_times(telvia.TRAFFIC))
    assert days[0] == max(days.values())
    assert (days[5] + days[6]) / 2 < 0.6 * (sum(days[d] for d in range(5)) / 5)


def test_business_software_gets_almost_nothing_at_the_weekend():
    days = _weekday_counts(_times(kolibri.TRAFFIC))
    assert (days[5] + days[6]) / sum(days.values()) < 0.03


def test_medical_software_gets_evenings_and_weekends():
    times = _times(asclepia.TRAFFIC)
    local = [t.astimezone(PARIS) for t in times]
    evening = sum(t.hour >= 19 for t in local) / len(local)
    weekend = sum(t.weekday() >= 5 for t in local) / len(local)
    assert evening > 0.25
    assert weekend > 0.15


def test_lunch_hours_are_quieter_than_the_morning():
    hours = collections.Counter(t.astimezone(PARIS).hour for t in _times(kolibri.TRAFFIC))
    assert hours[12] < 0.6 * hours[10]


def test_an_outage_day_brings_more_tickets_than_a_usual_day():
    anchor = dt.datetime(2026, 6, 20, 16, 0, tzinfo=dt.UTC)  # the outage falls on Monday 4 May
    spike = telvia.TRAFFIC.spikes[0]
    day = anchor.astimezone(PARIS).date() - dt.timedelta(days=spike.days_ago)
    times = sample_created_times(Random(1), telvia.TRAFFIC, 20000, anchor)
    per_day = collections.Counter(t.astimezone(PARIS).date() for t in times)
    same_weekday = [n for d, n in per_day.items() if d.weekday() == day.weekday() and d != day]
    assert per_day[day] > 1.8 * (sum(same_weekday) / len(same_weekday))
