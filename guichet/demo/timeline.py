"""When demo tickets arrive and when support is open: pure functions. See docs/demo.md.

1. Each day of the window gets a weight: weekday profile (public holidays count as Sundays),
   month factor (summer holidays), a slow growth trend, one-off spikes and daily noise.
2. Days are drawn with those weights, then an hour from the weekday or weekend profile,
   then minutes and seconds; times after the anchor ("now") are drawn again.
"""

from __future__ import annotations

import datetime as dt
import math
from functools import lru_cache
from random import Random
from zoneinfo import ZoneInfo

import holidays

from guichet.demo.specs import Spike, TrafficProfile

PARIS = ZoneInfo("Europe/Paris")
HISTORY_DAYS = 182


@lru_cache(maxsize=8)
def _french_holidays(years: tuple[int, ...]) -> frozenset[dt.date]:
    return frozenset(holidays.country_holidays("FR", years=list(years)).keys())


def is_holiday(day: dt.date) -> bool:
    return day in _french_holidays((day.year - 1, day.year, day.year + 1))


def is_weekend(day: dt.date) -> bool:
    return day.weekday() >= 5 or is_holiday(day)


def is_month_end(day: dt.date) -> bool:
    """Payroll season: the last week of a month and the first five days of the next."""
    return day.day >= 24 or day.day <= 5


def spike_on(profile: TrafficProfile, day: dt.date, anchor_day: dt.date) -> Spike | None:
    days_ago = (anchor_day - day).days
    for spike in profile.spikes:
        if spike.days_ago - spike.length_days < days_ago <= spike.days_ago:
            return spike
    return None


def day_weight(profile: TrafficProfile, day: dt.date, anchor_day: dt.date, noise: float) -> float:
    weekday = 6 if is_holiday(day) else day.weekday()
    weight = profile.weekday[weekday] * profile.month_factor.get(day.month, 1.0)
    if day.month == 12 and day.day >= 24:
        weight *= 0.6
    progress = 1 - (anchor_day - day).days / HISTORY_DAYS
    weight *= 0.9 + 0.2 * progress
    if is_month_end(day):
        weight *= 1 + 0.25 * (profile.month_end_factor - 1)
    spike = spike_on(profile, day, anchor_day)
    if spike is not None:
        weight *= spike.factor
    return weight * noise


def window(anchor: dt.datetime, days: int = HISTORY_DAYS) -> list[dt.date]:
    last = anchor.astimezone(PARIS).date()
    return [last - dt.timedelta(days=offset) for offset in range(days - 1, -1, -1)]


def sample_created_times(
    rng: Random, profile: TrafficProfile, count: int, anchor: dt.datetime
) -> list[dt.datetime]:
    """`count` arrival times over the window ending at `anchor`, oldest first."""
    days = window(anchor)
    anchor_day = days[-1]
    weights = [day_weight(profile, d, anchor_day, math.exp(rng.gauss(0, 0.12))) for d in days]
    hours = range(24)
    times: list[dt.datetime] = []
    while len(times) < count:
        for day in rng.choices(days, weights=weights, k=count - len(times)):
            profile_hours = profile.hourly_weekend if is_weekend(day) else profile.hourly_week
            hour = rng.choices(hours, weights=profile_hours)[0]
            local = dt.datetime.combine(day, dt.time(hour, rng.randrange(60), rng.randrange(60)))
            moment = local.replace(tzinfo=PARIS)
            if moment <= anchor:
                times.append(moment)
    return sorted(times)


def next_open(moment: dt.datetime, open_hours: tuple[tuple[int, int] | None, ...]) -> dt.datetime:
    """`moment` if support is open then, else the next opening time (Paris time)."""
    local = moment.astimezone(PARIS)
    for _ in range(8):
        hours = open_hours[local.weekday()]
        if hours is not None and not is_holiday(local.date()):
            start = local.replace(hour=hours[0], minute=0, second=0, microsecond=0)
            end = local.replace(hour=hours[1], minute=0, second=0, microsecond=0)
            if local < start:
                return start
            if local < end:
                return local
        following = local.date() + dt.timedelta(days=1)
        local = dt.datetime.combine(following, dt.time(0, 0), tzinfo=PARIS)
    return local


def lognormal_minutes(rng: Random, median: float, sigma: float = 0.8) -> dt.timedelta:
    """A skewed delay around `median`, its long tail cut at five times the median."""
    return dt.timedelta(minutes=median * min(math.exp(rng.gauss(0, sigma)), 5.0))


def business_after(
    rng: Random,
    moment: dt.datetime,
    median_minutes: float,
    open_hours: tuple[tuple[int, int] | None, ...],
    sigma: float = 0.8,
) -> dt.datetime:
    """A staff action some time after `moment`, during opening hours."""
    start = next_open(moment, open_hours)
    return next_open(start + lognormal_minutes(rng, median_minutes, sigma), open_hours)
