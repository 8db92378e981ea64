"""The guichet_worker process: django-tasks-db's Worker plus a housekeeping thread.

See docs/jobs.md.
- GuichetWorker is django_tasks_db's Worker (same polling, same claim) whose run_task
  also puts a job back in the queue when it asks for a retry (RetryLater) or when the
  worker is forced to stop in the middle of it.
- Housekeeper is a thread beside it: heartbeat, lost-job reaper, periodic scheduler.
"""

from __future__ import annotations

import gc
import logging
import threading
import time
from collections.abc import Callable
from traceback import format_exception
from typing import Any

from django.core.exceptions import SuspiciousOperation
from django.db import close_old_connections, connections
from django.utils.module_loading import autodiscover_modules
from django_tasks_db.compat import TaskContext, TaskResultStatus, task_finished, task_started
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import retry

from guichet.jobs import periodic, reaper
from guichet.jobs.retry import RetryLater, running_attempt

logger = logging.getLogger("guichet.jobs")


def _class_path(exc: BaseException) -> str:
    return f"{type(exc).__module__}.{type(exc).__qualname__}"


@retry()
def schedule_retry(row: DBTaskResult, request: RetryLater) -> None:
    """Make the running job READY again at request.run_after, keeping its last error."""
    cause = request.__cause__ or request
    DBTaskResult.objects.filter(pk=row.pk, status=TaskResultStatus.RUNNING).update(
        status=TaskResultStatus.READY,
        run_after=request.run_after,
        exception_class_path=_class_path(cause),
        traceback="".join(format_exception(cause)),
    )
    logger.warning(
        "Job %s (%s) attempt %d failed (%s); next attempt at %s",
        row.pk,
        row.task_path,
        request.attempt,
        _class_path(cause),
        request.run_after.isoformat(),
    )


@retry()
def put_back(row: DBTaskResult) -> None:
    """The worker is being stopped in the middle of this job: run it again later."""
    DBTaskResult.objects.filter(pk=row.pk, status=TaskResultStatus.RUNNING).update(
        status=TaskResultStatus.READY
    )
    logger.warning("Job %s (%s) interrupted by a forced stop; queued again", row.pk, row.task_path)


def prepare_process() -> None:
    """Start-up of a worker process, before its first job.

    Every app's tasks module is imported (that registers the @periodic jobs). Then the heap of
    start-up (modules, settings, models, the ML libraries triage imports) is frozen out of the
    garbage collector's generations: it lives as long as the process, and each full collection
    walked all of it for nothing (about 7 % of mail intake time, docs/email.md "Benchmark").
    """
    autodiscover_modules("tasks")
    gc.collect()
    gc.freeze()


class GuichetWorker(Worker):
    def run_task(self, db_task_result: DBTaskResult) -> None:
        """Run one claimed job (same steps as Worker.run_task, plus retries and put-back)."""
        self.running_task = True
        try:
            with running_attempt(len(db_task_result.worker_ids)):
                self._execute(db_task_result)
        except RetryLater as request:
            schedule_retry(db_task_result, request)
        except (KeyboardInterrupt, SystemExit):
            put_back(db_task_result)
            raise
        except BaseException as exc:
            self._fail(db_task_result, exc)
        finally:
            self.running_task = False
            self._run_tasks += 1

    def _execute(self, db_task_result: DBTaskResult) -> None:
        task = db_task_result.task
        task_result = db_task_result.task_result
        sender = type(task.get_backend())
        task_started.send(sender=sender, task_result=task_result)
        if task.takes_context:
            context: TaskContext = TaskContext(task_result=task_result)
            value = task.call(context, *task_result.args, **task_result.kwargs)
        else:
            value = task.call(*task_result.args, **task_result.kwargs)
        # Inside the try, so that a value that cannot be stored fails the job.
        db_task_result.set_successful(value)
        task_finished.send(sender=sender, task_result=db_task_result.task_result)

    def _fail(self, db_task_result: DBTaskResult, exc: BaseException) -> None:
        db_task_result.set_failed(exc)
        try:
            sender = type(db_task_result.task.get_backend())
            task_result = db_task_result.task_result
        except (ImportError, SuspiciousOperation):
            logger.exception("Job %s failed unexpectedly", db_task_result.pk)
        else:
            task_finished.send(sender=sender, task_result=task_result)


class Housekeeper(threading.Thread):
    """Heartbeat, lost-job reaper and periodic scheduler, in a thread beside the worker.

    Each step runs on its own period; an error is logged and the step tried again
    next time (the thread never dies of a locked or lost database).
    """

    def __init__(
        self,
        worker_id: str,
        queues: str,
        *,
        scheduler: bool = True,
        interval: float = 1.0,
        jobs: periodic.Registry | None = None,
    ) -> None:
        super().__init__(name="guichet-housekeeper", daemon=True)
        self.worker_id = worker_id
        self.queues = queues
        self.scheduler = scheduler
        self.jobs = jobs
        lease = reaper.lease().total_seconds()
        self.periods = {"beat": lease / 4, "reap": lease / 2, "schedule": max(interval, 0.1)}
        self.wait = max(min(self.periods.values()), 0.05)
        self._due = dict.fromkeys(self.periods, 0.0)
        self._halt = threading.Event()

    def start_up(self) -> None:
        """Run every step once, synchronously, before the worker claims anything."""
        self._guarded("register", lambda: reaper.register(self.worker_id, self.queues))
        self.tick(force=True)

    def run(self) -> None:
        try:
            while not self._halt.wait(self.wait):
                self.tick()
        finally:
            connections.close_all()

    def stop(self, timeout: float = 10) -> None:
        self._halt.set()
        if self.is_alive():
            self.join(timeout)
        self._guarded("forget", lambda: reaper.forget(self.worker_id))

    def tick(self, force: bool = False) -> None:
        close_old_connections()
        self._every("beat", force, lambda: reaper.beat(self.worker_id, self.queues))
        self._every("reap", force, self._reap)
        if self.scheduler:
            self._every("schedule", force, lambda: periodic.run_due(jobs=self.jobs))

    def _reap(self) -> None:
        reaper.requeue_lost_jobs()
        reaper.forget_dead_workers()

    def _every(self, step: str, force: bool, action: Callable[[], Any]) -> None:
        now = time.monotonic()
        if force or now >= self._due[step]:
            self._due[step] = now + self.periods[step]
            self._guarded(step, action)

    def _guarded(self, step: str, action: Callable[[], Any]) -> None:
        try:
            action()
        except Exception:
            logger.exception("Job runner step %r failed; trying again later", step)
