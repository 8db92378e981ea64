import datetime as dt
import threading

import pytest
from django.db import connection
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from guichet.jobs import periodic as periodic_module
from guichet.jobs.models import PeriodicJob
from guichet.jobs.periodic import Registry, periodic, run_due
from guichet.jobs.schedule import Cron, Every
from guichet.jobs.tests import sample_tasks

T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
HOUR = dt.timedelta(hours=1)
TICK = sample_tasks.tick.module_path


def every(interval: dt.timedelta) -> Registry:
    jobs = Registry()
    jobs.add(sample_tasks.tick, Every(interval))
    return jobs


def enqueued() -> int:
    return DBTaskResult.objects.filter(task_path=TICK).count()


@pytest.mark.django_db
def test_new_interval_job_is_enqueued_at_once_then_not_before_its_next_run():
    jobs = every(HOUR)

    assert run_due(T0, jobs) == [TICK]
    assert run_due(T0 + dt.timedelta(minutes=59), jobs) == []

    assert enqueued() == 1
    assert PeriodicJob.objects.get(name=TICK).next_run_at == T0 + HOUR


@pytest.mark.django_db
def test_enqueued_periodic_job_is_ready_for_a_worker():
    run_due(T0, every(HOUR))

    assert DBTaskResult.objects.get(task_path=TICK).status == TaskResultStatus.READY


@pytest.mark.django_db
def test_scheduler_down_for_hours_catches_up_with_one_run():
    # Given an hourly job last due at T0, and no scheduler running for 5 hours
    jobs = every(HOUR)
    run_due(T0, jobs)

    # When a worker starts again
    caught_up = run_due(T0 + dt.timedelta(hours=5, minutes=30), jobs)

    # Then the job runs once, and next on its grid
    assert caught_up == [TICK]
    assert enqueued() == 2
    assert PeriodicJob.objects.get(name=TICK).next_run_at == T0 + 6 * HOUR


@pytest.mark.django_db
def test_cron_job_first_runs_at_its_next_slot():
    jobs = Registry()
    jobs.add(sample_tasks.tick, Cron("0 12 * * *", "UTC"))

    assert run_due(T0, jobs) == []
    assert run_due(T0.replace(hour=12), jobs) == [TICK]
    assert PeriodicJob.objects.get(name=TICK).next_run_at == T0.replace(day=3, hour=12)


@pytest.mark.django_db
def test_changed_schedule_takes_effect_from_now():
    # Given a daily job that just ran, changed to hourly in code
    run_due(T0, every(dt.timedelta(days=1)))

    run_due(T0 + dt.timedelta(minutes=1), every(HOUR))

    # Then it runs an hour later, not a day later, and not at once
    row = PeriodicJob.objects.get(name=TICK)
    assert row.schedule == "every 3600s"
    assert row.next_run_at == T0 + dt.timedelta(minutes=1, hours=1)
    assert enqueued() == 1


@pytest.mark.django_db
def test_two_code_versions_side_by_side_do_not_run_the_job_at_every_tick():
    # Given workers with an old (hourly) and a new (every 2 hours) schedule, ticking in turn
    run_due(T0, every(HOUR))
    for second in range(1, 60):
        version = every(HOUR) if second % 2 else every(2 * HOUR)
        run_due(T0 + dt.timedelta(seconds=second), version)

    # Then the job ran once (at T0), not at every tick
    assert enqueued() == 1


@pytest.mark.django_db
def test_rolled_back_claim_enqueues_nothing(monkeypatch):
    # Given enqueueing fails after the claim (same transaction)
    def broken(task, *args, **kwargs):
        raise RuntimeError("queue unavailable")

    monkeypatch.setattr(periodic_module, "on_commit", broken)
    jobs = every(HOUR)
    PeriodicJob.objects.create(name=TICK, schedule="every 3600s", next_run_at=T0)

    with pytest.raises(RuntimeError):
        run_due(T0, jobs)

    # Then the claim is undone too: the job is still due
    assert PeriodicJob.objects.get(name=TICK).next_run_at == T0


@pytest.mark.django_db(transaction=True)
def test_two_racing_schedulers_enqueue_each_period_exactly_once() -> None:
    # Given two schedulers (threads, each with its own connection) ticking together
    # from the job's first sighting (both create its row) through 15 more periods
    jobs = every(dt.timedelta(minutes=1))
    periods = [T0 + dt.timedelta(minutes=m, seconds=1) for m in range(16)]
    barrier = threading.Barrier(2)
    claimed: list[list[str]] = [[], []]
    errors: list[BaseException] = []

    def scheduler(index: int) -> None:
        try:
            for now in periods:
                barrier.wait(timeout=30)
                claimed[index] += run_due(now, jobs)
        except BaseException as exc:  # reported below
            errors.append(exc)
            barrier.abort()
        finally:
            connection.close()

    threads = [threading.Thread(target=scheduler, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    # Then every period was claimed once, by one of them
    assert errors == []
    assert len(claimed[0]) + len(claimed[1]) == len(periods)
    assert enqueued() == len(periods)


def test_periodic_goes_above_task():
    with pytest.raises(TypeError):
        periodic(every=HOUR, into=Registry())(sample_tasks.tick.func)


def test_periodic_needs_exactly_one_schedule():
    with pytest.raises(ValueError):
        periodic(every=HOUR, cron="0 * * * *")
    with pytest.raises(ValueError):
        periodic()


def test_prune_job_is_registered():
    import guichet.jobs.tasks  # noqa: F401 - registers it

    names = {entry.name for entry in periodic_module.registry}

    assert "guichet.jobs.tasks.prune_task_results" in names
