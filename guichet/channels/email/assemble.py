"""The last step of parsing, shared by MIME and Outlook .msg input (docs/email.md#parsing)."""

from __future__ import annotations

import hashlib

from .envelope import Envelope
from .html_text import html_to_text
from .message import Attachment, DeliveryReport, ParsedMessage


def assemble(
    envelope: Envelope,
    raw: bytes,
    *,
    text: str,
    html: str | None,
    attachments: tuple[Attachment, ...],
    dsn: DeliveryReport | None = None,
    forwarded: tuple[ParsedMessage, ...] = (),
    defects: tuple[str, ...] = (),
    source_format: str = "mime",
) -> ParsedMessage:
    """The ParsedMessage: a synthetic id when there is none, text made from HTML when needed."""
    digest = hashlib.sha256(raw).hexdigest()
    text_from_html = not text.strip() and html is not None
    if text_from_html and html is not None:
        text = html_to_text(html)
    return ParsedMessage(
        message_id=envelope.message_id or f"sha256:{digest}",
        message_id_is_synthetic=envelope.message_id is None,
        in_reply_to=envelope.in_reply_to,
        references=envelope.references,
        subject=envelope.subject,
        from_=envelope.from_,
        to=envelope.to,
        cc=envelope.cc,
        reply_to=envelope.reply_to,
        date=envelope.date,
        text_body=text,
        html_body=html,
        attachments=attachments,
        headers=envelope.headers,
        dsn=dsn,
        raw_size=len(raw),
        raw_sha256=digest,
        forwarded=forwarded,
        defects=defects,
        source_format=source_format,
        text_from_html=text_from_html,
    )


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")
