"""`make bench-sla`: one SLA sweep over 100,000 open tickets, on SQLite and PostgreSQL.

For each database: a fresh one (var/bench/sla.sqlite3; database guichet_bench_sla on the server
of GUICHET_PG_URL when set), migrations, then in a child process a bulk load of 100,000 open
tickets with their SLA state and two clocks each (first reply, resolution: 200,000 clocks), of
which 5,000 first-reply clocks reach their warning and 1,000 their breach in the minute before
the sweep. One sweep (`guichet.sla.sweep.sweep`) then claims each due clock, records its audit
event and enqueues the jobs that notify and escalate; it is timed, and its counts checked.
Also measured, in this process: business-time additions per second on a calendar with lunch
breaks and French public holidays.

DATA is ignored (the benchmark makes its own). Logs go to stderr; the last line of stdout is
one JSON object:
{"sqlite": {"sweep_seconds", "tickets", "due"}, "postgresql": {...} or null,
 "business_time_ops_per_second"}. See docs/sla.md ("Benchmark").
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import sys
import time
from pathlib import Path
from typing import Any

# Run as a script, this folder would come first on sys.path, where a bench/<name>.py could hide
# a standard module: keep only the project root.
_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]
sys.path.insert(0, str(_HERE.parent))

from bench.common import (  # noqa: E402
    django_env,
    fresh_postgresql,
    fresh_sqlite,
    log,
    run_python,
    timed,
)

TICKETS = 100_000
WARNINGS = 5_000
BREACHES = 1_000
BATCH = 5_000
NOW = dt.datetime(2026, 3, 4, 15, 0, tzinfo=dt.UTC)  # a Wednesday, 16:00 in Paris
BUSINESS_OPS = 20_000


# --- The measured part (runs in a child process, GUICHET_DB_URL names the fresh database) --


def load(tickets: int) -> dict[str, Any]:
    """Bulk-create the tickets, their SLA state and clocks; the ids the sweep must claim."""
    from django.db import connection, transaction

    from guichet.brands.models import Brand
    from guichet.people.models import Contact
    from guichet.sla.models import BusinessCalendar, SlaPolicy, SlaPolicyTarget
    from guichet.tickets.models import Ticket

    rng = random.Random(42)
    with transaction.atomic():
        brand = Brand.objects.create(name="Bench", slug="bench", ticket_prefix="BEN")
        requester = Contact.objects.create(brand=brand, name="Client")
        calendar = BusinessCalendar.objects.create(
            name="Bureau",
            weekly_hours={"mon-fri": "09:00-12:00, 14:00-18:00"},
            public_holidays="FR",
        )
        policy = SlaPolicy.objects.create(
            brand=brand, name="Standard", is_default=True, calendar=calendar
        )
        for metric, minutes in (("first_reply", 240), ("resolution", 2400)):
            SlaPolicyTarget.objects.create(
                policy=policy, metric=metric, priority="normal", minutes=minutes
            )
        created = NOW - dt.timedelta(hours=2)
        for start in range(0, tickets, BATCH):
            Ticket.objects.bulk_create(
                [
                    Ticket(
                        brand=brand,
                        number=n + 1,
                        reference=f"BEN-{n + 1}",
                        subject=f"Ticket {n + 1}",
                        status="open",
                        requester=requester,
                        created_at=created,
                        updated_at=created,
                    )  # fmt: skip
                    for n in range(start, min(start + BATCH, tickets))
                ],
                batch_size=BATCH,
            )
        ids = list(Ticket.objects.order_by("pk").values_list("pk", flat=True))
        timed("load: SLA clocks", lambda: load_clocks(rng, ids, policy, calendar, created))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {"tickets": len(ids)}


def load_clocks(
    rng: random.Random, ids: list[int], policy: Any, calendar: Any, created: dt.datetime
) -> None:
    """TicketSla rows and two clocks per ticket; the first WARNINGS tickets warn and the next
    BREACHES breach within the minute before NOW, every other clock is due later. Written with
    executemany (these are the SLA app's own tables; bulk_create's per-object cost would make
    the load several times longer than it needs to be)."""
    from django.db import connection

    from guichet.sla.models import TicketSla, TicketTarget

    at = connection.ops.adapt_datetimefield_value
    empty = TicketTarget._meta.get_field("pauses").get_db_prep_value([], connection)
    minute = dt.timedelta(seconds=60)
    states, clocks = [], []
    for offset, pk in enumerate(ids):
        states.append((pk, policy.pk, "normal", "open", at(created), at(created)))
        in_minute = NOW - rng.random() * minute
        later = NOW + dt.timedelta(minutes=rng.randint(2, 600))
        warned_at = None
        if offset < WARNINGS:
            warn_at, due_at = in_minute, in_minute + dt.timedelta(minutes=60)
        elif offset < WARNINGS + BREACHES:
            warn_at, due_at = in_minute - dt.timedelta(minutes=60), in_minute
            warned_at = NOW - dt.timedelta(minutes=59)
        else:
            warn_at, due_at = later, later + dt.timedelta(minutes=60)
        for metric, minutes, warn, due, warned in (
            ("first_reply", 240, warn_at, due_at, warned_at),
            ("resolution", 2400, NOW + dt.timedelta(days=3), NOW + dt.timedelta(days=4), None),
        ):
            clocks.append((pk, metric, 0, policy.pk, calendar.pk, minutes, 75, at(created), empty,
                           at(due), at(warn), at(warned) if warned else None, "", empty,
                           at(created), at(created)))  # fmt: skip
    _insert(
        TicketSla,
        ["ticket_id", "policy_id", "priority", "status", "status_since", "updated_at"],
        states,
    )
    _insert(TicketTarget, ["ticket_id", "metric", "cycle", "policy_id", "calendar_id", "target_minutes",
                           "warning_percent", "started_at", "pauses", "due_at", "warn_at", "warned_at",
                           "outcome", "history", "created_at", "updated_at"], clocks)  # fmt: skip


def _insert(model: Any, columns: list[str], rows: list[tuple[Any, ...]]) -> None:
    from django.db import connection

    quote = connection.ops.quote_name
    sql = (f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(c) for c in columns)}) "
           f"VALUES ({', '.join(['%s'] * len(columns))})")  # fmt: skip
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH * 4):
            cursor.executemany(sql, rows[start : start + BATCH * 4])


def measure(tickets: int) -> dict[str, Any]:
    import django

    django.setup()
    from django_tasks_db.models import DBTaskResult

    from guichet.audit.models import Event
    from guichet.sla.sweep import DISPATCH_CHUNK, sweep

    timed("load", lambda: load(tickets))
    started = time.perf_counter()
    result = sweep(now=NOW)
    seconds = time.perf_counter() - started
    events = Event.objects.filter(verb__in=["sla_warning", "sla_breached"]).count()
    jobs = DBTaskResult.objects.filter(task_path__endswith="dispatch_sla_events").count()
    again = time.perf_counter()
    second = sweep(now=NOW)
    log(f"sweep: {seconds:.3f} s; {result.warned} warnings, {result.breached} breaches, "
        f"{events} events, {jobs} dispatch jobs; a second sweep claims {second.total} "
        f"in {time.perf_counter() - again:.3f} s")  # fmt: skip
    # One dispatch job (notify, escalation rules, triggers) per chunk of events of one verb.
    chunks = -(-WARNINGS // DISPATCH_CHUNK) + -(-BREACHES // DISPATCH_CHUNK)
    expected = (WARNINGS, BREACHES, WARNINGS + BREACHES, chunks, 0)
    if (result.warned, result.breached, events, jobs, second.total) != expected:
        raise SystemExit(
            f"sweep claimed {result} / {events} events / {jobs} jobs / then {second.total}"
        )
    return {"sweep_seconds": round(seconds, 3), "tickets": tickets, "due": result.total}


# --- Business time (pure, in this process) -----------------------------------------------


def business_time_ops_per_second(ops: int = BUSINESS_OPS) -> float:
    """Additions of N business minutes (1 .. 5,000) from random instants of 2025-2026 on a
    calendar with lunch breaks and French public holidays (one Calendar instance, as the
    hooks and the sweep use it)."""
    from guichet.sla.calendar import Calendar
    from guichet.sla.clock import add_business_minutes
    from guichet.sla.public_holidays import FRANCE

    calendar = Calendar.build(
        "Europe/Paris", {"mon-fri": "09:00-12:00, 14:00-18:00"}, public_holidays=FRANCE
    )
    rng = random.Random(7)
    origin = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    cases = [(origin + dt.timedelta(minutes=rng.randrange(2 * 365 * 1440)), rng.randint(1, 5_000))
             for _ in range(ops)]  # fmt: skip
    started = time.perf_counter()
    for start, minutes in cases:
        add_business_minutes(calendar, start, minutes)
    return round(ops / (time.perf_counter() - started), 1)


# --- Orchestration ----------------------------------------------------------------------------


def run(name: str, db_url: str, tickets: int) -> dict[str, Any]:
    env = django_env(db_url)
    timed(f"{name}: migrate", lambda: run_python(["manage.py", "migrate", "-v", "0"], env))
    output = timed(
        f"{name}: load and sweep", lambda: run_python([__file__, "--measure", str(tickets)], env)
    )
    result: dict[str, Any] = json.loads(output.strip().splitlines()[-1])
    log(f"{name}: {result}")
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--measure", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--tickets", type=int, default=TICKETS)
    parser.add_argument("--data", help="ignored: the benchmark makes its own data")
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure)))
        return 0
    results: dict[str, Any] = {"sqlite": run("sqlite", fresh_sqlite("sla"), args.tickets)}
    pg_url = os.environ.get("GUICHET_PG_URL", "").strip()
    results["postgresql"] = (
        run("postgresql", fresh_postgresql(pg_url, "guichet_bench_sla"), args.tickets)
        if pg_url
        else None
    )
    results["business_time_ops_per_second"] = business_time_ops_per_second()
    log(f"business time: {results['business_time_ops_per_second']} additions/s")
    print(json.dumps(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
