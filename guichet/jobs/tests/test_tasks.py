import datetime as dt

import pytest
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from guichet.jobs.tasks import prune_task_results
from guichet.jobs.tests import sample_tasks


def finished(status: str, days_ago: int) -> DBTaskResult:
    result = sample_tasks.tick.enqueue()
    DBTaskResult.objects.filter(pk=result.id).update(
        status=status, finished_at=timezone.now() - dt.timedelta(days=days_ago)
    )
    return DBTaskResult.objects.get(pk=result.id)


@pytest.mark.django_db
def test_prune_keeps_recent_and_unfinished_results_and_deletes_old_ones():
    kept = [
        finished(TaskResultStatus.SUCCESSFUL, 2),
        finished(TaskResultStatus.FAILED, 20),
        DBTaskResult.objects.get(pk=sample_tasks.tick.enqueue().id),
    ]
    finished(TaskResultStatus.SUCCESSFUL, 8)
    finished(TaskResultStatus.FAILED, 31)

    deleted = prune_task_results.call()

    assert deleted == 2
    assert set(DBTaskResult.objects.values_list("pk", flat=True)) == {r.pk for r in kept}
