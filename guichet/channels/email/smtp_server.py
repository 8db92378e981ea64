"""The built-in SMTP server for direct delivery (aiosmtpd; docs/email.md#smtp).

RCPT TO is accepted only for the address of an active SMTP mailbox (plus-addressing allowed:
support+<token>@...). After DATA the raw bytes are stored and committed, and only then the
server answers 250: a crash before that leaves the sender to try again, as SMTP intends.
Too large: 552 (the SIZE extension announces the limit). A storage error: 451, try later.
"""

from __future__ import annotations

import asyncio
import logging
import ssl
from collections.abc import Callable
from typing import Any, TypeVar

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session
from asgiref.sync import sync_to_async
from django.db import connections
from django.db.models import Max

from . import intake
from .models import DEFAULT_MAX_BYTES, InboundEmail, Mailbox
from .tokens import split_plus

logger = logging.getLogger("guichet.email")
T = TypeVar("T")


def mailbox_for_recipient(address: str) -> Mailbox | None:
    base, _tag = split_plus(address)
    return Mailbox.objects.filter(address=base, active=True, kind=Mailbox.Kind.SMTP).first()


def size_limit() -> int:
    """The largest limit of the SMTP mailboxes (each one's own limit is checked after DATA)."""
    limit = Mailbox.objects.filter(active=True, kind=Mailbox.Kind.SMTP).aggregate(
        m=Max("max_bytes")
    )["m"]
    return int(limit or DEFAULT_MAX_BYTES)


def store_delivery(raw: bytes, mail_from: str, recipients: list[str]) -> list[InboundEmail]:
    """Store one delivered message once per mailbox among its recipients."""
    stored: list[InboundEmail] = []
    by_mailbox: dict[int, tuple[Mailbox, list[str]]] = {}
    for address in recipients:
        mailbox = mailbox_for_recipient(address)
        if mailbox is not None:
            by_mailbox.setdefault(mailbox.pk, (mailbox, []))[1].append(address)
    for mailbox, addresses in by_mailbox.values():
        inbound, _created = intake.store(
            mailbox, raw, via=InboundEmail.Via.SMTP, envelope_from=mail_from,
            envelope_to=addresses,
        )  # fmt: skip
        stored.append(inbound)
    return stored


async def _in_thread(function: Callable[..., T], *args: Any) -> T:
    """Run database code outside the event loop, in a worker thread that keeps no connection."""

    def call() -> T:
        try:
            return function(*args)
        finally:
            connections.close_all()

    return await sync_to_async(call, thread_sensitive=False)()


class IntakeHandler:
    """aiosmtpd handler: accept our mailboxes' addresses, store, then answer."""

    async def handle_RCPT(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: list
    ) -> str:
        mailbox = await _in_thread(mailbox_for_recipient, address)
        if mailbox is None:
            return "550 5.1.1 No such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        raw = envelope.original_content or b""
        if isinstance(raw, str):
            raw = raw.encode("utf-8", "surrogateescape")
        mailboxes = await _in_thread(_mailboxes, list(envelope.rcpt_tos))
        if any(len(raw) > mailbox.max_bytes for mailbox in mailboxes):
            return "552 5.3.4 Message too big for this mailbox"
        try:
            await _in_thread(store_delivery, raw, envelope.mail_from or "", envelope.rcpt_tos)
        except Exception:
            logger.exception("Storing a message delivered by SMTP failed")
            return "451 4.3.0 Temporary failure, please try again later"
        return "250 2.0.0 Stored"


def _mailboxes(recipients: list[str]) -> list[Mailbox]:
    found = (mailbox_for_recipient(address) for address in recipients)
    return [mailbox for mailbox in found if mailbox is not None]


class IntakeController(Controller):
    """An aiosmtpd server on `hostname:port` in a background thread; `tls` enables STARTTLS."""

    def __init__(
        self,
        hostname: str = "127.0.0.1",
        port: int = 2525,
        *,
        data_size_limit: int | None = None,
        tls: ssl.SSLContext | None = None,
        server_hostname: str | None = None,
    ) -> None:
        super().__init__(
            IntakeHandler(),
            hostname=hostname,
            port=port,
            server_hostname=server_hostname,
            data_size_limit=data_size_limit or size_limit(),
            decode_data=False,
            tls_context=tls,
            require_starttls=False,
            ident="Guichet",
        )


def run_forever(controller: IntakeController) -> None:
    controller.start()
    try:
        asyncio.run(_wait_forever())
    finally:
        controller.stop()


async def _wait_forever() -> None:
    await asyncio.Event().wait()
