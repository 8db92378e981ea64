"""Worker heartbeats, and running jobs whose worker died put back in the queue.

See docs/jobs.md. django-tasks-db marks a job RUNNING when a worker claims it; if
that worker is killed the row stays RUNNING for ever. Every guichet_worker beats
(WorkerHeartbeat.seen_at) several times per lease; a RUNNING job whose last worker
has not beaten for a lease, and that started more than a lease ago, is lost: it is
made READY again (it runs again, so jobs must be idempotent), or FAILED once it has
used up its attempts (a job that kills its worker every time must not loop).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from guichet.jobs.models import WorkerHeartbeat
from guichet.jobs.retry import retry_policy_of

logger = logging.getLogger("guichet.jobs")

LOST_RUN_LIMIT = 3  # attempts for a job without a retry policy whose worker keeps dying


class WorkerLost(Exception):
    """The worker running this job stopped (killed, crashed, machine lost) too often."""


WORKER_LOST = f"{WorkerLost.__module__}.{WorkerLost.__qualname__}"


def lease() -> dt.timedelta:
    return dt.timedelta(seconds=float(getattr(settings, "JOBS_LEASE_SECONDS", 60)))


def beat(worker_id: str, queues: str, now: dt.datetime | None = None) -> None:
    """Record that `worker_id` is alive."""
    now = now or timezone.now()
    if not WorkerHeartbeat.objects.filter(worker_id=worker_id).update(seen_at=now):
        WorkerHeartbeat.objects.create(
            worker_id=worker_id,
            hostname=socket.gethostname()[:255],
            pid=os.getpid(),
            queues=queues[:200],
            started_at=now,
            seen_at=now,
        )


def register(worker_id: str, queues: str, now: dt.datetime | None = None) -> int:
    """A worker starts: record it, and put back the jobs an earlier run of it left RUNNING.

    (With a fixed --worker-id, a restarted worker beats under the same id, so its
    predecessor's jobs would never look lost.) Returns how many jobs were put back.
    """
    now = now or timezone.now()
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={
            "hostname": socket.gethostname()[:255],
            "pid": os.getpid(),
            "queues": queues[:200],
            "started_at": now,
            "seen_at": now,
        },
    )
    running = DBTaskResult.objects.running().only("id", "task_path", "worker_ids", "started_at")
    return sum(_recover(row, now) for row in running if row.worker_ids[-1:] == [worker_id])


def forget(worker_id: str) -> None:
    """A worker that stops cleanly removes its heartbeat."""
    WorkerHeartbeat.objects.filter(worker_id=worker_id).delete()


def _attempt_limit(task_path: str) -> int:
    try:
        policy = retry_policy_of(import_string(task_path).func)
    except (ImportError, AttributeError):
        policy = None
    return policy.max_attempts if policy else LOST_RUN_LIMIT


def _recover(row: DBTaskResult, now: dt.datetime) -> int:
    still_lost = DBTaskResult.objects.filter(
        pk=row.pk, status=TaskResultStatus.RUNNING, started_at=row.started_at
    )
    attempts, limit = len(row.worker_ids), _attempt_limit(row.task_path)
    if attempts < limit:
        changed = still_lost.update(status=TaskResultStatus.READY)
        if changed:
            logger.warning("Job %s (%s) lost its worker; queued again", row.pk, row.task_path)
        return changed
    changed = still_lost.update(
        status=TaskResultStatus.FAILED,
        finished_at=now,
        exception_class_path=WORKER_LOST,
        traceback=f"{WORKER_LOST}: the worker running attempt {attempts} of {limit} stopped "
        f"(worker {row.worker_ids[-1] if row.worker_ids else '?'}).\n",
    )
    if changed:
        logger.error(
            "Job %s (%s) lost its worker on its last attempt; failed", row.pk, row.task_path
        )
    return changed


def requeue_lost_jobs(now: dt.datetime | None = None) -> int:
    """Put back (or fail) RUNNING jobs whose worker died; return how many rows changed."""
    now = now or timezone.now()
    cutoff = now - lease()
    alive = set(
        WorkerHeartbeat.objects.filter(seen_at__gte=cutoff).values_list("worker_id", flat=True)
    )
    changed = 0
    running = DBTaskResult.objects.running().filter(started_at__lt=cutoff)
    for row in running.only("id", "task_path", "worker_ids", "started_at"):
        if not row.worker_ids or row.worker_ids[-1] not in alive:
            changed += _recover(row, now)
    return changed


def forget_dead_workers(now: dt.datetime | None = None) -> int:
    """Delete heartbeats of workers gone for a day (kept that long for people looking)."""
    now = now or timezone.now()
    deleted, _ = WorkerHeartbeat.objects.filter(seen_at__lt=now - dt.timedelta(days=1)).delete()
    return deleted
