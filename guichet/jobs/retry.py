"""Retries with exponential backoff for background jobs. See docs/jobs.md.

django-tasks has no retries. `retrying` wraps a job function; when it raises, the
wrapper asks the worker (guichet.jobs.worker.GuichetWorker) to put the same task
result back in the queue with `run_after` = now + backoff. The attempt number is
django-tasks' own: one worker id is appended to the result at every claim.

    @task(queue_name="mail")
    @retrying(max_attempts=5, base_delay=timedelta(seconds=30))
    def send_reply(message_id: int) -> None: ...
"""

from __future__ import annotations

import datetime as dt
import functools
import inspect
import logging
import random
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, TypeVar

from django.utils import timezone

logger = logging.getLogger("guichet.jobs")

F = TypeVar("F", bound=Callable[..., Any])

# The attempt being run (1 for the first run). Set by GuichetWorker around each job;
# None elsewhere (plain db_worker, the immediate backend, a direct call): no retries then.
_current_attempt: ContextVar[int | None] = ContextVar("guichet_job_attempt", default=None)
_MAX_EXPONENT = 64  # 2**64 base delays is far past any max_delay; avoids float overflow


@dataclass(frozen=True)
class RetryPolicy:
    max_attempts: int = 5
    base_delay: dt.timedelta = dt.timedelta(seconds=30)
    factor: float = 2.0
    max_delay: dt.timedelta = dt.timedelta(hours=1)
    jitter: float = 0.1
    retry_on: tuple[type[BaseException], ...] = (Exception,)

    def __post_init__(self) -> None:
        if self.max_attempts < 1:
            raise ValueError("max_attempts must be at least 1")
        if self.factor < 1 or self.jitter < 0:
            raise ValueError("factor must be >= 1 and jitter >= 0")
        if self.base_delay <= dt.timedelta(0) or self.max_delay < self.base_delay:
            raise ValueError("base_delay must be positive and at most max_delay")


def backoff_delay(policy: RetryPolicy, attempt: int, rand: float) -> dt.timedelta:
    """How long to wait after failed attempt `attempt` (1-based); `rand` is in [0, 1).

    base_delay * factor ** (attempt - 1), capped at max_delay, then stretched by up to
    `jitter` (10% by default) so that jobs failing together do not retry together.
    """
    exponent = min(max(attempt - 1, 0), _MAX_EXPONENT)
    nominal = policy.base_delay.total_seconds() * policy.factor**exponent
    capped = min(nominal, policy.max_delay.total_seconds())
    return dt.timedelta(seconds=capped * (1 + policy.jitter * rand))


class RetryLater(Exception):
    """Raised by a retrying job: run this task result again at `run_after`.

    The original exception is chained as `__cause__`.
    """

    def __init__(self, run_after: dt.datetime, attempt: int) -> None:
        super().__init__(f"attempt {attempt} failed; next attempt at {run_after.isoformat()}")
        self.run_after = run_after
        self.attempt = attempt


@contextmanager
def running_attempt(attempt: int) -> Iterator[None]:
    """Mark the code inside as attempt number `attempt` of a job (used by the worker)."""
    token = _current_attempt.set(attempt)
    try:
        yield
    finally:
        _current_attempt.reset(token)


def current_attempt() -> int | None:
    return _current_attempt.get()


def _after_failure(policy: RetryPolicy, func: Callable[..., Any], exc: BaseException) -> None:
    """Raise RetryLater when another attempt is allowed; otherwise return (caller re-raises)."""
    attempt = _current_attempt.get()
    if attempt is None:
        return
    name = f"{func.__module__}.{func.__qualname__}"
    if attempt >= policy.max_attempts:
        logger.error(
            "Job %s gave up after %d attempts: %s: %s",
            name,
            attempt,
            type(exc).__name__,
            exc,
        )
        return
    run_after = timezone.now() + backoff_delay(policy, attempt, random.random())
    raise RetryLater(run_after, attempt) from exc


def retrying(
    max_attempts: int = 5,
    base_delay: dt.timedelta = dt.timedelta(seconds=30),
    *,
    factor: float = 2.0,
    max_delay: dt.timedelta = dt.timedelta(hours=1),
    jitter: float = 0.1,
    retry_on: tuple[type[BaseException], ...] = (Exception,),
) -> Callable[[F], F]:
    """Decorate a job function (below `@task`) to retry it with exponential backoff.

    Only exceptions in `retry_on` are retried; others fail the job at once. The
    policy is kept on the function as `retry_policy` (the lost-job reaper reads it).
    """
    policy = RetryPolicy(max_attempts, base_delay, factor, max_delay, jitter, retry_on)

    def decorate(func: F) -> F:
        if inspect.iscoroutinefunction(func):

            @functools.wraps(func)
            async def async_wrapper(*args: Any, **kwargs: Any) -> Any:
                try:
                    return await func(*args, **kwargs)
                except policy.retry_on as exc:
                    _after_failure(policy, func, exc)
                    raise

            wrapper: Any = async_wrapper
        else:

            @functools.wraps(func)
            def sync_wrapper(*args: Any, **kwargs: Any) -> Any:
                try:
                    return func(*args, **kwargs)
                except policy.retry_on as exc:
                    _after_failure(policy, func, exc)
                    raise

            wrapper = sync_wrapper
        wrapper.retry_policy = policy
        return wrapper  # type: ignore[no-any-return]

    return decorate


def retry_policy_of(func: Callable[..., Any]) -> RetryPolicy | None:
    policy = getattr(func, "retry_policy", None)
    return policy if isinstance(policy, RetryPolicy) else None
