"""Builders for the intake, threading and outbound tests: mailboxes, raw messages, receiving."""

from __future__ import annotations

import itertools
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from typing import Any

from django.utils import timezone

from guichet.brands.models import Brand
from guichet.channels.email import intake
from guichet.channels.email.models import InboundEmail, Mailbox
from guichet.core.tests import factories

_seq = itertools.count(1)


def mailbox(brand: Brand | None = None, **kwargs: Any) -> Mailbox:
    n = next(_seq)
    kwargs.setdefault("address", f"support{n}@help{n}.example")
    kwargs.setdefault("kind", Mailbox.Kind.SMTP)
    kwargs.setdefault("send_acknowledgement", False)
    return Mailbox.objects.create(brand=brand or factories.brand(), **kwargs)


def raw_email(
    *,
    sender: str = "Alice Martin <alice@customer.example>",
    to: str = "support@help.example",
    subject: str = "L'imprimante n'imprime plus",
    body: str = "Bonjour,\n\nDepuis ce matin plus rien ne sort.\n\nAlice",
    message_id: str | None = "",
    in_reply_to: str = "",
    references: str = "",
    cc: str = "",
    html: str = "",
    headers: dict[str, str] | None = None,
    attachments: list[tuple[str, bytes, str]] = (),  # type: ignore[assignment]
) -> bytes:
    """A raw RFC 5322 message; message_id "" makes a fresh one, None leaves it out."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    if cc:
        message["Cc"] = cc
    message["Subject"] = subject
    message["Date"] = format_datetime(timezone.now())
    if message_id is not None:
        message["Message-ID"] = (
            f"<{message_id}>" if message_id else make_msgid("t", "customer.example")
        )
    if in_reply_to:
        message["In-Reply-To"] = f"<{in_reply_to}>"
    if references:
        message["References"] = references
    for name, value in (headers or {}).items():
        message[name] = value
    message.set_content(body)
    if html:
        message.add_alternative(html, subtype="html")
    for filename, data, content_type in attachments:
        maintype, subtype = content_type.split("/")
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=filename)
    return message.as_bytes()


def store(box: Mailbox, raw: bytes, **kwargs: Any) -> InboundEmail:
    kwargs.setdefault("via", InboundEmail.Via.UPLOAD)
    return intake.store(box, raw, **kwargs)[0]


def receive(box: Mailbox, raw: bytes, **kwargs: Any) -> InboundEmail:
    """Store then process at once (what the job does); the row, refreshed."""
    inbound = store(box, raw, **kwargs)
    intake.process(inbound.pk)
    inbound.refresh_from_db()
    return inbound


def message_id_of(raw: bytes) -> str:
    found = intake.peek(raw).message_id
    assert found
    return found
