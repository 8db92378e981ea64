"""The job runner's own state; the job queue itself is django_tasks_db.DBTaskResult.

See docs/jobs.md.
"""

from __future__ import annotations

from django.db import models


class PeriodicJob(models.Model):
    """When a registered periodic job is next due.

    Schedulers claim a due row with a conditional UPDATE on `next_run_at`, so that
    however many workers run, one of them enqueues the job once per period.
    """

    name = models.CharField(max_length=200, unique=True)  # the task's module path
    schedule = models.CharField(max_length=100)  # Schedule.spec when next_run_at was set
    next_run_at = models.DateTimeField()
    last_enqueued_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.schedule})"


class WorkerHeartbeat(models.Model):
    """A live guichet_worker process; a row not seen for a lease means the worker died."""

    worker_id = models.CharField(max_length=64, unique=True)
    hostname = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    queues = models.CharField(max_length=200)
    started_at = models.DateTimeField()
    seen_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["-seen_at"]

    def __str__(self) -> str:
        return f"{self.worker_id} on {self.hostname} (pid {self.pid})"
