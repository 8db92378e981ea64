"""Applying several stored messages in one transaction (docs/email.md#intake, "Batches").

`do_apply_batch` is what a `process_inbound_email` job runs on a first attempt
(intake.process_with_backlog); each message goes through actions.do_apply_inbound.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.db import connections, transaction
from django.utils import timezone

from guichet.jobs.enqueue import batched_enqueues

from . import lookups
from .actions import SETTLED_FIELDS, do_apply_inbound, do_quarantine
from .contact_actions import create_people
from .errors import MessageRejected
from .lookups import IntakeMemo
from .models import InboundEmail
from .new_tickets import NewTicket, write_new_tickets

if TYPE_CHECKING:
    from .intake import Understood

logger = logging.getLogger("guichet.email")


@transaction.atomic
def do_apply_batch(
    items: Sequence[tuple[InboundEmail, Understood | Exception]], *, own: int | None = None
) -> dict[int, Exception]:
    """Apply several read messages in one transaction, each in its own savepoint.

    1. The rows still RECEIVED are locked (another worker may have applied some meanwhile).
    2. What the messages read is fetched for all of them at once (lookups.prefetch), and
       the unknown people they name are made contacts together (contact_actions.create_people).
    3. Each message is applied in its savepoint. An item whose reading raised MessageRejected
       is quarantined. One whose reading or applying raised is rolled back alone and returned
       (by id) for its own job to retry; the memo is then read afresh.
    4. The new statuses and the rate-limit counts are written, a statement for all, and the
       jobs of the messages settled here, `own`'s excepted, are closed (nothing left to do).
    5. The jobs the messages asked for (triage, acknowledgements) are written by one INSERT
       (jobs.enqueue.batched_enqueues), those of rolled-back messages left out.
    `items` carry their mailbox (with brand and team), read once for the batch.
    """
    with batched_enqueues():  # the jobs of its messages: one INSERT at the end
        failures = _apply_batch(items, own)
    return failures


def _apply_batch(
    items: Sequence[tuple[InboundEmail, Understood | Exception]], own: int | None
) -> dict[int, Exception]:
    memo = IntakeMemo(write_later=True)
    failures: dict[int, Exception] = {}
    locked = {
        row.pk: row
        for row in InboundEmail.objects.select_for_update(of=("self",)).filter(
            pk__in=[inbound.pk for inbound, _ in items], status=InboundEmail.Status.RECEIVED
        )
    }  # applied meanwhile by another worker: not in `locked`, skipped
    readable = [(i, o) for i, o in items if i.pk in locked and not isinstance(o, Exception)]
    if readable:
        batch = [outcome for _, outcome in readable]
        box = readable[0][0].mailbox
        lookups.prefetch(memo, box, batch, timezone.now())  # type: ignore[arg-type]
        create_people(memo, box, readable)  # type: ignore[arg-type]
    settled: list[InboundEmail] = []
    pending = _Pending(memo, settled, failures)
    for inbound, outcome in items:
        if inbound.pk not in locked:
            continue
        if isinstance(outcome, MessageRejected):
            do_quarantine(inbound.pk, outcome.reason)
            settled.append(locked[inbound.pk])
        elif isinstance(outcome, Exception):
            failures[inbound.pk] = outcome
        else:
            row = locked[inbound.pk]
            row.mailbox = inbound.mailbox
            if pending.may_be_read_by(outcome):
                pending.write()
            try:
                applied = do_apply_inbound(inbound.pk, outcome, locked=row, memo=memo, settle=False)
            except Exception as error:  # its savepoint is rolled back; the others go on
                logger.warning("Inbound email %s failed in a batch: %r", inbound.pk, error)
                failures[inbound.pk] = error
                memo.forget()
            else:
                if applied is not None and applied.new is not None:  # written later
                    pending.add(row, applied.new)
                elif applied is not None:
                    memo.remember(row, applied.message, applied.acknowledgement)
                settled.append(row)
    pending.write()
    lookups.write_rates(memo)
    _settle([row for row in settled if row.status != InboundEmail.Status.RECEIVED])
    _close_jobs([row.pk for row in settled if row.pk != own])
    return failures


class _Pending:
    """The new tickets of a batch's messages, not written yet (new_tickets.py): written
    together before a message that might read one (a reply to one of their messages, or the
    same Message-ID: a duplicate) and at the end of the batch. If writing them fails,
    their messages are left, unapplied, to their own jobs."""

    def __init__(
        self, memo: IntakeMemo, settled: list[InboundEmail], failures: dict[int, Exception]
    ) -> None:
        self.memo, self.settled, self.failures = memo, settled, failures
        self.rows: list[tuple[InboundEmail, NewTicket, list[lookups.RateKey]]] = []
        self.ids: set[str] = set()  # the Message-IDs of their messages

    def add(self, row: InboundEmail, new: NewTicket) -> None:
        self.rows.append((row, new, self.memo.count()))
        self.ids.update((new.external_id, row.message_id))

    def may_be_read_by(self, understood: Understood) -> bool:
        """Whether the message names one of them: its own Message-ID (a duplicate) or one in
        its In-Reply-To and References (a reply, threaded by them). A pending ticket has no
        number or token yet, which nobody can have been sent, so other hints never point at
        one."""
        named = (understood.parsed.message_id[:255], *understood.hints.message_ids)
        return any(message_id in self.ids for message_id in named)

    def write(self) -> None:
        rows, self.rows = self.rows, []
        self.ids.clear()
        if not rows:
            return
        try:
            with transaction.atomic():
                write_new_tickets([new for _, new, _ in rows])
        except Exception as error:  # rolled back: their messages go back to their jobs
            logger.warning("New tickets of %s messages failed in a batch: %r", len(rows), error)
            for row, _new, counted in rows:
                self.failures[row.pk] = error
                self.settled.remove(row)
                self.memo.uncount(counted)
            self.memo.forget()
            return
        for row, new, _counted in rows:
            row.ticket, row.ticket_message = new.ticket, new.message
            self.memo.remember(row, new.message, new.acknowledgement)


def _settle(rows: list[InboundEmail]) -> None:
    """One UPDATE statement run for every row (executemany): bulk_update's CASE per field
    costs more to build than the per-row statements it replaces."""
    if not rows:
        return
    connection = connections[InboundEmail.objects.db]
    quote = connection.ops.quote_name
    fields: list[Any] = [InboundEmail._meta.get_field(name) for name in SETTLED_FIELDS]
    assignments = ", ".join(f"{quote(f.column)} = %s" for f in fields)
    table, pk = quote(InboundEmail._meta.db_table), quote("id")
    sql = f"UPDATE {table} SET {assignments} WHERE {pk} = %s"  # noqa: S608 (names from the model)
    values = [
        [f.get_db_prep_save(getattr(row, f.attname), connection) for f in fields] + [row.pk]
        for row in rows
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, values)


def _close_jobs(inbound_ids: list[int]) -> None:
    """The waiting jobs of messages this batch settled: done, in the batch's transaction (they
    would only find their message settled). A job already claimed by a worker is left to it."""
    from .tasks import close_processing_jobs

    if inbound_ids:
        close_processing_jobs(inbound_ids)
