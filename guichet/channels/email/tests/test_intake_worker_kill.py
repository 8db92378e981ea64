"""A real guichet_worker polls a real Dovecot, is killed -9 in the middle of the batch, restarts:
every message ends on exactly one ticket, and each is marked seen on the server only then."""
# ruff: noqa: F811 (pytest fixtures imported from mailservers are used as arguments)

import signal

import pytest
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from guichet.channels.email import imap
from guichet.channels.email.models import InboundEmail, Mailbox
from guichet.jobs.tests.support import start_worker, wait_until
from guichet.tickets.models import Message, Ticket

from .intake_support import mailbox, raw_email
from .mailservers import dovecot  # noqa: F401

STARTUP = 90  # seconds: a worker may take long to start on a busy machine
PASSWORD_VARIABLE = "GUICHET_TEST_KILL_IMAP_PASSWORD"


def processed() -> int:
    return InboundEmail.objects.filter(status="processed").count()


def processing_jobs_left() -> int:
    return DBTaskResult.objects.filter(
        task_path="guichet.channels.email.tasks.process_inbound_email",
        status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING],
    ).count()


@pytest.mark.django_db(transaction=True)
def test_worker_killed_in_the_middle_of_a_batch_loses_and_duplicates_nothing(
    dovecot, tmp_path, monkeypatch
):
    # Given 30 requests in an IMAP inbox, plus a second copy of two of them and two without
    # a Message-ID: 32 distinct messages
    user, password = dovecot.user()
    box = mailbox(
        address=user, kind=Mailbox.Kind.IMAP, imap_host="127.0.0.1", imap_port=dovecot.port,
        imap_username=user, imap_password_env=PASSWORD_VARIABLE,
    )  # fmt: skip
    requests = [
        raw_email(sender=f"client{n}@customer.example", subject=f"Demande {n}") for n in range(30)
    ]
    no_id = [raw_email(message_id=None, subject=f"Sans identifiant {n}") for n in range(2)]
    dovecot.append(user, *requests, requests[0], requests[1], *no_id)
    expected = 32
    env = {
        PASSWORD_VARIABLE: password,
        "GUICHET_IMAP_CA_FILE": str(dovecot.ca_file),
        "GUICHET_MEDIA_ROOT": str(tmp_path / "media"),
        "GUICHET_JOBS_LEASE_SECONDS": "2",
        "GUICHET_MAIL_BATCH": "3",  # jobs apply 3 messages a transaction: kills land mid-poll
    }
    log = tmp_path / "workers.log"
    worker_args = ("--worker-id", "mail-worker", "--interval", "0.1")

    # When a worker polls (its scheduler runs the periodic poll at once) and starts processing,
    # and is killed -9 in the middle of the batch
    first = start_worker(log, *worker_args, **env)
    try:
        wait_until(lambda: processed() >= 2, STARTUP, "the worker to process a few messages", log)
        first.kill()
        first.wait(timeout=10)
    finally:
        if first.poll() is None:
            first.kill()
    at_kill = processed()
    assert 0 < at_kill < expected, f"the kill came at {at_kill}/{expected}: not mid-batch"
    stored_at_kill = set(InboundEmail.objects.values_list("pk", flat=True))

    # Then a restarted worker (same id: its interrupted job is put back at once) finishes
    second = start_worker(log, *worker_args, **env)
    try:
        wait_until(
            lambda: processed() == expected and processing_jobs_left() == 0,
            STARTUP,
            "every message to be processed after the restart",
            log,
        )
    finally:
        second.send_signal(signal.SIGTERM)
        try:
            second.wait(timeout=30)
        except Exception:
            second.kill()

    # ... each message exactly once
    assert InboundEmail.objects.count() == expected
    assert set(InboundEmail.objects.values_list("pk", flat=True)) >= stored_at_kill
    assert Ticket.objects.count() == expected
    assert Message.objects.count() == expected
    assert InboundEmail.objects.values("ticket_message").distinct().count() == expected
    assert sorted(Ticket.objects.values_list("subject", flat=True)) == sorted(
        [f"Demande {n}" for n in range(30)] + ["Sans identifiant 0", "Sans identifiant 1"]
    )

    # ... and the next poll marks every copy seen on the server, now that all are committed
    monkeypatch.setenv(PASSWORD_VARIABLE, password)
    monkeypatch.setenv("GUICHET_IMAP_CA_FILE", str(dovecot.ca_file))
    imap.poll(box)
    flags = dovecot.flags(user)
    assert len(flags) == 34 and all("\\Seen" in f for f in flags.values())
