"""Start several workers at the same instant: the tests of claims, timers and round-robin."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

from django.db import connection

T = TypeVar("T")


def run_together(work: Callable[[int], T], count: int, *, timeout: float = 120) -> list[T]:
    """Run `work(0)` … `work(count - 1)` in threads released together, each on its own database
    connection (closed when it ends); their results in index order. Any error fails the test."""
    barrier = threading.Barrier(count)
    results: list[T | None] = [None] * count
    errors: list[BaseException] = []

    def run(index: int) -> None:
        try:
            barrier.wait(timeout=30)
            results[index] = work(index)
        except BaseException as error:  # reported below, from the test's thread
            errors.append(error)
            barrier.abort()
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
    assert not errors, errors
    assert not any(thread.is_alive() for thread in threads), "a worker did not finish in time"
    return results  # type: ignore[return-value]
