"""Enqueueing background jobs so that they exist only if the transaction commits.

See docs/jobs.md.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from django.db import transaction
from django_tasks_db import DatabaseBackend


def on_commit(task: Any, *args: Any, **kwargs: Any) -> None:
    """Enqueue `task(*args, **kwargs)` as part of the surrounding transaction.

    With the database backend the job row is written inside the transaction (an
    outbox): it commits, and becomes visible to workers, together with the data
    that asked for it, or rolls back with it; no job is lost if the process dies
    right after the commit. With any other backend the job is enqueued by
    transaction.on_commit. Outside a transaction both enqueue at once.
    """
    if isinstance(task.get_backend(), DatabaseBackend):
        task.enqueue(*args, **kwargs)
    else:
        transaction.on_commit(partial(task.enqueue, *args, **kwargs))
