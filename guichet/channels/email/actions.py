"""Every write of the email channel: storing raw mail, applying it to tickets, admin actions.

See docs/email.md#intake. `do_apply_inbound` runs in one transaction under a lock on the stored
message: the ticket update and the "processed" status commit together or not at all.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from guichet.audit.actions import record_event
from guichet.brands.models import Brand
from guichet.core import access
from guichet.core.errors import ActionError, NotAllowed
from guichet.jobs.enqueue import on_commit
from guichet.people.models import Contact, ContactIdentity
from guichet.tickets import workflow
from guichet.tickets.actions import add_contact_participants, check_subject
from guichet.tickets.message_actions import (
    BODY_MAX,
    add_message,
    check_attachment,
    new_attachment,
    new_message,
    notify_customer_replied,
)
from guichet.tickets.models import Attachment, Channel, Message, Status, Ticket
from guichet.tickets.uploads import CheckedUpload

from . import lookups, queries
from .autoreply import NoiseKind
from .contact_actions import (
    MAX_CC,
    copied_addresses,
    is_participant,
    resolve_contact,
    resolve_contacts,
    sender_of,
)
from .lookups import IntakeMemo
from .message import ParsedMessage, forwarded_block
from .models import BounceRecord, InboundEmail, Mailbox, OutboundEmail, SenderRate
from .new_tickets import NewTicket, write_new_tickets
from .store_actions import set_status
from .threading import Action, Decision, TicketFacts, decide

if TYPE_CHECKING:
    from .intake import Understood

logger = logging.getLogger("guichet.email")

MAX_ATTACHMENTS = 100
MAX_BOUNCE_RECIPIENTS = 50
SETTLED_STATUSES = (
    InboundEmail.Status.PROCESSED,
    InboundEmail.Status.IGNORED,
    InboundEmail.Status.HELD,
    InboundEmail.Status.QUARANTINED,
)

# --- Step 1: storing is in store_actions.py ------------------------------------------------


def do_quarantine(inbound_id: int, reason: str) -> None:
    """A message that cannot be read: kept, shown to admins, never blocking the next ones."""
    set_status(inbound_id, InboundEmail.Status.QUARANTINED, reason=reason[:2000])


# --- Step 2: applying ----------------------------------------------------------------------


@dataclass(frozen=True)
class Applied:
    status: str
    reason: str = ""
    ticket: Ticket | None = None
    message: Message | None = None
    acknowledgement: OutboundEmail | None = None
    new: NewTicket | None = None  # the ticket it opens (not yet written, in a batch)


@dataclass(frozen=True)
class Incoming:
    inbound: InboundEmail
    mailbox: Mailbox
    brand: Brand
    understood: Understood
    now: dt.datetime
    memo: IntakeMemo = field(default_factory=IntakeMemo)

    @property
    def parsed(self) -> ParsedMessage:
        return self.understood.parsed


@transaction.atomic
def do_apply_inbound(
    inbound_id: int,
    understood: Understood,
    *,
    locked: InboundEmail | None = None,
    memo: IntakeMemo | None = None,
    settle: bool = True,
) -> Applied | None:
    """Apply a parsed message to tickets; None when it was already applied.

    A batch (do_apply_batch) passes the row it has `locked` (RECEIVED, with its mailbox,
    brand and team loaded), the `memo` its messages share, and settle=False: it writes the
    rows' new status itself, all at once (`_settle`).
    """
    inbound = locked
    if inbound is None:
        inbound = (
            InboundEmail.objects.select_for_update(of=("self",))
            .select_related("mailbox__brand", "mailbox__team")
            .filter(pk=inbound_id, status=InboundEmail.Status.RECEIVED)
            .first()
        )
    if inbound is None:
        return None
    box = inbound.mailbox
    incoming = Incoming(inbound, box, box.brand, understood, timezone.now(), memo or IntakeMemo())
    applied = _apply(incoming)
    _settled(inbound, applied, understood, incoming.now)
    if settle:
        InboundEmail.objects.filter(pk=inbound.pk).update(
            **{name: getattr(inbound, name) for name in SETTLED_FIELDS}
        )
    return applied


SETTLED_FIELDS = (
    "status", "reason", "ticket", "ticket_message", "noise", "override", "processed_at"
)  # fmt: skip


def _settled(
    inbound: InboundEmail, applied: Applied, understood: Understood, now: dt.datetime
) -> None:
    inbound.status, inbound.reason = applied.status, applied.reason[:2000]
    inbound.ticket, inbound.ticket_message = applied.ticket, applied.message
    inbound.noise, inbound.override = understood.noise.kind.value, ""
    inbound.processed_at = now


def _apply(x: Incoming) -> Applied:
    if x.understood.noise.kind is NoiseKind.BOUNCE:
        return _record_bounce(x)
    sender = sender_of(x.parsed)
    if sender is None:
        return Applied(InboundEmail.Status.HELD, "no sender address")
    if queries.is_ours(sender.address, x.memo.our_addresses()):
        return Applied(InboundEmail.Status.IGNORED, "sent by one of our own mailboxes (mail loop)")
    duplicate = _already_on_a_ticket(x)
    if duplicate is not None:
        return duplicate
    if not x.inbound.override and _over_rate_limit(x, sender.address.lower()):
        limit = x.mailbox.rate_limit_per_hour
        return Applied(InboundEmail.Status.HELD, f"rate limit: over {limit} messages in an hour")
    ticket = x.inbound.ticket if x.inbound.override == "attach" else None
    if ticket is None:
        ticket = queries.find_thread_ticket(x.brand, x.understood.hints, x.memo.threads)[0]
    contact = resolve_contact(x.brand, sender, language=x.mailbox.language, memo=x.memo)
    if contact is None:
        return Applied(InboundEmail.Status.HELD, f"invalid sender address {sender.address!r}")
    return _carry_out(x, _decision(x, ticket, contact), ticket, contact)


def _decision(x: Incoming, ticket: Ticket | None, contact: Contact) -> Decision:
    facts = None
    if ticket is not None:
        participant = x.inbound.override == "attach" or is_participant(ticket, contact)
        facts = TicketFacts(ticket.status, ticket.solved_at, participant, ticket.reference)
    if x.inbound.override == "new":
        return Decision(Action.NEW_LINKED if ticket else Action.NEW, "released as a new ticket")
    return decide(
        facts,
        now=x.now,
        reopen_days=x.mailbox.reopen_days,
        hold_strangers=x.mailbox.stranger_policy == Mailbox.StrangerPolicy.HOLD,
        automatic=x.understood.noise.kind is NoiseKind.AUTO_REPLY,
    )


def _carry_out(x: Incoming, decision: Decision, ticket: Ticket | None, contact: Contact) -> Applied:
    if decision.action is Action.HOLD:
        return Applied(InboundEmail.Status.HELD, decision.reason, ticket=ticket)
    if decision.action is Action.IGNORE:
        return Applied(InboundEmail.Status.IGNORED, decision.reason, ticket=ticket)
    if decision.action in (Action.APPEND, Action.REOPEN) and ticket is not None:
        automatic = x.understood.noise.kind is NoiseKind.AUTO_REPLY
        message = _append(x, ticket, contact, automatic=automatic)
        return Applied(InboundEmail.Status.PROCESSED, decision.reason, ticket, message)
    linked = ticket if decision.action is Action.NEW_LINKED else None
    new = _new_ticket(x, contact, linked_to=linked)
    return Applied(
        InboundEmail.Status.PROCESSED, decision.reason, new.ticket, new.message,
        new.acknowledgement, new=new,
    )  # fmt: skip


def _already_on_a_ticket(x: Incoming) -> Applied | None:
    """The same message received by another mailbox of the brand is already on a ticket."""
    key = (x.brand.pk, x.parsed.message_id[:255])
    if key in x.memo.on_ticket:  # read for the whole batch
        found = [pk] if (pk := x.memo.on_ticket[key]) is not None else []
    else:
        found = list(
            Message.objects.filter(external_id=key[1], ticket__brand_id=x.brand.pk).values_list(
                "pk", flat=True
            )[:1]
        )  # a miss, the rule, reads one column
    if not found:
        return None
    message = Message.objects.select_related("ticket").get(pk=found[0])
    reason = f"already on {message.ticket.reference}"
    return Applied(InboundEmail.Status.PROCESSED, reason, message.ticket, message)


def _over_rate_limit(x: Incoming, sender: str) -> bool:
    """Count this message for (mailbox, sender, hour); True past the mailbox's limit."""
    limit = x.mailbox.rate_limit_per_hour
    if not limit:
        return False
    window = lookups.rate_window(x.now)
    key = {"mailbox": x.mailbox, "sender": sender[:254], "window_start": window}
    memo_key = (x.mailbox.pk, sender[:254], window)
    in_batch = lookups.count_in_batch(x.memo, memo_key)
    if in_batch is not None:  # read for the batch, written at its end (lookups.write_rates)
        return in_batch > limit
    x.memo.rate_rows.add(memo_key)  # written now; the next messages of a batch count on it
    if not SenderRate.objects.filter(**key).update(count=F("count") + 1):
        try:
            with transaction.atomic():
                SenderRate.objects.create(**key, count=1)
        except IntegrityError:
            SenderRate.objects.filter(**key).update(count=F("count") + 1)
        else:
            x.memo.rates[memo_key] = 1
            return limit < 1
    count = SenderRate.objects.values_list("count", flat=True).get(**key)
    x.memo.rates[memo_key] = count
    return count > limit


# --- Contacts (the others are in contact_actions.py) ---------------------------------------


def _cc_contacts(x: Incoming, author: Contact) -> list[Contact]:
    addresses = copied_addresses(x.parsed, x.memo.our_addresses())
    contacts: list[Contact] = []
    for contact in resolve_contacts(x.brand, addresses, language=x.mailbox.language, memo=x.memo):
        if contact is not None and contact.pk != author.pk and contact not in contacts:
            contacts.append(contact)
    return contacts[:MAX_CC]


# --- Tickets and messages ----------------------------------------------------------------


def _body(x: Incoming) -> str:
    """Only the new text of the message (the full original stays in the raw mail)."""
    parts = [x.understood.reply.new_text.strip()]
    parts += [forwarded_block(forwarded) for forwarded in x.parsed.forwarded]
    body = "\n\n".join(part for part in parts if part)
    body = body or x.parsed.subject.strip() or "(message sans texte)"
    if len(body) > BODY_MAX:
        body = body[: BODY_MAX - 100] + "\n\n[…] (texte complet dans le message d'origine)"
    return body


def _add_email_message(x: Incoming, ticket: Ticket, author: Contact) -> Message:
    message = add_message(
        None, ticket, kind=Message.Kind.CUSTOMER, body=_body(x), author_contact=author,
        channel=Channel.EMAIL, external_id=x.parsed.message_id[:255], at=x.now,
    )  # fmt: skip
    Attachment.objects.bulk_create(
        new_attachment(message, upload, inline=inline) for upload, inline in _files(x)
    )
    return message


def _files(x: Incoming) -> list[tuple[CheckedUpload, bool]]:
    """The attachments kept on the message (and whether shown inline); one over the
    attachment limit stays in the raw message only."""
    files = []
    for attachment in x.parsed.attachments[:MAX_ATTACHMENTS]:
        if not attachment.data:
            continue
        try:
            upload = check_attachment(attachment.filename or "attachment", attachment.data)
        except ActionError:
            continue
        files.append((upload, attachment.inline and bool(attachment.content_id)))
    return files


def _new_ticket(x: Incoming, requester: Contact, *, linked_to: Ticket | None) -> NewTicket:
    """The ticket the message opens: written at once, or later by its batch (`write_later`,
    new_tickets.py), which then fills in what writing gives (numbers, ids, acknowledgement)."""
    team = x.mailbox.team
    ticket = Ticket(
        brand=x.brand, subject=check_subject(x.parsed.subject or "(sans objet)"),
        status=Status.NEW, channel=Channel.EMAIL, requester=requester,
        language=(requester.preferred_language or x.mailbox.language)[:8],
        organisation_id=requester.organisation_id, team=team,
        tier=team.tier if team else 1, created_at=x.now, updated_at=x.now,
    )  # fmt: skip
    message = new_message(
        None, ticket, kind=Message.Kind.CUSTOMER, body=_body(x), author_contact=requester,
        channel=Channel.EMAIL, external_id=x.parsed.message_id[:255], at=x.now,
    )  # fmt: skip
    plan = NewTicket(
        ticket, message, _files(x), _cc_contacts(x, requester), x.mailbox, x.now,
        linked_to=linked_to,
        acknowledge=x.mailbox.send_acknowledgement and x.understood.noise.allows_auto_response,
        in_reply_to=x.parsed.message_id, requester_email=x.memo.emails.get(requester.pk),
    )  # fmt: skip
    if not x.memo.write_later:
        write_new_tickets([plan])
    return plan


def _append(x: Incoming, ticket: Ticket, author: Contact, *, automatic: bool) -> Message:
    """Add the message to the ticket; a person writing (not an auto-reply) reopens it."""
    ticket = Ticket.objects.select_for_update().get(pk=ticket.pk)
    message = _add_email_message(x, ticket, author)
    new_status = workflow.status_after_customer_message(ticket.status)
    if not automatic and new_status != ticket.status:
        if ticket.status == Status.SOLVED:
            ticket.reopen_count += 1
            ticket.solved_at = None
        change = {"field": "status", "old": ticket.status, "new": new_status}
        record_event(None, "ticket_updated", ticket, ticket=ticket, at=x.now, changes=[change])
        ticket.status = new_status
    ticket.updated_at = x.now
    ticket.save()
    record_event(None, "customer_replied", message, ticket=ticket, at=x.now)
    add_contact_participants(ticket, _cc_contacts(x, author))
    if ticket.assignee_id and not automatic:
        notify_customer_replied(ticket)
    return message


# --- Bounces -------------------------------------------------------------------------------


def _record_bounce(x: Incoming) -> Applied:
    """A delivery status notification: recorded on the contact and on our outgoing message."""
    report = x.understood.noise.dsn
    ids = [report.original_message_id] if report and report.original_message_id else []
    ids += list(x.understood.hints.message_ids)
    outbound = (
        OutboundEmail.objects.filter(message_id__in=ids, ticket__brand=x.brand)
        .select_related("ticket")
        .first()
        if ids
        else None
    )
    recipients = report.recipients[:MAX_BOUNCE_RECIPIENTS] if report else ()
    for recipient in recipients:
        address = recipient.final_recipient.strip().lower()[:254]
        BounceRecord.objects.create(
            identity=ContactIdentity.objects.filter(
                brand=x.brand, kind=ContactIdentity.Kind.EMAIL, value=address
            ).first(),
            address=address, outbound=outbound, inbound=x.inbound, action=recipient.action[:16],
            status=recipient.status[:16], diagnostic=recipient.diagnostic_code[:2000],
            permanent=recipient.is_permanent_failure,
        )  # fmt: skip
    permanent = [r for r in recipients if r.is_permanent_failure]
    if outbound is not None and (permanent or not recipients):
        first = permanent[0] if permanent else None
        OutboundEmail.objects.filter(pk=outbound.pk).update(
            status=OutboundEmail.Status.BOUNCED, bounced_at=x.now,
            dsn_status=first.status[:16] if first else "",
            dsn_diagnostic=first.diagnostic_code[:2000] if first else "",
        )  # fmt: skip
    reason = "delivery status notification"
    if outbound is not None:
        reason += f" for {outbound.message_id}"
    return Applied(
        InboundEmail.Status.IGNORED, reason, ticket=outbound.ticket if outbound else None
    )


# --- Admin actions -----------------------------------------------------------------------

MANAGER_ROLES = {access.ADMIN, access.SUPERVISOR}


def check_can_manage_mail(actor: Any, mailbox: Mailbox | None = None) -> None:
    """Quarantine and held mail are for admins and supervisors (of the mailbox's brand)."""
    if access.role_of(actor) not in MANAGER_ROLES:
        raise NotAllowed("Only admins and supervisors manage incoming mail.")
    if mailbox is not None:
        access.require_brand(actor, mailbox.brand_id)


@transaction.atomic
def do_retry_inbound(actor: Any, inbound: InboundEmail) -> InboundEmail:
    """Process a quarantined, held or ignored message again, from its raw bytes."""
    check_can_manage_mail(actor, inbound.mailbox)
    return _requeue(actor, inbound, override="", verb="inbound_email_retried")


@transaction.atomic
def do_release_inbound(actor: Any, inbound: InboundEmail, *, mode: str) -> InboundEmail:
    """A held message, released: on the ticket it pointed at ("attach") or a new one ("new")."""
    check_can_manage_mail(actor, inbound.mailbox)
    if inbound.status != InboundEmail.Status.HELD:
        raise ActionError("Only held messages can be released.", code="not_held")
    if mode not in ("attach", "new"):
        raise ActionError("mode must be attach or new.", field="mode")
    if mode == "attach" and inbound.ticket_id is None:
        raise ActionError("This message points at no ticket.", field="mode")
    return _requeue(actor, inbound, override=mode, verb="inbound_email_released")


def _requeue(actor: Any, inbound: InboundEmail, *, override: str, verb: str) -> InboundEmail:
    from .tasks import process_inbound_email

    inbound = InboundEmail.objects.select_for_update(of=("self",)).get(pk=inbound.pk)
    if inbound.status in (InboundEmail.Status.RECEIVED, InboundEmail.Status.PROCESSED):
        raise ActionError("This message is already processed or queued.", code="not_retryable")
    if inbound.truncated:
        raise ActionError(
            "Only the headers of this message were kept (over the size limit).",
            code="truncated",
        )
    old = inbound.status
    inbound.status, inbound.override, inbound.reason = InboundEmail.Status.RECEIVED, override, ""
    inbound.processed_at = None
    inbound.save(update_fields=["status", "override", "reason", "processed_at", "updated_at"])
    changes = [{"field": "status", "old": old, "new": inbound.status}]
    record_event(actor, verb, inbound, changes=changes, data={"override": override})
    on_commit(process_inbound_email, inbound.pk)
    return inbound
