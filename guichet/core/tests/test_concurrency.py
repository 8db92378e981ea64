"""Several writer processes at once (web, worker, mail intake) on one database.

On SQLite this is the proof that WAL + a busy timeout + BEGIN IMMEDIATE (settings.py)
make writers queue instead of failing: no "database is locked" reaches a user, and
nothing is lost. The same test runs on PostgreSQL. See docs/jobs.md.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
import traceback
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from guichet.brands.models import Brand
from guichet.core.tests import factories
from guichet.jobs.tests import sample_tasks
from guichet.jobs.tests.support import child_env, start_worker, wait_until
from guichet.tickets.models import Message, Ticket

WRITERS = 4
TICKETS_EACH = 20
CHILD = (
    "import django; django.setup(); "
    "from guichet.core.tests.test_concurrency import writer_main; writer_main()"
)


def writer_main() -> None:
    """In a child process: open tickets, reply to each, enqueue a job per ticket.

    argv: brand id, actor id, requester id, count, writer name, go file. Prints the
    ids of the tickets created as JSON; any exception goes to stderr with exit code 1.
    """
    from django.contrib.auth import get_user_model

    from guichet.jobs.enqueue import on_commit
    from guichet.people.models import Contact
    from guichet.tickets.actions import do_create_ticket
    from guichet.tickets.message_actions import do_add_customer_message

    brand_id, actor_id, requester_id, count, name, go = sys.argv[1:7]
    Path(f"{go}.{name}").touch()  # ready
    while not Path(go).exists():
        time.sleep(0.01)
    try:
        actor = get_user_model().objects.get(pk=actor_id)
        brand = Brand.objects.get(pk=brand_id)
        requester = Contact.objects.get(pk=requester_id)
        created = []
        for n in range(int(count)):
            ticket = do_create_ticket(
                actor, brand=brand, requester=requester, subject=f"{name} {n}", body="Bonjour"
            )
            do_add_customer_message(actor, ticket, body="Toujours en panne")
            on_commit(sample_tasks.tag_ticket, ticket.pk, name)
            created.append(ticket.pk)
    except BaseException:
        traceback.print_exc()
        sys.exit(1)
    print(json.dumps(created))


def start_writers(tmp_path: Path, brand: Brand, actor, requester) -> list[subprocess.Popen]:
    go = tmp_path / "go"
    writers = [
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                CHILD,
                str(brand.pk),
                str(actor.pk),
                str(requester.pk),
                str(TICKETS_EACH),
                f"writer{n}",
                str(go),
            ],
            cwd=settings.BASE_DIR,
            env=child_env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )  # fmt: skip
        for n in range(WRITERS)
    ]
    ready = [tmp_path / f"go.writer{n}" for n in range(WRITERS)]
    wait_until(lambda: all(path.exists() for path in ready), 120, "the writers to start")
    go.touch()  # all at once
    return writers


def tag_jobs():  # type: ignore[no-untyped-def]
    """The jobs the writers enqueued (the worker's scheduler adds periodic ones of its own)."""
    return DBTaskResult.objects.filter(task_path="guichet.jobs.tests.sample_tasks.tag_ticket")


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_lose_nothing_and_never_see_a_locked_database(tmp_path):
    # Given a brand, and a job worker writing to the same tickets as the writers
    brand = factories.brand()
    actor, requester = factories.agent("admin"), factories.contact(brand)
    log = tmp_path / "worker.log"
    worker = start_worker(log, "--interval", "0.05", "--worker-id", "multi-writer")
    try:
        # When 4 processes open tickets and reply on the same brand at the same time
        writers = start_writers(tmp_path, brand, actor, requester)
        outputs = [writer.communicate(timeout=300) for writer in writers]
        # Then no writer failed or logged a locked database
        for writer, (_, errors) in zip(writers, outputs, strict=True):
            assert writer.returncode == 0, errors
            assert "locked" not in errors.lower(), errors
        wait_until(
            lambda: (
                not tag_jobs().exclude(status=TaskResultStatus.SUCCESSFUL).exists()
                and tag_jobs().count() == WRITERS * TICKETS_EACH
            ),
            120,
            "the worker to run every job",
            log,
        )
    finally:
        worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=30)

    assert "locked" not in log.read_text().lower()
    # And every ticket, number, message and job is there
    created = [pk for out, _ in outputs for pk in json.loads(out)]
    total = WRITERS * TICKETS_EACH
    tickets = Ticket.objects.filter(brand=brand)
    assert sorted(created) == sorted(tickets.values_list("pk", flat=True))
    assert sorted(tickets.values_list("number", flat=True)) == list(range(1, total + 1))
    assert Brand.objects.get(pk=brand.pk).next_ticket_number == total + 1
    assert Message.objects.filter(ticket__brand=brand).count() == 2 * total
    assert tickets.filter(tags__name__startswith="writer").count() == total


def test_sqlite_is_configured_for_several_writers():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite settings")
    options = settings.DATABASES["default"]["OPTIONS"]

    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] >= 5
    assert "journal_mode=WAL" in options["init_command"]
