import datetime as dt
import logging
from unittest import mock

import pytest
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from guichet.jobs import periodic, reaper
from guichet.jobs.models import WorkerHeartbeat
from guichet.jobs.schedule import Every
from guichet.jobs.tests import sample_tasks
from guichet.jobs.worker import Housekeeper

# Housekeeper.tick closes stale connections; in a test transaction that is the test's own.
keep_connection = mock.patch("guichet.jobs.worker.close_old_connections")


def hourly_tick() -> periodic.Registry:
    jobs = periodic.Registry()
    jobs.add(sample_tasks.tick, Every(dt.timedelta(hours=1)))
    return jobs


@pytest.mark.django_db
def test_start_up_beats_reaps_and_schedules_before_any_job_is_claimed(tmp_path):
    lost = sample_tasks.record.enqueue(str(tmp_path / "x"), "x")
    DBTaskResult.objects.filter(pk=lost.id).update(
        status=TaskResultStatus.RUNNING,
        worker_ids=["gone"],
        started_at=timezone.now() - 2 * reaper.lease(),
    )
    keeper = Housekeeper("keeper", "*", jobs=hourly_tick())

    with keep_connection:
        keeper.start_up()

    assert WorkerHeartbeat.objects.filter(worker_id="keeper").exists()
    assert DBTaskResult.objects.get(pk=lost.id).status == TaskResultStatus.READY
    assert DBTaskResult.objects.filter(task_path=sample_tasks.tick.module_path).count() == 1


@pytest.mark.django_db
def test_worker_without_scheduler_enqueues_no_periodic_job():
    keeper = Housekeeper("keeper", "*", scheduler=False, jobs=hourly_tick())

    with keep_connection:
        keeper.start_up()

    assert not DBTaskResult.objects.exists()


@pytest.mark.django_db
def test_a_failing_step_is_logged_and_the_others_still_run(monkeypatch, caplog):
    def broken(**kwargs):
        raise RuntimeError("scheduler bug")

    monkeypatch.setattr(periodic, "run_due", broken)
    keeper = Housekeeper("keeper", "*")

    with keep_connection, caplog.at_level(logging.ERROR, logger="guichet.jobs"):
        keeper.start_up()

    assert "'schedule' failed" in caplog.text
    assert WorkerHeartbeat.objects.filter(worker_id="keeper").exists()


@pytest.mark.django_db
def test_steps_run_on_their_own_periods():
    keeper = Housekeeper("keeper", "*", interval=1, jobs=periodic.Registry())
    lease = reaper.lease().total_seconds()

    assert keeper.periods == {"beat": lease / 4, "reap": lease / 2, "schedule": 1}
    with keep_connection, mock.patch.object(reaper, "beat") as beat:
        keeper.tick()
        keeper.tick()  # too soon for another heartbeat

    assert beat.call_count == 1


@pytest.mark.django_db
def test_stop_forgets_the_heartbeat():
    keeper = Housekeeper("keeper", "*", jobs=periodic.Registry())
    with keep_connection:
        keeper.start_up()

    keeper.stop()

    assert not WorkerHeartbeat.objects.exists()
