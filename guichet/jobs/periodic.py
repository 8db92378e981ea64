"""Periodic jobs: a registry, and a scheduler pass that enqueues due jobs exactly once.

See docs/jobs.md.

    @periodic(every=timedelta(minutes=1))
    @task(queue_name="mail")
    def poll_mailboxes() -> None: ...

    @periodic(cron="30 3 * * *")  # 03:30 in settings.TIME_ZONE
    @task(queue_name="ai")
    def retrain_models() -> None: ...

Periodic tasks take no arguments. They live in an app's `tasks.py`, which
guichet_worker imports at start (autodiscover).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django_tasks.base import Task

from guichet.jobs.enqueue import on_commit
from guichet.jobs.models import PeriodicJob
from guichet.jobs.schedule import Cron, Every, Schedule

logger = logging.getLogger("guichet.jobs")


@dataclass(frozen=True)
class PeriodicEntry:
    task: Task
    schedule: Schedule

    @property
    def name(self) -> str:
        return self.task.module_path


class Registry:
    def __init__(self) -> None:
        self._entries: dict[str, PeriodicEntry] = {}

    def add(self, task: Task, schedule: Schedule) -> PeriodicEntry:
        entry = PeriodicEntry(task, schedule)
        self._entries[entry.name] = entry
        return entry

    def __iter__(self) -> Iterator[PeriodicEntry]:
        return iter(list(self._entries.values()))

    def __len__(self) -> int:
        return len(self._entries)


registry = Registry()


def periodic(
    *,
    every: dt.timedelta | None = None,
    cron: str | None = None,
    tz: str = "",
    into: Registry | None = None,
) -> Callable[[Task], Task]:
    """Register a task (put this decorator above `@task`) to run on a schedule."""
    if (every is None) == (cron is None):
        raise ValueError("Give exactly one of every= or cron=.")
    schedule: Schedule = Every(every) if every is not None else Cron(str(cron), tz)

    def decorate(task: Task) -> Task:
        if not isinstance(task, Task):
            raise TypeError("@periodic goes above @task: it registers a Task.")
        (into or registry).add(task, schedule)
        return task

    return decorate


def _row_for(entry: PeriodicEntry, row: PeriodicJob | None, now: dt.datetime) -> PeriodicJob:
    if row is None:
        row, _ = PeriodicJob.objects.get_or_create(
            name=entry.name,
            defaults={
                "schedule": entry.schedule.spec,
                "next_run_at": entry.schedule.first_run(now),
            },
        )
    if row.schedule != entry.schedule.spec:
        # The schedule changed in code: next run by the new schedule, unless the old one
        # was sooner. Never "at once", so that two versions of the code running side by
        # side during a deployment cannot make the job run at every tick.
        sooner = min(row.next_run_at, entry.schedule.next_after(now, now))
        PeriodicJob.objects.filter(pk=row.pk, schedule=row.schedule).update(
            schedule=entry.schedule.spec, next_run_at=sooner, updated_at=now
        )
        row.refresh_from_db()
    return row


def _claim_and_enqueue(row: PeriodicJob, entry: PeriodicEntry, now: dt.datetime) -> bool:
    """Move next_run_at on if nobody else did since we read it; enqueue in the same transaction."""
    with transaction.atomic():
        claimed = PeriodicJob.objects.filter(
            pk=row.pk, next_run_at=row.next_run_at, schedule=row.schedule
        ).update(
            next_run_at=entry.schedule.next_after(row.next_run_at, now),
            last_enqueued_at=now,
            updated_at=now,
        )
        if claimed:
            on_commit(entry.task)
    return bool(claimed)


def run_due(now: dt.datetime | None = None, jobs: Registry | None = None) -> list[str]:
    """One scheduler pass: enqueue every due periodic job; return their names."""
    now = now or timezone.now()
    entries = list(jobs if jobs is not None else registry)
    rows = PeriodicJob.objects.in_bulk([e.name for e in entries], field_name="name")
    enqueued = []
    for entry in entries:
        row = _row_for(entry, rows.get(entry.name), now)
        if row.next_run_at <= now and _claim_and_enqueue(row, entry, now):
            logger.info("Periodic job %s enqueued (was due %s)", entry.name, row.next_run_at)
            enqueued.append(entry.name)
    return enqueued
