"""Jobs used by the job runner's tests (importable by worker subprocesses too)."""

from __future__ import annotations

import datetime as dt
import time
from collections import Counter
from pathlib import Path

from django.db import transaction
from django_tasks import task

from guichet.jobs.retry import retrying

CALLS: Counter[str] = Counter()  # in-process call counts, by test key


def _append(path: str, line: str) -> None:
    with Path(path).open("a", encoding="utf-8") as out:
        out.write(line + "\n")


@task()
def record(path: str, label: str) -> str:
    _append(path, label)
    return label


@task()
def hold_first_run(path: str, seconds: float) -> str:
    """Sleep `seconds` on the first run only (so a restarted worker finishes at once)."""
    _append(path, "start")
    if Path(path).read_text(encoding="utf-8").count("start") == 1:
        time.sleep(seconds)
    _append(path, "done")
    return "done"


@task()
def tick() -> None:
    CALLS["tick"] += 1


@task()
@retrying(max_attempts=5, base_delay=dt.timedelta(seconds=10), jitter=0)
def flaky(key: str, failures: int) -> int:
    CALLS[key] += 1
    if CALLS[key] <= failures:
        raise ConnectionError(f"call {CALLS[key]} of {key} fails")
    return CALLS[key]


@task()
@retrying(max_attempts=3, base_delay=dt.timedelta(seconds=10), jitter=0)
def always_fails(key: str) -> None:
    CALLS[key] += 1
    raise ConnectionError(f"{key} never works")


@task()
@retrying(max_attempts=5, retry_on=(ConnectionError,))
def picky(key: str) -> None:
    CALLS[key] += 1
    raise ValueError("a bug, not an outage: no retry")


@task()
def interrupted() -> None:
    raise SystemExit(1)


@task()
def tag_ticket(ticket_id: int, name: str) -> None:
    """A worker write on the tickets tables (used by the multi-writer test)."""
    from guichet.tickets.models import Tag, Ticket

    with transaction.atomic():
        ticket = Ticket.objects.get(pk=ticket_id)
        ticket.tags.add(Tag.objects.get_or_create(name=name)[0])
