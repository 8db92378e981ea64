"""`make bench-email DATA=<folder>`: raw mail through the real intake path, into fresh databases.

Every regular file under DATA (recursively; LICENSE*, NOTICE*, README* excepted) is one raw
message. In a child process on a fresh, migrated database (var/bench/email-*.sqlite3; database
guichet_bench_email on the server of GUICHET_PG_URL), the messages are stored in the groups
one IMAP poll stores together (100 messages or 16 MB at most), with `intake.store_many` (raw
bytes committed with their `process_inbound_email` jobs, one transaction per group, as the
IMAP poller does), then those jobs are claimed and run by
`GuichetWorker.run_task`, exactly as `guichet_worker` runs them (the first applies the
mailbox's backlog in batches of 50; the others find theirs settled). Nothing else runs
(acknowledgement and triage jobs stay queued).

A message counts as ingested when its stored row ends processed, ignored or held (a duplicate:
the row it collapsed into), quarantined when it ends quarantined; a crash is a store that raised
or a job that did not succeed. Then the same for generated mail (bench/email_gen.py, --generated
N, 10,000 by default) on SQLite and, when GUICHET_PG_URL is set, PostgreSQL.

Logs go to stderr; the last line of stdout is one JSON object: messages, ingested, quarantined,
crashes, seconds, messages_per_second, peak_rss_mb... for DATA, and "generated": {"count",
"sqlite", "postgresql" (null without GUICHET_PG_URL)}. See docs/email.md ("Benchmark").
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
import traceback
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the project root, for bench.*

from bench.common import (  # noqa: E402
    BENCH_DIR,
    ROOT,
    django_env,
    fresh_postgresql,
    fresh_sqlite,
    log,
    run_python,
    timed,
)

DEFAULT_DATA = ROOT.parent / "shared" / "data" / "mail"
GENERATED = 10_000
INGESTED = ("processed", "ignored", "held")
WORKER_ID = "bench-email"


# --- The measured part (a child process; GUICHET_DB_URL names the fresh database) ---------


def mail_files(folder: Path) -> list[Path]:
    """Every regular file under `folder`, sorted, except LICENSE*, NOTICE*, README*."""
    found = sorted(p for p in folder.rglob("*") if p.is_file() and not p.is_symlink())
    return [p for p in found if not p.name.startswith(("LICENSE", "NOTICE", "README"))]


def setup_mailbox() -> Any:
    """One brand and one mailbox, with the defaults an admin gets (rate limit, acknowledgements)."""
    from guichet.brands.models import Brand
    from guichet.channels.email.models import Mailbox

    brand = Brand.objects.create(name="Bench", slug="bench", ticket_prefix="BEN")
    return Mailbox.objects.create(
        brand=brand, name="Support", address="support@bench.example", kind=Mailbox.Kind.SMTP
    )


class JobRunner:
    """Claims each `process_inbound_email` job as it is enqueued and runs it as guichet_worker
    does (`GuichetWorker.run_task`). Jobs are claimed by id, as they are enqueued: polling the
    queue in order would walk past every acknowledgement job left queued (nothing sends them
    here), which a real worker would have sent."""

    def __init__(self) -> None:
        from django_tasks.signals import task_enqueued

        from guichet.jobs.worker import prepare_process

        prepare_process()  # as guichet_worker does at start (not timed)
        from django_tasks_db.models import DBTaskResult

        from guichet.channels.email.tasks import process_inbound_email
        from guichet.jobs.worker import GuichetWorker

        self.worker = GuichetWorker(
            queue_names=[process_inbound_email.queue_name], interval=0, batch=True,
            backend_name=process_inbound_email.backend, startup_delay=False, max_tasks=None,
            worker_id=WORKER_ID, excluded_queue_names=[],
        )  # fmt: skip
        self.ready = DBTaskResult.objects.ready().filter(
            backend_name=process_inbound_email.backend,
            task_path=process_inbound_email.module_path,
        )
        self.path = process_inbound_email.module_path
        self.pending: list[str] = []
        self.failures: list[str] = []
        task_enqueued.connect(self._enqueued, weak=False)

    def _enqueued(self, sender: Any, task_result: Any, **kwargs: Any) -> None:
        if task_result.task.module_path == self.path:
            self.pending.append(str(task_result.id))

    def drain(self) -> int:
        """Run every job enqueued since the last call; how many did not succeed."""
        from django_tasks_db.compat import TaskResultStatus
        from django_tasks_db.utils import exclusive_transaction

        failed = 0
        while self.pending:
            # One query per job run, as a worker polls for its next job: the jobs that a batch
            # closed (done in its transaction) are not ready any more, and are never claimed.
            ready = {
                str(pk)
                for pk in self.ready.filter(pk__in=self.pending).values_list("pk", flat=True)
            }
            self.pending = [job_id for job_id in self.pending if job_id in ready]
            if not self.pending:
                break
            job_id = self.pending.pop(0)
            with exclusive_transaction(self.ready.db):
                row = self.ready.filter(pk=job_id).get_locked()
                if row is None:  # rolled back with its transaction: nothing to run
                    continue
                row.claim(WORKER_ID)
            self.worker.run_task(row)
            row.refresh_from_db(fields=["status", "exception_class_path", "traceback"])
            if row.status != TaskResultStatus.SUCCESSFUL:
                failed += 1
                self.failures.append(f"job {row.pk} {row.status}: {row.traceback[-2000:]}")
        return failed


def ingest(files: list[Path]) -> dict[str, Any]:
    """Store and process each file in turn; the counts, and the time it took."""
    from django.db import connection

    mailbox, runner = setup_mailbox(), JobRunner()
    rows: list[int | None] = []
    errors: list[str] = []
    counter = StatementCounter()
    started, cpu_started = time.perf_counter(), time.process_time()
    with connection.execute_wrapper(counter):
        crashes = _ingest_loop(files, mailbox, runner, rows, errors)
    seconds = time.perf_counter() - started
    cpu_seconds = time.process_time() - cpu_started
    for error in [*errors, *runner.failures][:20]:
        log("CRASH", error)
    result = summarise(files, rows, crashes, seconds)
    result["cpu_seconds"] = round(cpu_seconds, 3)  # of this process (not a database server's)
    result["messages_per_cpu_second"] = round(len(files) / cpu_seconds, 1) if cpu_seconds else 0.0
    result["statements_per_message"] = round(counter.count / len(files), 1) if files else 0.0
    return result


class StatementCounter:
    """Counts the SQL statements run (an executemany counts once), for statements_per_message."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        self.count += 1
        return execute(sql, params, many, context)


def _ingest_loop(
    files: list[Path], mailbox: Any, runner: JobRunner, rows: list[int | None], errors: list[str]
) -> int:
    crashes = 0
    started = time.perf_counter()
    for group in store_groups(files, mailbox):
        crashes += _store_group([files[i] for i in group], mailbox, rows, errors)
        crashes += runner.drain()
        if len(rows) // 1000 > (len(rows) - len(group)) // 1000:
            elapsed = time.perf_counter() - started
            log(f"{len(rows)} messages in {elapsed:.1f} s ({len(rows) / elapsed:.1f}/s)")
    return crashes


def store_groups(files: list[Path], mailbox: Any) -> list[range]:
    """The files in the groups an IMAP poll stores together (intake.store_groups)."""
    from guichet.channels.email import intake

    sizes = [min(path.stat().st_size, mailbox.max_bytes) for path in files]
    return intake.store_groups(sizes, count=intake.STORE_BATCH, max_bytes=intake.STORE_BYTES)


def _store_group(paths: list[Path], mailbox: Any, rows: list[int | None], errors: list[str]) -> int:
    """Store the group as one IMAP fetch does (`intake.store_many`); if that raises, each
    message alone, so that a crash is counted against the message that caused it."""
    from guichet.channels.email import intake

    try:
        items = [intake.to_store(mailbox, path.read_bytes()) for path in paths]
        rows.extend(inbound.pk for inbound, _new in intake.store_many(mailbox, items, via="upload"))
        return 0
    except Exception:
        errors.append(f"group of {paths[0]}: {traceback.format_exc()[-2000:]}")
    crashes = 0
    for path in paths:
        try:
            rows.append(intake.store(mailbox, path.read_bytes(), via="upload")[0].pk)
        except Exception:
            rows.append(None)
            crashes += 1
            errors.append(f"{path}: {traceback.format_exc()[-2000:]}")
    return crashes


def summarise(
    files: list[Path], rows: list[int | None], crashes: int, seconds: float
) -> dict[str, Any]:
    from guichet.channels.email.models import InboundEmail, OutboundEmail
    from guichet.tickets.models import Message, Ticket

    stored = dict(InboundEmail.objects.values_list("pk", "status"))
    statuses = [stored.get(pk) if pk is not None else None for pk in rows]
    by_status: dict[str, int] = {}
    for status in stored.values():
        by_status[status] = by_status.get(status, 0) + 1
    quarantined = [
        f"{path}: {reason}"
        for path, pk in zip(files, rows, strict=True)
        for reason in InboundEmail.objects.filter(pk=pk, status="quarantined").values_list(
            "reason", flat=True
        )
    ]  # fmt: skip
    for line in quarantined[:20]:
        log("quarantined", line)
    held = InboundEmail.objects.filter(status="held").values_list("reason", flat=True)
    return {
        "messages": len(files),
        "ingested": sum(status in INGESTED for status in statuses),
        "quarantined": sum(status == "quarantined" for status in statuses),
        "crashes": crashes,
        "seconds": round(seconds, 3),
        "messages_per_second": round(len(files) / seconds, 1) if seconds else 0.0,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "stored": len(stored),
        "duplicates": len(files) - len(set(pk for pk in rows if pk is not None)) - rows.count(None),
        "by_status": by_status,
        "held_reasons": sorted(set(held))[:10],
        "tickets": Ticket.objects.count(),
        "ticket_messages": Message.objects.count(),
        "acknowledgements_queued": OutboundEmail.objects.count(),
    }


def measure(folder: Path, profile: Path | None, workers: int = 0) -> dict[str, Any]:
    import django

    django.setup()
    files = mail_files(folder)
    if workers:
        return ingest_with_workers(files, workers)
    if profile is None:
        return ingest(files)
    import cProfile
    import pstats

    profiler = cProfile.Profile()
    result = profiler.runcall(ingest, files)
    profiler.dump_stats(profile)
    pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative").print_stats(40)
    pstats.Stats(profiler, stream=sys.stderr).sort_stats("tottime").print_stats(25)
    return result


# --- --workers N: every message stored, then N worker processes apply them ----------------


def ingest_with_workers(files: list[Path], workers: int) -> dict[str, Any]:
    """Store every file (as IMAP polls do), then start `workers` processes that claim and run
    the `process_inbound_email` jobs until none is ready (see `work`). Wall clock only: the
    store and the apply phase are timed apart; the workers' start-up (imports) is not timed."""
    import subprocess

    mailbox = setup_mailbox()
    rows: list[int | None] = []
    started = time.perf_counter()
    for group in store_groups(files, mailbox):
        _store_group([files[i] for i in group], mailbox, rows, [])
    store_seconds = time.perf_counter() - started
    children = [
        subprocess.Popen(
            [sys.executable, __file__, "--work", f"bench-email-{n}"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )  # fmt: skip
        for n in range(workers)
    ]
    for child in children:  # each says "ready" once Django and the task modules are loaded
        assert child.stdout is not None and child.stdout.readline().strip() == "ready"
    started = time.perf_counter()
    for child in children:
        assert child.stdin is not None
        child.stdin.write("go\n")
        child.stdin.close()
    outputs = [child.stdout.read() for child in children if child.stdout is not None]
    reports = [json.loads(output.strip().splitlines()[-1]) for output in outputs]
    if any(child.wait() != 0 for child in children):
        raise RuntimeError("a worker process failed")
    apply_seconds = time.perf_counter() - started
    crashes = rows.count(None) + sum(report["failed"] for report in reports)
    result = summarise(files, rows, crashes, store_seconds + apply_seconds)
    result["workers"] = [{"jobs": r["jobs"], "cpu_seconds": r["cpu_seconds"]} for r in reports]
    result["store_seconds"] = round(store_seconds, 3)
    result["apply_seconds"] = round(apply_seconds, 3)
    result["applied_per_second"] = round(len(files) / apply_seconds, 1) if apply_seconds else 0.0
    return result


def work(worker_id: str) -> dict[str, Any]:
    """One worker process: claim the ready `process_inbound_email` jobs one at a time (as
    guichet_worker does, in an exclusive transaction) and run them, until none is left."""
    import django

    django.setup()
    from django_tasks_db.compat import TaskResultStatus
    from django_tasks_db.models import DBTaskResult
    from django_tasks_db.utils import exclusive_transaction

    from guichet.channels.email.tasks import process_inbound_email
    from guichet.jobs.worker import GuichetWorker, prepare_process

    prepare_process()  # as guichet_worker does at start

    worker = GuichetWorker(
        queue_names=[process_inbound_email.queue_name], interval=0, batch=True,
        backend_name=process_inbound_email.backend, startup_delay=False, max_tasks=None,
        worker_id=worker_id, excluded_queue_names=[],
    )  # fmt: skip
    ready = DBTaskResult.objects.ready().filter(task_path=process_inbound_email.module_path)
    print("ready", flush=True)
    sys.stdin.readline()
    cpu_started, jobs, failed = time.process_time(), 0, 0
    while True:
        with exclusive_transaction(ready.db):
            row = ready.get_locked()
            if row is None:
                break
            row.claim(worker_id)
        worker.run_task(row)
        row.refresh_from_db(fields=["status"])
        jobs += 1
        failed += row.status != TaskResultStatus.SUCCESSFUL
    cpu = round(time.process_time() - cpu_started, 3)
    return {"jobs": jobs, "failed": failed, "cpu_seconds": cpu}


# --- Orchestration ----------------------------------------------------------------------------


def run(name: str, db_url: str, folder: Path, profile: bool, workers: int = 0) -> dict[str, Any]:
    media = BENCH_DIR / f"email-media-{name}"
    env = django_env(db_url, GUICHET_MEDIA_ROOT=str(media))
    timed(f"{name}: migrate", lambda: run_python(["manage.py", "migrate", "-v", "0"], env))
    args = [__file__, "--measure", str(folder), "--workers", str(workers)]
    if profile:
        args += ["--profile-to", str(BENCH_DIR / f"email-{name}.prof")]
    output = timed(f"{name}: ingest", lambda: run_python(args, env))
    result: dict[str, Any] = json.loads(output.strip().splitlines()[-1])
    log(f"{name}: {json.dumps(result)}")
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--generated", type=int, default=GENERATED, help="0: skip")
    parser.add_argument("--profile", action="store_true", help="cProfile each run (stderr)")
    parser.add_argument("--pg-database", default="guichet_bench_email", help="created afresh")
    parser.add_argument(
        "--workers", type=int, default=0,
        help="N: store everything, then N worker processes apply it (wall clock only)",
    )  # fmt: skip
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--work", help=argparse.SUPPRESS)
    parser.add_argument("--profile-to", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.work:
        print(json.dumps(work(args.work)))
        return 0
    if args.measure:
        print(json.dumps(measure(args.measure, args.profile_to, args.workers)))
        return 0
    data = args.data.resolve()
    if not data.is_dir() or not mail_files(data):
        print(f"bench-email: no mail to ingest in {data} (set DATA=<folder>)", file=sys.stderr)
        return 2
    pg_url = os.environ.get("GUICHET_PG_URL", "").strip()
    pg_db = None
    if pg_url and args.generated:
        try:  # set but unreachable is an error, found before the long runs
            pg_db = fresh_postgresql(pg_url, args.pg_database)
        except Exception as error:
            print(f"bench-email: GUICHET_PG_URL is set but unusable: {error}", file=sys.stderr)
            return 2
    results = run("data", fresh_sqlite("email-data"), data, args.profile, args.workers)
    results["data"] = str(data)
    generated: dict[str, Any] = {"count": args.generated, "sqlite": None, "postgresql": None}
    if args.generated:
        from bench import email_gen

        folder = timed(
            "generate",
            lambda: email_gen.write(
                BENCH_DIR / f"email-generated-{args.generated}", args.generated
            ),
        )
        generated["sqlite"] = _short(
            run(
                "generated-sqlite",
                fresh_sqlite("email-generated"),
                folder,
                args.profile,
                args.workers,
            )  # fmt: skip
        )
        if pg_db is not None:
            generated["postgresql"] = _short(
                run("generated-postgresql", pg_db, folder, args.profile, args.workers)
            )
    results["generated"] = generated
    print(json.dumps(results))
    return 0


def _short(result: dict[str, Any]) -> dict[str, Any]:
    keep = ("messages", "ingested", "quarantined", "crashes", "seconds", "messages_per_second",
            "peak_rss_mb", "cpu_seconds", "messages_per_cpu_second", "statements_per_message",
            "by_status", "tickets", "store_seconds", "apply_seconds", "applied_per_second",
            "workers",
            "ticket_messages")  # fmt: skip
    return {key: result[key] for key in keep if key in result}


if __name__ == "__main__":
    sys.exit(main())
