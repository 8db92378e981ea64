"""Enqueueing background jobs once the current transaction commits. See docs/jobs.md."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.db import transaction


def on_commit(task: Any, *args: Any, **kwargs: Any) -> None:
    """Enqueue `task` after the surrounding transaction commits (at once outside one)."""
    transaction.on_commit(partial(task.enqueue, *args, **kwargs))
