"""Replies are applied after their originals, whatever the number of workers: the batches of
one mailbox are chosen and committed one at a time, oldest first (docs/email.md, "Batches")."""

import signal
from pathlib import Path

import pytest
from django.db import transaction
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from guichet.channels.email import intake
from guichet.channels.email.models import InboundEmail
from guichet.jobs.models import WorkerHeartbeat
from guichet.jobs.retry import running_attempt
from guichet.jobs.tests.support import start_worker, wait_until
from guichet.tickets.models import Ticket

from .intake_support import mailbox, message_id_of, raw_email, store

STARTUP = 90  # seconds: a worker may take long to start on a busy machine
ROUNDS = 8
SLOW_HTML = "<p>" + "Bonjour <b>le</b> support, " * 20000 + "</p>"  # long to read


def request(n: int, html: str = "") -> bytes:
    return raw_email(sender=f"client{n}@customer.example", subject=f"Demande {n}", html=html)


def reply(n: int, original: bytes) -> bytes:
    return raw_email(
        sender=f"client{n}@customer.example",
        subject=f"Re: Demande {n}",
        body="Toujours en panne.",
        in_reply_to=message_id_of(original),
    )


def settled() -> bool:
    left = DBTaskResult.objects.filter(
        task_path="guichet.channels.email.tasks.process_inbound_email",
        status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING],
    )
    return not InboundEmail.objects.filter(status="received").exists() and not left.exists()


@pytest.mark.django_db(transaction=True)
def test_two_workers_thread_every_reply_on_its_original_as_one_worker_does(tmp_path: Path) -> None:
    # Given two workers, waiting, that apply batches of 3
    box = mailbox()
    log = tmp_path / "workers.log"
    env = {"GUICHET_MAIL_BATCH": "3", "GUICHET_MEDIA_ROOT": str(tmp_path / "media")}
    workers = [
        start_worker(log, "--worker-id", f"order-{n}", "--interval", "0.05", **env)
        for n in range(2)
    ]
    stored: list[tuple[int, InboundEmail]] = []
    try:
        wait_until(lambda: WorkerHeartbeat.objects.count() == 2, STARTUP, "two workers", log)
        # When, round after round, three requests and then their replies arrive at once: the
        # two workers take the first two jobs together, and the batch of the first, which holds
        # a long message, is the slower to read (before, the second batch, holding replies,
        # was often committed first)
        for first in range(0, 3 * ROUNDS, 3):
            threads = [first, first + 1, first + 2]
            requests = {n: request(n, SLOW_HTML if n == first else "") for n in threads}
            with transaction.atomic():
                stored += [(n, store(box, requests[n])) for n in threads]
                stored += [(n, store(box, reply(n, requests[n]))) for n in threads]
            wait_until(settled, STARTUP, f"the round of request {first} to be applied", log)
    finally:
        for worker in workers:
            worker.send_signal(signal.SIGTERM)
        for worker in workers:
            try:
                worker.wait(timeout=30)
            except Exception:
                worker.kill()

    # Then each request and its reply are on one ticket, as with one worker: no reply opened one
    tickets: dict[int, set[int | None]] = {}
    for thread, row in stored:
        row.refresh_from_db()
        assert row.status == "processed"
        tickets.setdefault(thread, set()).add(row.ticket_id)
    assert [len(found) for found in tickets.values()] == [1] * 3 * ROUNDS, tickets
    assert Ticket.objects.count() == 3 * ROUNDS


@pytest.mark.django_db
def test_a_job_applies_the_older_untouched_messages_before_its_own() -> None:
    # Given a request, another, and a reply to the second, stored in that order
    box = mailbox()
    first = store(box, request(1))
    raw = request(2)
    original = store(box, raw)
    answer = store(box, reply(2, raw))

    # When the reply's job runs first, with batches of 2 (the reply and the oldest request)
    with running_attempt(1):
        assert intake.process_with_backlog(answer.pk, batch=2) == "processed"

    # Then the older messages were applied before it: the reply is on its original's ticket
    rows = {row.pk: row for row in InboundEmail.objects.all()}
    assert rows[answer.pk].ticket_id == rows[original.pk].ticket_id is not None
    assert rows[first.pk].status == "processed"
    assert Ticket.objects.count() == 2
