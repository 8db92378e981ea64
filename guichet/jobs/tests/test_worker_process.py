"""guichet_worker as a real process: killed, restarted, stopped (tests with other processes)."""

import os
import signal
from pathlib import Path

import pytest
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from guichet.jobs.models import WorkerHeartbeat
from guichet.jobs.tests import sample_tasks
from guichet.jobs.tests.support import start_worker, wait_until

LEASE = "2"  # seconds: a killed worker's job is taken over quickly
STARTUP = 60  # seconds a worker may take to start on a busy machine


def lines(path: Path) -> list[str]:
    return path.read_text().splitlines() if path.exists() else []


def status(result) -> str:
    return DBTaskResult.objects.get(pk=result.id).status


@pytest.mark.django_db(transaction=True)
def test_job_of_a_killed_worker_completes_once_after_restart(tmp_path):
    # Given a slow job and a quick one behind it, and a worker running the slow one
    marker, log = tmp_path / "slow.txt", tmp_path / "workers.log"
    slow = sample_tasks.hold_first_run.enqueue(str(marker), 120)
    quick = sample_tasks.record.enqueue(str(tmp_path / "quick.txt"), "quick")
    first = start_worker(
        log, "--worker-id", "first", "--interval", "0.2", GUICHET_JOBS_LEASE_SECONDS=LEASE
    )
    try:
        wait_until(lambda: "start" in lines(marker), STARTUP, "the slow job to start", log)

        # When the worker is killed -9 in the middle of it, then another starts
        first.kill()
        first.wait(timeout=10)
        assert status(slow) == TaskResultStatus.RUNNING
        assert status(quick) == TaskResultStatus.READY
        second = start_worker(
            log, "--worker-id", "second", "--interval", "0.2", GUICHET_JOBS_LEASE_SECONDS=LEASE
        )
    finally:
        if first.poll() is None:
            first.kill()
    try:
        # Then both jobs complete, each once
        wait_until(
            lambda: {status(slow), status(quick)} == {TaskResultStatus.SUCCESSFUL},
            STARTUP,
            "both jobs to complete on the second worker",
            log,
        )
    finally:
        second.send_signal(signal.SIGTERM)
        second.wait(timeout=30)
    assert lines(marker) == ["start", "start", "done"]
    assert lines(tmp_path / "quick.txt") == ["quick"]
    assert DBTaskResult.objects.get(pk=slow.id).worker_ids == ["first", "second"]


@pytest.mark.django_db(transaction=True)
def test_sigterm_lets_the_running_job_finish_then_stops_cleanly(tmp_path):
    marker, log = tmp_path / "job.txt", tmp_path / "worker.log"
    worker = start_worker(log, "--worker-id", "graceful", "--interval", "0.2")
    try:
        wait_until(
            lambda: WorkerHeartbeat.objects.filter(worker_id="graceful").exists(),
            STARTUP,
            "the worker to start",
            log,
        )
        job = sample_tasks.hold_first_run.enqueue(str(marker), 2)
        wait_until(lambda: "start" in lines(marker), 30, "the job to start", log)

        worker.send_signal(signal.SIGTERM)

        assert worker.wait(timeout=30) == 0
    finally:
        if worker.poll() is None:
            os.kill(worker.pid, signal.SIGKILL)
    assert lines(marker) == ["start", "done"]
    assert status(job) == TaskResultStatus.SUCCESSFUL
    assert not WorkerHeartbeat.objects.filter(worker_id="graceful").exists()
