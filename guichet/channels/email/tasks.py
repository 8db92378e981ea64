"""Jobs of the email channel: process stored mail, poll IMAP mailboxes (docs/email.md#jobs).

Sending jobs (`send_reply_email`, `send_outbound_email`) live in outbound.py.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.utils import timezone
from django_tasks import task

from guichet.jobs.periodic import periodic
from guichet.jobs.retry import retrying

from . import intake
from .models import Mailbox, SenderRate

logger = logging.getLogger("guichet.email")


@task(queue_name="mail")
@retrying(max_attempts=intake.PROCESS_MAX_ATTEMPTS, base_delay=timedelta(seconds=30))
def process_inbound_email(inbound_id: int) -> str:
    """Parse one stored message, and its mailbox's untouched backlog, and apply them to
    tickets (idempotent; see intake.process_with_backlog)."""
    return str(intake.process_with_backlog(inbound_id))


def close_processing_jobs(inbound_ids: list[int]) -> int:
    """The waiting `process_inbound_email` jobs of these settled messages, marked done (in the
    caller's transaction: a batch that settled them). Jobs a worker claimed are left to it;
    they find their message settled. How many were closed."""
    from django_tasks_db.compat import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    now = timezone.now()
    return DBTaskResult.objects.filter(
        task_path=process_inbound_email.module_path,
        status=TaskResultStatus.READY,
        args_kwargs__args__0__in=inbound_ids,
    ).update(status=TaskResultStatus.SUCCESSFUL, started_at=now, finished_at=now)


@task(queue_name="mail")
def poll_mailbox(mailbox_id: int) -> int:
    """Fetch new mail of one IMAP mailbox; returns how many messages were stored."""
    from . import imap

    mailbox = Mailbox.objects.get(pk=mailbox_id)
    if not mailbox.active or mailbox.kind != Mailbox.Kind.IMAP:
        return 0
    result = imap.poll_safely(mailbox)
    if result is not None and result.more:
        poll_mailbox.enqueue(mailbox_id)  # a big backlog: go on at once, batch by batch
    return result.stored if result else 0


@periodic(every=timedelta(minutes=1))
@task(queue_name="mail")
def poll_mailboxes() -> None:
    """Every minute, one polling job per active IMAP mailbox (each fails on its own)."""
    ids = Mailbox.objects.filter(active=True, kind=Mailbox.Kind.IMAP).values_list("pk", flat=True)
    for mailbox_id in ids:
        poll_mailbox.enqueue(mailbox_id)


@periodic(cron="41 4 * * *")
@task(queue_name="mail")
def prune_sender_rates() -> int:
    """Rate-limit counters older than two days are of no use."""
    cutoff = timezone.now() - timedelta(days=2)
    return SenderRate.objects.filter(window_start__lt=cutoff).delete()[0]
