"""The plain data a raw message is parsed into (docs/email.md#parsedmessage)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class Address:
    name: str
    address: str

    def __str__(self) -> str:
        return f"{self.name} <{self.address}>" if self.name else self.address


@dataclass(frozen=True)
class Attachment:
    filename: str
    content_type: str  # sniffed from the bytes where the declared type is generic or wrong
    data: bytes = field(repr=False)
    declared_content_type: str = ""
    content_id: str | None = None  # without angle brackets; `cid:<content_id>` in the HTML
    inline: bool = False

    @property
    def size(self) -> int:
        return len(self.data)


@dataclass(frozen=True)
class DeliveryRecipient:
    """One per-recipient block of an RFC 3464 delivery status notification."""

    final_recipient: str
    action: str  # failed, delayed, delivered, relayed, expanded (lower case)
    status: str  # e.g. "5.1.1"
    diagnostic_code: str = ""
    original_recipient: str = ""
    remote_mta: str = ""

    @property
    def is_permanent_failure(self) -> bool:
        return self.action == "failed" or self.status.startswith("5")


@dataclass(frozen=True)
class DeliveryReport:
    recipients: tuple[DeliveryRecipient, ...]
    reporting_mta: str = ""
    original_message_id: str | None = None
    original_subject: str = ""


@dataclass(frozen=True)
class ParsedMessage:
    """A message as Guichet sees it; the raw bytes stay the source of truth.

    `message_id` is never empty: without a Message-ID header it is "sha256:<hex of the raw bytes>"
    and `message_id_is_synthetic` is true. Message ids are stored without angle brackets.
    """

    message_id: str
    message_id_is_synthetic: bool
    in_reply_to: str | None
    references: tuple[str, ...]
    subject: str
    from_: Address | None
    to: tuple[Address, ...]
    cc: tuple[Address, ...]
    reply_to: tuple[Address, ...]
    date: datetime | None  # timezone-aware
    text_body: str  # the text part, or readable text made from the HTML part
    html_body: str | None  # as sent: sanitise before showing it
    attachments: tuple[Attachment, ...]
    headers: dict[str, str]  # headers of interest, lower-case names, decoded values
    dsn: DeliveryReport | None
    raw_size: int
    raw_sha256: str
    forwarded: tuple[ParsedMessage, ...] = ()  # message/rfc822 parts, also kept as .eml attachments
    defects: tuple[str, ...] = ()  # what the MIME parser had to repair, for admins
    source_format: str = "mime"  # or "outlook-msg" for a .msg file
    text_from_html: bool = False  # True when text_body was made from the HTML part

    @property
    def is_dsn(self) -> bool:
        return self.dsn is not None

    @property
    def readable_text(self) -> str:
        """The text, followed by the text of forwarded messages, for search and for agents."""
        parts = [self.text_body.strip()]
        for message in self.forwarded:
            parts.append(forwarded_block(message))
        return "\n\n".join(part for part in parts if part)


def forwarded_block(message: ParsedMessage) -> str:
    lines = ["---------- Forwarded message ----------"]
    if message.from_ is not None:
        lines.append(f"From: {message.from_}")
    if message.date is not None:
        lines.append(f"Date: {message.date.isoformat()}")
    if message.subject:
        lines.append(f"Subject: {message.subject}")
    if message.to:
        lines.append("To: " + ", ".join(str(address) for address in message.to))
    return "\n".join(lines) + "\n\n" + message.readable_text
