"""Mail we send: public replies and acknowledgements, by a job, with retries (docs/email.md#outbound).

1. Inside the transaction that writes the reply, `enqueue_reply_email(message)` (or
   `acknowledgement` and `queue_outbound` for new tickets) records an OutboundEmail (queued)
   with a new Message-ID that carries the ticket's signed token, and enqueues the sending job.
2. The job builds a multipart text + HTML message from templates in the ticket's language, with
   In-Reply-To/References to the thread, "[TEL-1042]" in the subject and a signed Reply-To
   (support+<token>@domain), and sends it through Django's email backend (SMTP).
3. Sent: the row is marked sent. A temporary error: retried with backoff; a permanent one (5xx)
   or the last attempt: marked failed with the error. A later bounce marks it bounced.
Delivery is at least once: a worker killed between the SMTP answer and the status update sends
again on retry, with the same Message-ID, which mail clients treat as the same message.
"""

from __future__ import annotations

import logging
import smtplib
from datetime import timedelta
from email.utils import formataddr
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import F
from django.template.loader import select_template
from django.utils import timezone
from django.utils.safestring import mark_safe
from django_tasks import task

from guichet.core.sanitise import sanitise_html
from guichet.jobs.enqueue import on_commit
from guichet.jobs.retry import current_attempt, retrying
from guichet.people.models import Contact, ContactIdentity
from guichet.tickets.models import Channel, Message, Ticket, TicketParticipant

from . import tokens
from .models import InboundEmail, Mailbox, OutboundEmail
from .threading import tag_subject

logger = logging.getLogger("guichet.email")
SEND_MAX_ATTEMPTS = 6
MAX_REFERENCES = 20
LANGUAGES = ("fr", "en")


def mailbox_for(ticket: Ticket) -> Mailbox | None:
    """The mailbox the ticket's mail came in through, else the brand's first active one."""
    inbound = (
        InboundEmail.objects.filter(ticket=ticket, mailbox__active=True)
        .select_related("mailbox")
        .order_by("received_at", "pk")
        .first()
    )
    if inbound is not None:
        return inbound.mailbox
    return Mailbox.objects.filter(brand_id=ticket.brand_id, active=True).order_by("pk").first()


def email_of(contact: Contact | None) -> str:
    if contact is None:
        return ""
    value = (
        ContactIdentity.objects.filter(contact=contact, kind=ContactIdentity.Kind.EMAIL)
        .order_by("pk")
        .values_list("value", flat=True)
        .first()
    )
    return value or ""


def _threadable(external_id: str) -> bool:
    """A real Message-ID (not the hash intake keys mail without one by)."""
    return "@" in external_id and not external_id.startswith("sha256:")


def thread_ids(ticket: Ticket) -> tuple[str, list[str]]:
    """(In-Reply-To, References) for a new mail on the ticket: the customer's latest message,
    and the ids of the thread in time order (at most MAX_REFERENCES, the first one kept)."""
    dated: list[tuple[Any, str, bool]] = [
        (at, value, True)
        for at, value in Message.objects.filter(ticket=ticket, kind=Message.Kind.CUSTOMER)
        .exclude(external_id="")
        .values_list("created_at", "external_id")
        if _threadable(value)
    ]
    dated += [
        (at, value, False)
        for at, value in OutboundEmail.objects.filter(ticket=ticket).values_list(
            "created_at", "message_id"
        )
    ]
    dated.sort(key=lambda item: item[0])
    ids = list(dict.fromkeys(value for _, value, _ in dated))
    if len(ids) > MAX_REFERENCES:
        ids = ids[:1] + ids[-(MAX_REFERENCES - 1) :]
    inbound = [value for _, value, customer in dated if customer]
    in_reply_to = inbound[-1] if inbound else (ids[-1] if ids else "")
    return in_reply_to, ids


def _outbound(
    ticket: Ticket,
    mailbox: Mailbox,
    *,
    kind: str,
    to: list[str],
    cc: list[str] = (),  # type: ignore[assignment]
    message: Message | None = None,
    in_reply_to: str = "",
    thread: list[str] | None = None,
) -> OutboundEmail:
    """A new mail to send about the ticket, not saved yet."""
    if thread is None:
        last_inbound, references = thread_ids(ticket)
    else:  # a new ticket: its one customer message, no outgoing mail yet
        references = [value for value in thread if _threadable(value)][:1]
        last_inbound = references[-1] if references else ""
    in_reply_to = in_reply_to or last_inbound
    reply_to = tokens.plus_address(mailbox.address, ticket.pk) if mailbox.plus_addressing else ""
    return OutboundEmail(
        mailbox=mailbox, ticket=ticket, ticket_message=message, kind=kind,
        message_id=tokens.make_message_id(ticket.pk, mailbox.domain),
        in_reply_to=in_reply_to, references=references,
        from_address=formataddr((ticket.brand.name, mailbox.address)), reply_to=reply_to,
        to=to, cc=list(cc), subject=tag_subject(ticket.subject, ticket.reference)[:300],
        language=ticket.language if ticket.language in LANGUAGES else "fr",
    )  # fmt: skip


def enqueue_reply_email(message: Message, *, any_channel: bool = False) -> OutboundEmail | None:
    """Queue the email copy of a public reply; call it inside the transaction of the reply.

    Sent for tickets of the email channel (any channel with `any_channel`), to the requester
    with the CC'd contacts in copy, when the brand has a mailbox and the requester an address.
    """
    ticket = message.ticket
    if message.kind != Message.Kind.REPLY:
        return None
    if ticket.channel != Channel.EMAIL and not any_channel:
        return None
    mailbox = mailbox_for(ticket)
    to = email_of(ticket.requester)
    if mailbox is None or not to:
        return None
    cc = [email_of(p.contact) for p in TicketParticipant.objects.filter(
        ticket=ticket, contact__isnull=False, role=TicketParticipant.Role.CC
    ).select_related("contact")]  # fmt: skip
    cc = [address for address in dict.fromkeys(cc) if address and address != to]
    outbound = _outbound(
        ticket, mailbox, kind=OutboundEmail.Kind.REPLY, to=[to], cc=cc, message=message
    )
    outbound.save(force_insert=True)
    on_commit(send_reply_email, message.pk)
    return outbound


def acknowledgement(
    ticket: Ticket,
    mailbox: Mailbox,
    *,
    in_reply_to: str = "",
    thread: list[str] | None = None,
    to: str | None = None,
) -> OutboundEmail | None:
    """Tell the requester their request is received (never in answer to automatic mail): the
    mail, not saved yet (`queue_outbound`); None when the requester has no address.

    `thread`: the external ids of the ticket's customer messages, when the caller knows them
    (a ticket just opened by one email), instead of reading them back. `to`: the requester's
    address (`email_of`), when the caller knows it (a contact it has just created).
    """
    to = email_of(ticket.requester) if to is None else to
    if not to:
        return None
    return _outbound(
        ticket, mailbox, kind=OutboundEmail.Kind.ACKNOWLEDGEMENT, to=[to],
        in_reply_to=in_reply_to, thread=thread,
    )  # fmt: skip


def queue_outbound(rows: list[OutboundEmail]) -> None:
    """Save new mail to send (one INSERT for all) and queue its sending once committed."""
    OutboundEmail.objects.bulk_create(rows)
    for outbound in rows:
        on_commit(send_outbound_email, outbound.pk)


# --- The jobs -------------------------------------------------------------------------------


@task(queue_name="mail")
@retrying(max_attempts=SEND_MAX_ATTEMPTS, base_delay=timedelta(minutes=1))
def send_reply_email(message_id: int) -> None:
    """Send the queued email copies of public reply `message_id` (a tickets.Message id)."""
    for outbound_id in OutboundEmail.objects.filter(
        ticket_message_id=message_id,
        kind=OutboundEmail.Kind.REPLY,
        status=OutboundEmail.Status.QUEUED,
    ).values_list("pk", flat=True):
        deliver(outbound_id)


@task(queue_name="mail")
@retrying(max_attempts=SEND_MAX_ATTEMPTS, base_delay=timedelta(minutes=1))
def send_outbound_email(outbound_id: int) -> str:
    return deliver(outbound_id)


def deliver(outbound_id: int) -> str:
    """Send one queued email; its final status. Raises to be retried on temporary errors."""
    outbound = OutboundEmail.objects.select_related(
        "ticket__brand", "ticket_message__author_user", "mailbox"
    ).get(pk=outbound_id)
    if outbound.status != OutboundEmail.Status.QUEUED:
        return outbound.status
    email = build_email(outbound)
    OutboundEmail.objects.filter(pk=outbound_id).update(attempts=F("attempts") + 1)
    try:
        email.send(fail_silently=False)
    except Exception as error:
        text = f"{type(error).__name__}: {error}"[:2000]
        attempt = current_attempt()
        if is_permanent(error) or attempt is None or attempt >= SEND_MAX_ATTEMPTS:
            OutboundEmail.objects.filter(pk=outbound_id).update(
                status=OutboundEmail.Status.FAILED, last_error=text
            )
            logger.warning("Email %s failed: %s", outbound.message_id, text)
            return OutboundEmail.Status.FAILED
        OutboundEmail.objects.filter(pk=outbound_id).update(last_error=text)
        raise
    OutboundEmail.objects.filter(pk=outbound_id, status=OutboundEmail.Status.QUEUED).update(
        status=OutboundEmail.Status.SENT, sent_at=timezone.now(), last_error=""
    )
    return OutboundEmail.Status.SENT


def is_permanent(error: BaseException) -> bool:
    """A 5xx answer from the SMTP server: trying again will not help."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in error.recipients.values()]
        return bool(codes) and all(code >= 500 for code in codes)
    if isinstance(error, smtplib.SMTPResponseException):
        return error.smtp_code >= 500
    return False


# --- Building the message -------------------------------------------------------------------


def _render(name: str, extension: str, language: str, context: dict[str, Any]) -> str:
    template = select_template(
        [
            f"email_channel/mail/{name}.{language}.{extension}",
            f"email_channel/mail/{name}.fr.{extension}",
        ]
    )
    return template.render(context)


def build_email(outbound: OutboundEmail) -> EmailMultiAlternatives:
    ticket = outbound.ticket
    message = outbound.ticket_message
    context = {
        "ticket": ticket,
        "brand": ticket.brand,
        "reference": ticket.reference,
        "requester_name": ticket.requester.name,
        "body_text": message.body_text if message else "",
        "body_html": mark_safe(sanitise_html(message.body_html)) if message else "",  # noqa: S308
        "agent_name": _agent_name(message),
    }
    kind = "ack" if outbound.kind == OutboundEmail.Kind.ACKNOWLEDGEMENT else "reply"
    headers = {"Message-ID": f"<{outbound.message_id}>"}
    if outbound.in_reply_to:
        headers["In-Reply-To"] = f"<{outbound.in_reply_to}>"
    if outbound.references:
        headers["References"] = " ".join(f"<{value}>" for value in outbound.references)
    if outbound.kind == OutboundEmail.Kind.ACKNOWLEDGEMENT:
        headers["Auto-Submitted"] = "auto-replied"  # RFC 3834
        headers["X-Auto-Response-Suppress"] = "All"
    email = EmailMultiAlternatives(
        subject=outbound.subject,
        body=_render(kind, "txt", outbound.language, context),
        from_email=outbound.from_address or settings.DEFAULT_FROM_EMAIL,
        to=list(outbound.to),
        cc=list(outbound.cc),
        reply_to=[outbound.reply_to] if outbound.reply_to else None,
        headers=headers,
    )
    email.attach_alternative(_render(kind, "html", outbound.language, context), "text/html")
    if message is not None:
        for attachment in message.attachments.all():
            with attachment.file.open("rb") as handle:
                email.attach(attachment.filename, handle.read(), attachment.content_type)
    return email


def _agent_name(message: Message | None) -> str:
    user = message.author_user if message else None
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()
