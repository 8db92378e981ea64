"""Enqueueing background jobs so that they exist only if the transaction commits.

See docs/jobs.md.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from django.db import connections, transaction
from django.db.models.signals import pre_save
from django_tasks_db import DatabaseBackend
from django_tasks_db.compat import normalize_json, task_enqueued


def on_commit(task: Any, *args: Any, **kwargs: Any) -> None:
    """Enqueue `task(*args, **kwargs)` as part of the surrounding transaction.

    With the database backend the job row is written inside the transaction (an
    outbox): it commits, and becomes visible to workers, together with the data
    that asked for it, or rolls back with it; no job is lost if the process dies
    right after the commit. With any other backend the job is enqueued by
    transaction.on_commit. Outside a transaction both enqueue at once. Inside
    `batched_enqueues` the database backend's rows are written together when the
    batch ends (still in the transaction).
    """
    backend = task.get_backend()
    if isinstance(backend, DatabaseBackend):
        batch = _batch.get()
        if batch is not None and transaction.get_connection(batch.using).in_atomic_block:
            batch.add(backend, task, args, kwargs)
        else:
            task.enqueue(*args, **kwargs)
    else:
        transaction.on_commit(partial(task.enqueue, *args, **kwargs))


@dataclass
class _Pending:
    backend: DatabaseBackend
    task: Any
    args: tuple[Any, ...]
    kwargs: dict[str, Any]
    marker: Any  # a no-op on_commit callback: gone from the list if its savepoint rolls back


@dataclass
class EnqueueBatch:
    """Jobs enqueued by `on_commit` while a batch is open, written by one bulk INSERT."""

    using: str = "default"
    pending: list[_Pending] = field(default_factory=list)

    def add(self, backend: DatabaseBackend, task: Any, args: Any, kwargs: Any) -> None:
        backend.validate_task(task)  # raised where the job is asked for, as enqueue does

        def marker() -> None:
            """Runs after the commit, doing nothing; see `live`."""

        transaction.on_commit(marker, using=self.using)
        self.pending.append(_Pending(backend, task, tuple(args), dict(kwargs), marker))

    def live(self) -> list[_Pending]:
        """The jobs asked for in savepoints that were not rolled back (Django drops the
        on_commit callbacks registered inside a savepoint it rolls back: so do we). Their
        markers, of no more use, are taken off the connection's list."""
        connection = connections[self.using]
        ours = {id(item.marker) for item in self.pending}
        registered = {id(entry[1]) for entry in connection.run_on_commit}
        connection.run_on_commit = [
            entry for entry in connection.run_on_commit if id(entry[1]) not in ours
        ]
        return [item for item in self.pending if id(item.marker) in registered]

    def flush(self) -> list[Any]:
        """Write the live jobs (rows exactly as DatabaseBackend.enqueue writes them), send
        `task_enqueued` for each, and return their TaskResults."""
        from django_tasks_db.models import DBTaskResult

        items, self.pending = self.live(), []
        rows: list[DBTaskResult] = [
            DBTaskResult(
                id=item.backend._get_id(),
                args_kwargs=normalize_json({"args": item.args, "kwargs": item.kwargs}),
                priority=item.task.priority,
                task_path=item.task.module_path,
                queue_name=item.task.queue_name,
                run_after=item.task.run_after,
                backend_name=item.backend.alias,
            )
            for item in items
        ]
        for row in rows:  # bulk_create sends no pre_save: django-tasks-db sets run_after in one
            pre_save.send(
                DBTaskResult, instance=row, raw=False, using=self.using, update_fields=None
            )
        if rows:
            DBTaskResult.objects.using(self.using).bulk_create(rows)
        results = [row.task_result for row in rows]
        for item, result in zip(items, results, strict=True):
            task_enqueued.send(type(item.backend), task_result=result)
        return results


_batch: ContextVar[EnqueueBatch | None] = ContextVar("guichet_enqueue_batch", default=None)


@contextmanager
def batched_enqueues(using: str = "default") -> Iterator[EnqueueBatch]:
    """Inside a transaction: the database jobs that `on_commit` enqueues are written by one
    INSERT when the block ends without an error (an error writes none: the transaction is
    rolling back). Those asked for in a savepoint that rolls back are not written."""
    batch = EnqueueBatch(using)
    token = _batch.set(batch)
    try:
        yield batch
    finally:
        _batch.reset(token)
    batch.flush()
