"""Who is on call: a rota of members taking turns, plus overrides. See docs/sla.md ("On call").

Shifts are counted on the **wall clock** of the rota's zone, so a weekly hand-over on Monday
at 09:00 stays at 09:00 Paris time across DST changes (the shift that spans the change is an
hour shorter or longer in real time). An override covering the instant wins over the rota;
among overlapping overrides the latest created wins.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

T = TypeVar("T")


def shift_index(anchor: dt.datetime, at: dt.datetime, shift_hours: int, tz: dt.tzinfo) -> int:
    """How many whole shifts lie between the anchor and `at` on the zone's wall clock
    (negative before the anchor)."""
    anchor_wall = anchor.astimezone(tz).replace(tzinfo=None)
    at_wall = at.astimezone(tz).replace(tzinfo=None)
    return (at_wall - anchor_wall) // dt.timedelta(hours=shift_hours)


def member_on_call(
    members: Sequence[T], anchor: dt.datetime, shift_hours: int, tz: dt.tzinfo, at: dt.datetime
) -> T | None:
    """The member whose turn it is at `at` (members in rota order; the first starts at anchor)."""
    if not members:
        return None
    return members[shift_index(anchor, at, shift_hours, tz) % len(members)]


def override_at(overrides: Sequence[Any], at: dt.datetime) -> Any | None:
    """The override covering `at` ([starts_at, ends_at)), the latest created if several."""
    covering = [o for o in overrides if o.starts_at <= at < o.ends_at]
    return max(covering, key=lambda o: (o.created_at, o.pk)) if covering else None


def who_is_on_call(rota: Any, at: dt.datetime) -> Any | None:
    """The user on call for `rota` at `at` (an override first, else the member whose turn it is)."""
    override = override_at(list(rota.overrides.select_related("user")), at)
    if override is not None:
        return override.user
    members = [m.user for m in rota.members.select_related("user").filter(user__is_active=True)]
    return member_on_call(members, rota.starts_at, rota.shift_hours, ZoneInfo(rota.timezone), at)
