import datetime as dt
import logging

import pytest
import time_machine
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from hypothesis import given, settings
from hypothesis import strategies as st

from guichet.jobs.retry import RetryLater, RetryPolicy, backoff_delay, retry_policy_of
from guichet.jobs.tests import sample_tasks
from guichet.jobs.tests.support import drain

T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
SECOND = dt.timedelta(seconds=1)


def row_of(result) -> DBTaskResult:
    return DBTaskResult.objects.get(pk=result.id)


def test_backoff_doubles_from_the_base_delay_and_stops_at_the_cap():
    policy = RetryPolicy(base_delay=10 * SECOND, max_delay=60 * SECOND, jitter=0)

    delays = [backoff_delay(policy, attempt, rand=0.5) for attempt in range(1, 6)]

    assert delays == [10 * SECOND, 20 * SECOND, 40 * SECOND, 60 * SECOND, 60 * SECOND]


@settings(deadline=None)
@given(attempt=st.integers(1, 10_000), rand=st.floats(0, 1, exclude_max=True))
def test_backoff_jitter_only_stretches_the_nominal_delay_by_at_most_its_share(attempt, rand):
    policy = RetryPolicy(base_delay=30 * SECOND, max_delay=dt.timedelta(hours=1), jitter=0.1)
    nominal = min(30 * 2 ** min(attempt - 1, 64), 3600)

    delay = backoff_delay(policy, attempt, rand).total_seconds()

    assert nominal <= delay <= nominal * 1.1 + 1e-6


def test_policy_refuses_nonsense():
    with pytest.raises(ValueError):
        RetryPolicy(max_attempts=0)
    with pytest.raises(ValueError):
        RetryPolicy(base_delay=dt.timedelta(0))


def test_retrying_keeps_its_policy_on_the_task_function():
    policy = retry_policy_of(sample_tasks.flaky.func)

    assert policy is not None and policy.max_attempts == 5


def test_outside_a_worker_a_retrying_job_raises_its_own_error():
    # Given no GuichetWorker around (a direct call, the immediate backend, db_worker)
    # Then the original exception comes out, not a retry request
    with pytest.raises(ConnectionError):
        sample_tasks.flaky.call("direct-call", 1)


@pytest.mark.django_db
def test_job_failing_twice_is_retried_with_backoff_then_succeeds():
    with time_machine.travel(T0, tick=False) as clock:
        result = sample_tasks.flaky.enqueue("twice", 2)

        drain()  # attempt 1 fails
        row = row_of(result)
        assert row.status == TaskResultStatus.READY
        assert row.run_after == T0 + 10 * SECOND
        assert len(row.worker_ids) == 1
        assert row.exception_class_path == "builtins.ConnectionError"

        drain()  # not due yet: nothing runs
        assert sample_tasks.CALLS["twice"] == 1

        clock.move_to(T0 + 10 * SECOND)
        drain()  # attempt 2 fails: twice the delay
        row = row_of(result)
        assert row.status == TaskResultStatus.READY
        assert row.run_after == T0 + 30 * SECOND

        clock.move_to(T0 + 30 * SECOND)
        drain()  # attempt 3 succeeds

    result.refresh()
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.attempts == 3
    assert result.return_value == 3
    assert row_of(result).traceback == ""


@pytest.mark.django_db
def test_job_gives_up_after_max_attempts_and_records_the_failure(caplog):
    with time_machine.travel(T0, tick=False) as clock:
        result = sample_tasks.always_fails.enqueue("hopeless")
        for wait in (0, 10, 20):
            clock.shift(wait * SECOND)
            with caplog.at_level(logging.ERROR, logger="guichet.jobs"):
                drain()

    result.refresh()
    assert sample_tasks.CALLS["hopeless"] == 3
    assert result.status == TaskResultStatus.FAILED
    assert result.attempts == 3
    assert result.errors[0].exception_class is ConnectionError
    assert "hopeless never works" in result.errors[0].traceback
    assert "gave up after 3 attempts" in caplog.text


@pytest.mark.django_db
def test_exception_outside_retry_on_fails_at_once():
    result = sample_tasks.picky.enqueue("bug")

    drain()

    result.refresh()
    assert result.status == TaskResultStatus.FAILED
    assert result.errors[0].exception_class is ValueError
    assert sample_tasks.CALLS["bug"] == 1


@pytest.mark.django_db
def test_job_interrupted_by_a_forced_stop_is_put_back_in_the_queue():
    result = sample_tasks.interrupted.enqueue()

    with pytest.raises(SystemExit):
        drain()

    assert row_of(result).status == TaskResultStatus.READY


def test_retry_later_carries_the_next_attempt_time():
    request = RetryLater(T0, attempt=2)

    assert request.run_after == T0 and request.attempt == 2
