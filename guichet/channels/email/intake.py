"""Raw bytes in, ticket updated: the intake pipeline (docs/email.md#intake).

1. A transport (imap.py, smtp_server.py, webhook.py) calls `store` (IMAP: `store_many` for the
   messages of one fetch; store_actions.py): the raw bytes are written and committed, keyed by
   (mailbox, Message-ID or sha256), and the `process_inbound_email` job is enqueued in the same
   transaction. Nothing is parsed before the bytes are safe.
2. The job calls `process`: parse (pure), classify noise, find the thread, then
   `actions.do_apply_inbound` updates the ticket and marks the stored message processed in one
   transaction. A crash anywhere rolls back to step 2, which runs again: nothing is lost, and
   the status check under the row lock means nothing is applied twice.
3. Only then does the IMAP poller mark the message seen (or delete or move it) on the server.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db.models import F

from guichet.jobs.retry import current_attempt

from . import actions, batch_actions, store_actions
from .autoreply import Noise, classify_noise
from .backlog_lock import backlog_lock
from .envelope import first_headers
from .errors import MessageRejected
from .headers import decode_header_text, parse_addresses, parse_message_id
from .message import ParsedMessage
from .models import InboundEmail, Mailbox
from .parse import parse_message, repair_header_block
from .parts import POLICY
from .quotes import Reply, extract_reply
from .threading import ThreadHints, thread_hints

logger = logging.getLogger("guichet.email")
_HEADER_END = re.compile(rb"\r?\n\r?\n")
_MAX_KEY = 250
PROCESS_MAX_ATTEMPTS = 5
BACKLOG_BATCH = 50  # messages applied in one transaction by one job (GUICHET_MAIL_BATCH)
BACKLOG_BYTES = 16 * 1024 * 1024  # of raw mail read into memory at once for a batch
STORE_BATCH = 100  # messages stored in one transaction by an IMAP fetch
STORE_BYTES = 16 * 1024 * 1024  # of raw mail held in memory by one fetch


@dataclass(frozen=True)
class Peek:
    """What the store step reads from the header block, without parsing the message."""

    message_id: str | None
    subject: str
    sender: str


def header_block(raw: bytes) -> bytes:
    match = _HEADER_END.search(raw)
    return raw[: match.end()] if match else raw


def peek(raw: bytes) -> Peek:
    """Message-ID, Subject and From from the header block; never raises."""
    from email.parser import BytesParser

    try:
        head = BytesParser(policy=POLICY).parsebytes(
            repair_header_block(header_block(raw)), headersonly=True
        )
        headers = first_headers(head)
        sender = next(iter(parse_addresses(headers.get("from", ""))), None)
        return Peek(
            message_id=parse_message_id(headers.get("message-id", "")),
            subject=decode_header_text(headers.get("subject", ""))[:255],
            sender=(sender.address if sender else "")[:254],
        )
    except Exception:  # a header block this broken is for process() to quarantine
        return Peek(None, "", "")


def dedupe_key(message_id: str | None, sha256: str) -> str:
    """The Message-ID, or "sha256:<hash of the raw bytes>" when there is none (as parse does)."""
    if not message_id:
        return f"sha256:{sha256}"
    if len(message_id) > _MAX_KEY:
        return (
            "message-id-sha256:" + hashlib.sha256(message_id.encode("utf-8", "replace")).hexdigest()
        )
    return message_id


def store(
    mailbox: Mailbox,
    raw: bytes,
    *,
    via: str,
    envelope_from: str = "",
    envelope_to: Iterable[str] = (),
    imap_uid: int | None = None,
    imap_uidvalidity: int | None = None,
    size: int | None = None,
) -> tuple[InboundEmail, bool]:
    """Store raw bytes durably (committed when this returns); True when they were new.

    Over the mailbox's size limit only the header block is kept and the message is
    quarantined at once. `size`: the real size when the caller only has the headers.
    """
    item = to_store(
        mailbox, raw, envelope_from=envelope_from, envelope_to=envelope_to, imap_uid=imap_uid,
        imap_uidvalidity=imap_uidvalidity, size=size,
    )  # fmt: skip
    return store_actions.do_store_inbound(mailbox, item, via=via)


def store_many(
    mailbox: Mailbox, items: Sequence[store_actions.ToStore], *, via: str
) -> list[tuple[InboundEmail, bool]]:
    """`store` for several messages (`to_store` each), committed together: one IMAP fetch."""
    return store_actions.do_store_many(mailbox, items, via=via) if items else []


def to_store(
    mailbox: Mailbox,
    raw: bytes,
    *,
    envelope_from: str = "",
    envelope_to: Iterable[str] = (),
    imap_uid: int | None = None,
    imap_uidvalidity: int | None = None,
    size: int | None = None,
) -> store_actions.ToStore:
    """What the store step keeps of raw bytes: the header block only when over the limit."""
    raw = bytes(raw)
    real_size = len(raw) if size is None else size
    truncated = real_size > mailbox.max_bytes
    if truncated:
        raw = header_block(raw)[:65536]
    sha256 = hashlib.sha256(raw).hexdigest()
    found = peek(raw)
    return store_actions.ToStore(
        raw=raw, sha256=sha256, dedupe_key=dedupe_key(found.message_id, sha256),
        message_id=(found.message_id or "")[:255], subject=found.subject, sender=found.sender,
        size=real_size, truncated=truncated, envelope_from=envelope_from,
        envelope_to=tuple(envelope_to), imap_uid=imap_uid, imap_uidvalidity=imap_uidvalidity,
    )  # fmt: skip


def store_groups(sizes: Sequence[int], *, count: int, max_bytes: int) -> list[range]:
    """Consecutive groups of messages stored together: `count` and `max_bytes` at most each
    (a message larger than `max_bytes` alone), so that a fetch holds little mail in memory."""
    groups: list[range] = []
    start = total = 0
    for index, size in enumerate(sizes):
        if index > start and (index - start == count or total + size > max_bytes):
            groups.append(range(start, index))
            start, total = index, 0
        total += size
    if start < len(sizes):
        groups.append(range(start, len(sizes)))
    return groups


# --- Step 2: the job ------------------------------------------------------------------------


def process(inbound_id: int) -> str:
    """Parse and apply one stored message; returns its final status. Safe to run again."""
    inbound = InboundEmail.objects.select_related("mailbox__brand", "raw_row").get(pk=inbound_id)
    if inbound.status != InboundEmail.Status.RECEIVED:
        return inbound.status
    InboundEmail.objects.filter(pk=inbound_id).update(attempts=F("attempts") + 1)
    try:
        parsed = parse_message(inbound.raw_bytes, max_bytes=inbound.mailbox.max_bytes)
    except MessageRejected as refused:
        actions.do_quarantine(inbound_id, refused.reason)
        return InboundEmail.Status.QUARANTINED
    try:
        actions.do_apply_inbound(inbound_id, understand(parsed, inbound))
    except Exception as error:
        if _last_attempt():
            logger.exception("Inbound email %s quarantined after an error", inbound_id)
            actions.do_quarantine(inbound_id, f"processing error: {type(error).__name__}: {error}")
            return InboundEmail.Status.QUARANTINED
        raise
    return InboundEmail.objects.values_list("status", flat=True).get(pk=inbound_id)


def backlog_batch() -> int:
    """How many messages one job applies at most: GUICHET_MAIL_BATCH, else BACKLOG_BATCH."""
    try:
        return max(1, int(os.environ.get("GUICHET_MAIL_BATCH", BACKLOG_BATCH)))
    except ValueError:
        return BACKLOG_BATCH


def process_with_backlog(
    inbound_id: int, *, batch: int | None = None, batch_bytes: int = BACKLOG_BYTES
) -> str:
    """The job: this message and, on a first attempt, the untouched backlog of its mailbox.

    1. A message already settled (applied by an earlier batch): its status, at once.
    2. On a retry (an earlier attempt failed or was killed), this message alone (`process`):
       a message that breaks things never takes a batch down twice.
    3. Otherwise, holding the mailbox's backlog lock (one job at a time per mailbox, so that
       batches are chosen and committed in arrival order), with up to `batch` - 1 more
       messages of the same mailbox that no job has tried yet (`_apply_backlog_through`).
       One that fails is rolled back alone and left to its own job (every stored message has
       one); this one's failure is raised for a retry once the others are committed.
    """
    found = InboundEmail.objects.filter(pk=inbound_id).values_list("status", "mailbox_id").first()
    if found is None:
        raise InboundEmail.DoesNotExist(f"inbound email {inbound_id}")
    status, mailbox_id = found
    attempt = current_attempt()
    if status != InboundEmail.Status.RECEIVED:
        return str(status)
    batch = backlog_batch() if batch is None else batch
    if batch <= 1 or (attempt is not None and attempt > 1):
        return process(inbound_id)
    with backlog_lock(mailbox_id):
        failure = _apply_backlog_through(inbound_id, mailbox_id, batch, batch_bytes)
    if failure is not None:
        if _last_attempt():
            logger.error("Inbound email %s quarantined after an error", inbound_id)
            text = f"processing error: {type(failure).__name__}: {failure}"
            actions.do_quarantine(inbound_id, text)
            return InboundEmail.Status.QUARANTINED
        raise failure
    return InboundEmail.objects.values_list("status", flat=True).get(pk=inbound_id)


def _apply_backlog_through(
    inbound_id: int, mailbox_id: int, batch: int, batch_bytes: int
) -> Exception | None:
    """Under the backlog lock: batches of the mailbox, oldest first, until this job's message is
    settled; its failure, if any.

    1. The message settled meanwhile (by the batch the lock waited for): nothing to do.
    2. The batch: this message and the oldest untouched ones (RECEIVED, attempts 0;
       `batch_bytes` in all), chosen now. When older untouched ones are left out, this message
       waits for the next batch: a later message is never applied before an earlier one.
    3. Their attempts are counted (committed: a crash counts), they are parsed, then applied
       in one transaction with a savepoint each (`batch_actions.do_apply_batch`).
    """
    while InboundEmail.objects.filter(pk=inbound_id, status=InboundEmail.Status.RECEIVED).exists():
        backlog, first_left = _untouched_backlog(mailbox_id, inbound_id, batch - 1, batch_bytes)
        waits = first_left is not None and first_left < inbound_id
        ids = backlog if waits else [inbound_id, *backlog]
        InboundEmail.objects.filter(pk__in=ids).update(attempts=F("attempts") + 1)
        rows = InboundEmail.objects.select_related(
            "mailbox__brand", "mailbox__team", "raw_row"
        ).filter(pk__in=ids, status=InboundEmail.Status.RECEIVED)
        items = [_read(row) for row in rows.order_by("pk")]
        failures = batch_actions.do_apply_batch(items, own=inbound_id)
        if not waits:
            return failures.get(inbound_id)
    return None


def _untouched_backlog(
    mailbox_id: int, inbound_id: int, limit: int, max_bytes: int
) -> tuple[list[int], int | None]:
    """The oldest messages no job has tried, `limit` and `max_bytes` at most (one at least),
    and the first one left out (None: none was)."""
    rows = (
        InboundEmail.objects.filter(
            mailbox_id=mailbox_id, status=InboundEmail.Status.RECEIVED, attempts=0
        )
        .exclude(pk=inbound_id)
        .order_by("pk")
        .values_list("pk", "size")[: limit + 1]
    )
    ids: list[int] = []
    total = 0
    for pk, size in rows:
        total += size
        if len(ids) == limit or (ids and total > max_bytes):
            return ids, pk
        ids.append(pk)
    return ids, None


def _read(inbound: InboundEmail) -> tuple[InboundEmail, Understood | Exception]:
    """A stored message parsed and understood (pure), or why not (MessageRejected: unreadable)."""
    try:
        parsed = parse_message(inbound.raw_bytes, max_bytes=inbound.mailbox.max_bytes)
        return inbound, understand(parsed, inbound)
    except Exception as error:  # applied (quarantined) or left to its own job by do_apply_batch
        return inbound, error


def _last_attempt() -> bool:
    """Under the worker, the last retry; called directly (tests, tools), always."""
    attempt = current_attempt()
    return attempt is None or attempt >= PROCESS_MAX_ATTEMPTS


@dataclass(frozen=True)
class Understood:
    """A parsed message and what intake made of it, before any database write."""

    parsed: ParsedMessage
    noise: Noise
    reply: Reply
    hints: ThreadHints


def understand(parsed: ParsedMessage, inbound: InboundEmail) -> Understood:
    noise = classify_noise(parsed)
    try:
        reply = extract_reply(parsed.text_body, parsed.html_body, subject=parsed.subject)
    except Exception:  # the full text is better than a stuck message
        logger.exception("extract_reply failed on inbound email %s", inbound.pk)
        reply = Reply(parsed.text_body, "", "")
    recipients = [str(address) for address in inbound.envelope_to]
    return Understood(parsed, noise, reply, thread_hints(parsed, recipients))
