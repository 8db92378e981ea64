"""Step 1 of intake: raw mail stored and committed with its processing job (docs/email.md#intake).

`do_store_inbound` stores one message (SMTP delivery, webhook, upload); `do_store_many` stores
the messages of one IMAP fetch in one transaction. Either way a message is stored once per
(mailbox, dedupe_key), and its `process_inbound_email` job commits with it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from guichet.jobs.enqueue import batched_enqueues, on_commit

from .models import InboundEmail, InboundRaw, Mailbox


@dataclass(frozen=True)
class ToStore:
    """One message ready to store: its bytes and what the store step read from its headers."""

    raw: bytes
    sha256: str
    dedupe_key: str
    message_id: str
    subject: str
    sender: str
    size: int
    truncated: bool
    envelope_from: str = ""
    envelope_to: Sequence[str] = field(default_factory=tuple)
    imap_uid: int | None = None
    imap_uidvalidity: int | None = None

    def row(self, mailbox: Mailbox, via: str, now: Any) -> InboundEmail:
        return InboundEmail(
            mailbox=mailbox, received_via=via, size=self.size,
            truncated=self.truncated, sha256=self.sha256, message_id=self.message_id,
            dedupe_key=self.dedupe_key, subject=self.subject, sender=self.sender,
            envelope_from=self.envelope_from[:254], envelope_to=list(self.envelope_to)[:50],
            imap_uid=self.imap_uid, imap_uidvalidity=self.imap_uidvalidity, received_at=now,
        )  # fmt: skip


@transaction.atomic
def do_store_inbound(mailbox: Mailbox, item: ToStore, *, via: str) -> tuple[InboundEmail, bool]:
    """Store one raw message and enqueue its processing, once per (mailbox, dedupe_key)."""
    _raise_last_uid(mailbox, [item])
    try:  # new mail is the rule: insert, and read what was there only on a conflict
        with transaction.atomic():
            inbound = item.row(mailbox, via, timezone.now())
            inbound.save(force_insert=True)
            InboundRaw.objects.create(inbound=inbound, data=item.raw)
    except IntegrityError:  # stored before (or at the same moment) by another path
        existing = InboundEmail.objects.get(mailbox=mailbox, dedupe_key=item.dedupe_key)
    else:
        _after_store(inbound, mailbox)
        return inbound, True
    _remember_uid(existing, item)
    return existing, False


@transaction.atomic
def do_store_many(
    mailbox: Mailbox, items: Sequence[ToStore], *, via: str
) -> list[tuple[InboundEmail, bool]]:
    """`do_store_inbound` for each item, in one transaction: the stored rows in order, and
    whether each was new. What was stored before is read in one query, the new rows are
    written by one INSERT and their jobs by another. If another path stores one of them at
    the same moment, the insert fails as a whole and they are stored one at a time."""
    _raise_last_uid(mailbox, items)
    found = stored_before(mailbox, {item.dedupe_key for item in items})
    new: dict[str, InboundEmail] = {}
    raws: list[bytes] = []
    now = timezone.now()
    for item in items:
        if item.dedupe_key not in found and item.dedupe_key not in new:
            new[item.dedupe_key] = item.row(mailbox, via, now)
            raws.append(item.raw)
    if new:
        try:
            with transaction.atomic(), batched_enqueues():
                InboundEmail.objects.bulk_create(list(new.values()))
                InboundRaw.objects.bulk_create(
                    InboundRaw(inbound=row, data=raw)
                    for row, raw in zip(new.values(), raws, strict=True)
                )
                for inbound in new.values():
                    _after_store(inbound, mailbox)
        except IntegrityError:
            return [do_store_inbound(mailbox, item, via=via) for item in items]
    stored: list[tuple[InboundEmail, bool]] = []
    returned: set[str] = set()
    for item in items:
        key = item.dedupe_key
        if key in new and key not in returned:
            returned.add(key)
            stored.append((new[key], True))
            continue
        existing = found[key] if key in found else new[key]  # a copy of one stored earlier
        _remember_uid(existing, item)
        stored.append((existing, False))
    return stored


def stored_before(mailbox: Mailbox, keys: set[str]) -> dict[str, InboundEmail]:
    """The rows of the mailbox already stored under these keys."""
    rows = InboundEmail.objects.filter(mailbox=mailbox, dedupe_key__in=keys)
    return {row.dedupe_key: row for row in rows}


def _raise_last_uid(mailbox: Mailbox, items: Sequence[ToStore]) -> None:
    uids = [item.imap_uid for item in items if item.imap_uid is not None]
    if uids:
        Mailbox.objects.filter(pk=mailbox.pk, imap_last_uid__lt=max(uids)).update(
            imap_last_uid=max(uids)
        )


def _remember_uid(inbound: InboundEmail, item: ToStore) -> None:
    """Another IMAP copy of a stored message: settled (seen...) with it once it is applied."""
    uid, uidvalidity = item.imap_uid, item.imap_uidvalidity
    if uid is None or inbound.imap_settled:
        return
    if inbound.imap_uid is None or inbound.imap_uidvalidity != uidvalidity:
        inbound.imap_uid, inbound.imap_uidvalidity = uid, uidvalidity
        inbound.imap_duplicate_uids = []
    elif uid != inbound.imap_uid and uid not in inbound.imap_duplicate_uids:
        inbound.imap_duplicate_uids = [*inbound.imap_duplicate_uids, uid][-100:]
    else:
        return
    inbound.save(
        update_fields=["imap_uid", "imap_uidvalidity", "imap_duplicate_uids", "updated_at"]
    )


def _after_store(inbound: InboundEmail, mailbox: Mailbox) -> None:
    from .tasks import process_inbound_email

    if inbound.truncated:
        reason = f"message is {inbound.size} bytes, over the limit of {mailbox.max_bytes} bytes"
        set_status(inbound.pk, InboundEmail.Status.QUARANTINED, reason=reason)
        inbound.status, inbound.reason = InboundEmail.Status.QUARANTINED, reason
    else:
        on_commit(process_inbound_email, inbound.pk)


def set_status(inbound_id: int, status: str, **fields: Any) -> int:
    """The message's final status, if it has none yet (RECEIVED)."""
    fields.setdefault("processed_at", timezone.now())
    return InboundEmail.objects.filter(pk=inbound_id, status=InboundEmail.Status.RECEIVED).update(
        status=status, **fields
    )
