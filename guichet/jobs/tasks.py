"""The job runner's own periodic job: prune old task results. See docs/jobs.md."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django_tasks import task
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from guichet.jobs.periodic import periodic

KEEP_SUCCESSFUL = dt.timedelta(days=7)
KEEP_FAILED = dt.timedelta(days=30)


@periodic(cron="17 3 * * *")
@task()
def prune_task_results() -> int:
    """Delete successful results after a week and failed ones after a month."""
    now = timezone.now()
    finished = DBTaskResult.objects.filter(
        status=TaskResultStatus.SUCCESSFUL, finished_at__lt=now - KEEP_SUCCESSFUL
    ) | DBTaskResult.objects.filter(
        status=TaskResultStatus.FAILED, finished_at__lt=now - KEEP_FAILED
    )
    deleted, _ = finished.delete()
    return deleted
