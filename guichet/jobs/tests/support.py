"""Helpers for the job runner tests: run jobs in-process, or start processes on the test DB."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from unittest import mock
from urllib.parse import quote

from django.conf import settings
from django.db import connection

from guichet.jobs.worker import GuichetWorker


def database_url() -> str:
    """A GUICHET_DB_URL pointing a child process at this test run's database."""
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        name = str(db["NAME"])
        assert name and ":memory:" not in name, "cross-process tests need a file database"
        return f"sqlite:///{Path(name).resolve()}"
    user, password = quote(db["USER"] or ""), quote(db["PASSWORD"] or "")
    return f"postgresql://{user}:{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def child_env(**extra: str) -> dict[str, str]:
    env = {**os.environ, "GUICHET_DB_URL": database_url(), "GUICHET_DEV": "1"}
    env.setdefault("DJANGO_SETTINGS_MODULE", "guichet.settings")
    env.update(extra)
    return env


def start_worker(log: Path, *args: str, **env: str) -> subprocess.Popen[bytes]:
    """Start `manage.py guichet_worker` in a child process, its output going to `log`."""
    command = [sys.executable, "manage.py", "guichet_worker", "--no-startup-delay", *args]
    with log.open("ab") as out:
        return subprocess.Popen(
            command, cwd=settings.BASE_DIR, env=child_env(**env), stdout=out, stderr=out
        )


def wait_until(check: Callable[[], Any], timeout: float, what: str, log: Path | None = None) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.1)
    output = log.read_text(errors="replace")[-4000:] if log and log.exists() else ""
    raise AssertionError(f"timed out after {timeout}s waiting for {what}\n{output}")


def drain(worker_id: str = "test-worker") -> None:
    """Run every ready job in this process, then return (django-tasks-db batch mode).

    The worker loop closes old connections; inside a test transaction that would close
    the test's own connection, so that step is skipped here.
    """
    worker = GuichetWorker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=worker_id,
        excluded_queue_names=[],
    )
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        worker.run()
