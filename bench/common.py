"""Shared plumbing for the benchmarks: databases, a gunicorn server, an HTTP client, statistics.

Everything here logs to stderr; a benchmark prints one JSON object as the last line of stdout.
"""

from __future__ import annotations

import http.client
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
BENCH_DIR = ROOT / "var" / "bench"


def log(*parts: Any) -> None:
    print("[bench]", *parts, file=sys.stderr, flush=True)


# --- Databases ------------------------------------------------------------------


def fresh_sqlite(name: str) -> str:
    """The URL of a new, empty SQLite file under var/bench/."""
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    path = BENCH_DIR / f"{name}.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return f"sqlite:///{path}"


def fresh_postgresql(server_url: str, name: str) -> str:
    """Drop and create database `name` on the server of `server_url`; its URL.

    Raises when the server does not answer: a set-but-unreachable URL is an error.
    """
    import psycopg

    parts = urllib.parse.urlsplit(server_url.replace("postgresql+psycopg", "postgresql"))
    admin_url = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True, connect_timeout=10) as connection:
        connection.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", [name]
        )
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')
    return urllib.parse.urlunsplit(parts._replace(path=f"/{name}"))


def django_env(db_url: str, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        GUICHET_DB_URL=db_url,
        GUICHET_DEV="1",
        GUICHET_DEBUG="0",
        DJANGO_SETTINGS_MODULE="guichet.settings",
        PYTHONPATH=str(ROOT),
        **extra,
    )
    return env


def run_python(args: list[str], env: dict[str, str]) -> str:
    """Run `python args...` in the project root; its stdout (stderr passes through)."""
    result = subprocess.run(
        [PYTHON, *args], cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True, check=False
    )
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed with exit status {result.returncode}")
    return result.stdout


# --- Server ----------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def gunicorn(env: dict[str, str], workers: int = 2) -> Iterator[int]:
    """Serve guichet.wsgi on a free loopback port; yields the port once /healthz answers."""
    port = free_port()
    binary = shutil.which("gunicorn", path=str(Path(PYTHON).parent)) or "gunicorn"
    command = [binary, "guichet.wsgi:application", "--workers", str(workers),
               "--bind", f"127.0.0.1:{port}", "--log-level", "warning"]  # fmt: skip
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=sys.stderr, stderr=sys.stderr)
    try:
        wait_until_up(port, process)
        yield port
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wait_until_up(port: int, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("gunicorn exited before answering")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError("gunicorn did not answer /healthz in time")


# --- Client and statistics --------------------------------------------------------


@dataclass
class Request:
    method: str
    path: str
    body: dict[str, Any] | None = None


@dataclass
class Result:
    latencies_ms: list[float] = field(default_factory=list)
    seconds: float = 0.0
    errors: int = 0

    def rps(self) -> float:
        return len(self.latencies_ms) / self.seconds if self.seconds else 0.0

    def percentile(self, p: float) -> float:
        return percentile(self.latencies_ms, p)


def percentile(values: list[float], p: float) -> float:
    """The p-th percentile (0-100), interpolated between the closest ranks."""
    if not values:
        return 0.0
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=1000, method="inclusive")[round(p * 10) - 1]


class Client:
    """One keep-alive HTTP/1.1 connection (re-opened when the server closes it)."""

    def __init__(self, port: int, token: str) -> None:
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.headers = {"Authorization": f"Bearer {token}", "Accept": "application/json",
                        "Connection": "keep-alive"}  # fmt: skip

    def send(self, request: Request) -> int:
        headers = dict(self.headers)
        body = None
        if request.body is not None:
            body = json.dumps(request.body).encode()
            headers["Content-Type"] = "application/json"
        try:
            self.connection.request(request.method, request.path, body=body, headers=headers)
            response = self.connection.getresponse()
            response.read()
        except (http.client.HTTPException, OSError):
            self.connection.close()
            raise
        return response.status


def run_load(
    port: int,
    token: str,
    requests: list[Request],
    threads: int,
    expect: int = 200,
) -> Result:
    """Send `requests` from `threads` client threads (each its own connection); time each."""
    result = Result()
    lock = threading.Lock()
    queue = iter(requests)

    def next_request() -> Request | None:
        with lock:
            return next(queue, None)

    def worker() -> None:
        client = Client(port, token)
        while (request := next_request()) is not None:
            started = time.perf_counter()
            try:
                status = client.send(request)
            except (http.client.HTTPException, OSError):
                status = 0
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                result.latencies_ms.append(elapsed)
                if status != expect:
                    result.errors += 1

    started = time.perf_counter()
    workers = [threading.Thread(target=worker) for _ in range(threads)]
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join()
    result.seconds = time.perf_counter() - started
    return result


def timed(label: str, step: Callable[[], Any]) -> Any:
    started = time.perf_counter()
    value = step()
    log(f"{label}: {time.perf_counter() - started:.1f} s")
    return value
