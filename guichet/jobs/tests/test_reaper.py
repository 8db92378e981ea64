import datetime as dt

import pytest
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from guichet.jobs import reaper
from guichet.jobs.models import WorkerHeartbeat
from guichet.jobs.tests import sample_tasks
from guichet.jobs.tests.support import drain


def running(result, worker_ids: list[str], started_ago: dt.timedelta) -> DBTaskResult:
    """Make `result` look claimed by `worker_ids[-1]`, `started_ago`."""
    DBTaskResult.objects.filter(pk=result.id).update(
        status=TaskResultStatus.RUNNING,
        worker_ids=worker_ids,
        started_at=timezone.now() - started_ago,
    )
    return DBTaskResult.objects.get(pk=result.id)


def long_ago() -> dt.timedelta:
    return 2 * reaper.lease()


@pytest.mark.django_db
def test_job_of_a_dead_worker_is_queued_again_and_runs_exactly_once(tmp_path):
    # Given a job left RUNNING by a worker that was killed
    marker = tmp_path / "runs.txt"
    result = sample_tasks.record.enqueue(str(marker), "ran")
    running(result, ["killed-worker"], long_ago())

    # When the reaper runs (at worker start, and then periodically), twice
    assert reaper.requeue_lost_jobs() == 1
    assert reaper.requeue_lost_jobs() == 0
    drain("new-worker")
    drain("new-worker")

    # Then the job ran once more, on the new worker
    result.refresh()
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.worker_ids == ["killed-worker", "new-worker"]
    assert marker.read_text().splitlines() == ["ran"]


@pytest.mark.django_db
def test_job_of_a_live_worker_is_left_alone_however_long_it_runs():
    result = sample_tasks.tick.enqueue()
    running(result, ["busy-worker"], 10 * reaper.lease())
    reaper.beat("busy-worker", "*")

    assert reaper.requeue_lost_jobs() == 0
    assert DBTaskResult.objects.get(pk=result.id).status == TaskResultStatus.RUNNING


@pytest.mark.django_db
def test_job_started_less_than_a_lease_ago_is_left_alone():
    # (a worker unknown to the heartbeat table, e.g. a plain db_worker)
    result = sample_tasks.tick.enqueue()
    running(result, ["db-worker"], reaper.lease() / 2)

    assert reaper.requeue_lost_jobs() == 0


@pytest.mark.django_db
def test_job_whose_worker_keeps_dying_fails_after_its_attempts():
    result = sample_tasks.tick.enqueue()
    running(result, ["w1", "w2", "w3"], long_ago())

    assert reaper.requeue_lost_jobs() == 1

    result.refresh()
    assert result.status == TaskResultStatus.FAILED
    assert result.errors[0].exception_class is reaper.WorkerLost


@pytest.mark.django_db
def test_retrying_job_may_lose_its_worker_up_to_its_max_attempts():
    result = sample_tasks.flaky.enqueue("lost", 0)  # max_attempts=5
    running(result, ["w1", "w2", "w3"], long_ago())

    reaper.requeue_lost_jobs()

    assert DBTaskResult.objects.get(pk=result.id).status == TaskResultStatus.READY


@pytest.mark.django_db
def test_heartbeat_is_created_then_refreshed_then_forgotten():
    earlier = timezone.now() - dt.timedelta(seconds=30)
    reaper.beat("w1", "default,mail", now=earlier)
    reaper.beat("w1", "default,mail")

    beat = WorkerHeartbeat.objects.get(worker_id="w1")
    assert beat.started_at == earlier < beat.seen_at
    reaper.forget("w1")
    assert not WorkerHeartbeat.objects.exists()


@pytest.mark.django_db
def test_heartbeats_of_workers_gone_for_a_day_are_deleted():
    reaper.beat("old", "*", now=timezone.now() - dt.timedelta(days=2))
    reaper.beat("recent", "*")

    assert reaper.forget_dead_workers() == 1
    assert list(WorkerHeartbeat.objects.values_list("worker_id", flat=True)) == ["recent"]


@pytest.mark.django_db
def test_worker_restarted_under_the_same_id_puts_back_the_jobs_it_left_running():
    # Given a worker with a fixed id killed while running a job, restarted at once
    result = sample_tasks.tick.enqueue()
    running(result, ["worker-1"], dt.timedelta(seconds=1))
    reaper.beat("worker-1", "*")

    # When it registers again
    put_back = reaper.register("worker-1", "*")

    # Then its old job is ready again, and the other workers' jobs are untouched
    assert put_back == 1
    assert DBTaskResult.objects.get(pk=result.id).status == TaskResultStatus.READY
    assert WorkerHeartbeat.objects.get(worker_id="worker-1").pid > 0


@pytest.mark.django_db
def test_registering_leaves_jobs_of_other_workers_alone():
    result = sample_tasks.tick.enqueue()
    running(result, ["worker-1", "worker-2"], long_ago())

    assert reaper.register("worker-1", "*") == 0
    assert DBTaskResult.objects.get(pk=result.id).status == TaskResultStatus.RUNNING
