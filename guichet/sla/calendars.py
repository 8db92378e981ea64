"""Stored calendars (`BusinessCalendar` rows) as `Calendar` values, cached per id and version.

See docs/sla.md ("Calendars in the database"). A `Calendar` memoises the open instants of
each date it has computed, so the sweep and the hooks reuse one instance per calendar row:
the cache is keyed by (id, updated_at), so an edited calendar is rebuilt on next use.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterable, Mapping
from typing import Any

from django.utils.translation import gettext as _

from guichet.sla.calendar import Calendar, Closure
from guichet.sla.public_holidays import PublicHolidays

_CACHE_SIZE = 256
_cache: dict[tuple[int, dt.datetime], Calendar] = {}
_lock = threading.Lock()


def calendar_of(row: Any) -> Calendar:
    """The `Calendar` of a `BusinessCalendar` row (cached while the row is unchanged)."""
    key = (row.pk, row.updated_at)
    cached = _cache.get(key)
    if cached is not None:
        return cached
    value = build_calendar(
        row.timezone,
        row.weekly_hours,
        public_holidays=row.public_holidays,
        holidays=row.holidays,
        exceptions=row.exceptions,
        open_days=row.open_days,
        closed_days=row.ics_closed_days,
        closures=row.ics_closures,
    )
    with _lock:
        if len(_cache) >= _CACHE_SIZE:
            _cache.clear()
        _cache[key] = value
    return value


def build_calendar(
    timezone: str,
    weekly_hours: Mapping[str, Any],
    *,
    public_holidays: str = "",
    holidays: Iterable[str] = (),
    exceptions: Mapping[str, str] | None = None,
    open_days: Iterable[str] = (),
    closed_days: Iterable[str] = (),
    closures: Iterable[Any] = (),
) -> Calendar:
    """A calendar from its stored (JSON) fields; ValueError names what is wrong."""
    if not isinstance(weekly_hours, Mapping):
        raise ValueError(
            _('Les horaires doivent être un objet, par ex. {"mon-fri": "09:00-18:00"}.')
        )
    week: dict[str | int, Any] = {key: value for key, value in weekly_hours.items()}
    return Calendar.build(
        timezone,
        week,
        public_holidays=public_holidays_of(public_holidays),
        holidays=[parse_date(d) for d in [*holidays, *closed_days]],
        exceptions={parse_date(d): hours for d, hours in (exceptions or {}).items()},
        open_days=[parse_date(d) for d in open_days],
        closures=[
            Closure(dt.datetime.fromisoformat(start), dt.datetime.fromisoformat(end))
            for start, end in closures
        ],
    )


def public_holidays_of(spec: str) -> PublicHolidays | None:
    """'' -> None; 'FR' -> France; 'FR-57' -> Moselle (country, then subdivision)."""
    spec = (spec or "").strip()
    if not spec:
        return None
    country, _sep, subdiv = spec.partition("-")
    return PublicHolidays(country.upper(), subdiv or None)


def parse_date(text: Any) -> dt.date:
    try:
        return dt.date.fromisoformat(str(text))
    except ValueError:
        raise ValueError(_("« %(d)s » n'est pas une date AAAA-MM-JJ.") % {"d": text}) from None
