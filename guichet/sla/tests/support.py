"""Builders for the SLA tests: stored calendars, policies with targets, tickets at a given time."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import time_machine
from django_tasks_db.models import DBTaskResult

from guichet.core.tests import factories
from guichet.sla.models import BusinessCalendar, SlaPolicy, SlaPolicyTarget, TicketTarget

PARIS = ZoneInfo("Europe/Paris")
LUNCH_HOURS = {"mon-fri": "09:00-12:00, 14:00-18:00"}


def paris(y: int, mo: int, d: int, h: int = 0, mi: int = 0, *, fold: int = 0) -> dt.datetime:
    return dt.datetime(y, mo, d, h, mi, tzinfo=PARIS, fold=fold)


def utc(y: int, mo: int, d: int, h: int = 0, mi: int = 0) -> dt.datetime:
    return dt.datetime(y, mo, d, h, mi, tzinfo=dt.UTC)


def calendar(**kwargs: Any) -> BusinessCalendar:
    kwargs.setdefault("name", "Bureau Paris")
    kwargs.setdefault("timezone", "Europe/Paris")
    kwargs.setdefault("weekly_hours", LUNCH_HOURS)
    kwargs.setdefault("public_holidays", "FR")
    return BusinessCalendar.objects.create(**kwargs)


def policy(
    brand: Any,
    targets: dict[tuple[str, str], int] | None = None,
    *,
    cal: BusinessCalendar | None = None,
    **kwargs: Any,
) -> SlaPolicy:
    """A policy with targets {(metric, priority): minutes}; default: every priority gets
    first reply 240, next reply 240, resolution 2400 (on the policy's calendar)."""
    kwargs.setdefault("name", "Standard")
    kwargs.setdefault("is_default", True)
    made = SlaPolicy.objects.create(brand=brand, calendar=cal or calendar(), **kwargs)
    if targets is None:
        targets = {
            (metric, priority): minutes
            for priority in ("low", "normal", "high", "urgent")
            for metric, minutes in (("first_reply", 240), ("next_reply", 240), ("resolution", 2400))
        }
    for (metric, priority), minutes in targets.items():
        SlaPolicyTarget.objects.create(
            policy=made, metric=metric, priority=priority, minutes=minutes
        )
    return made


def ticket_at(moment: dt.datetime, brand: Any, **kwargs: Any) -> Any:
    """A ticket created at `moment` (the clock frozen there while it is created)."""
    with time_machine.travel(moment, tick=False):
        return factories.ticket(brand, **kwargs)


def clock(ticket: Any, metric: str, cycle: int = 0) -> TicketTarget:
    return TicketTarget.objects.get(ticket=ticket, metric=metric, cycle=cycle)


def jobs(task_name: str) -> list[DBTaskResult]:
    return [r for r in DBTaskResult.objects.all() if r.task_path.endswith(task_name)]
