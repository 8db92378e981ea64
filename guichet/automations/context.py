"""Which automation cycle the current code runs in (a context variable)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_cycle: ContextVar[bool] = ContextVar("guichet_trigger_cycle", default=False)


@contextmanager
def trigger_cycle() -> Iterator[None]:
    """Events recorded inside are handled by the running cycle, not queued again."""
    token = _cycle.set(True)
    try:
        yield
    finally:
        _cycle.reset(token)


def in_trigger_cycle() -> bool:
    return _cycle.get()
