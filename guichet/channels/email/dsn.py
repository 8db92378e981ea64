"""Delivery status notifications, RFC 3464 (docs/email.md#noise).

A DSN is a multipart/report whose machine-readable part (message/delivery-status) holds one
block of per-message fields, then one block per recipient. The third part, when present, is the
original message or its headers: its Message-ID ties the bounce to the mail we sent.
"""

from __future__ import annotations

import re
from email.message import Message

from .headers import decode_header_text, parse_message_id, unescape_raw, unfold
from .message import DeliveryRecipient, DeliveryReport

_STATUS_TYPES = ("message/delivery-status", "message/global-delivery-status")
_ORIGINAL_TYPES = ("message/rfc822", "text/rfc822-headers", "message/global-headers")
_FIELD = re.compile(r"^([A-Za-z][A-Za-z0-9-]*)\s*:\s*(.*)$")
_STATUS = re.compile(r"\b([245]\.\d{1,3}\.\d{1,3})\b")


def find_delivery_report(message: Message) -> DeliveryReport | None:
    """The delivery report of a multipart/report message, or None for any other message."""
    if message.get_content_type() != "multipart/report" or not message.is_multipart():
        return None
    parts = [part for part in message.get_payload() if isinstance(part, Message)]
    status_parts = [part for part in parts if part.get_content_type() in _STATUS_TYPES]
    report_type = str(message.get_param("report-type", "") or "").lower()
    if not status_parts and report_type != "delivery-status":
        return None
    blocks = [block for part in status_parts for block in _field_blocks(part)]
    recipients = tuple(r for r in (_recipient(block) for block in blocks) if r is not None)
    per_message = next((block for block in blocks if "reporting-mta" in block), {})
    original_id, original_subject = _original(parts)
    return DeliveryReport(
        recipients=recipients,
        reporting_mta=_after_type(per_message.get("reporting-mta", "")),
        original_message_id=original_id,
        original_subject=original_subject,
    )


def _field_blocks(part: Message) -> list[dict[str, str]]:
    """The blocks of `Name: value` fields, whether the parser split them or left them as text."""
    payload = part.get_payload()
    if isinstance(payload, list):
        blocks = []
        for block in payload:
            if isinstance(block, Message):
                fields = {
                    name.lower(): unfold(unescape_raw(str(value))).strip()
                    for name, value in block.raw_items()
                }
                blocks.append(fields)
        return blocks
    data = part.get_payload(decode=True)
    text = data.decode("utf-8", "replace") if isinstance(data, bytes) else str(payload)
    return parse_field_blocks(text)


def parse_field_blocks(text: str) -> list[dict[str, str]]:
    """Blocks separated by blank lines; continuation lines are folded into the field above."""
    blocks: list[dict[str, str]] = []
    for chunk in re.split(r"\r?\n[ \t]*\r?\n", text):
        fields: dict[str, str] = {}
        last = ""
        for line in chunk.splitlines():
            match = _FIELD.match(line)
            if match and not line[:1].isspace():
                last = match.group(1).lower()
                fields.setdefault(last, match.group(2).strip())
            elif last and line.strip():
                fields[last] = f"{fields[last]} {line.strip()}"
        if fields:
            blocks.append(fields)
    return blocks


def _recipient(fields: dict[str, str]) -> DeliveryRecipient | None:
    if "final-recipient" not in fields and "action" not in fields:
        return None
    status = _STATUS.search(fields.get("status", ""))
    diagnostic = fields.get("diagnostic-code", "")
    if status is None:
        status = _STATUS.search(diagnostic)
    return DeliveryRecipient(
        final_recipient=_after_type(fields.get("final-recipient", "")),
        action=fields.get("action", "").split()[0].lower() if fields.get("action") else "",
        status=status.group(1) if status else "",
        diagnostic_code=_after_type(diagnostic),
        original_recipient=_after_type(fields.get("original-recipient", "")),
        remote_mta=_after_type(fields.get("remote-mta", "")),
    )


def _after_type(value: str) -> str:
    """`rfc822; user@example.com` -> `user@example.com` (the address-type prefix goes)."""
    _, separator, rest = value.partition(";")
    text = rest if separator else value
    return text.strip().strip("<>").strip()


def _original(parts: list[Message]) -> tuple[str | None, str]:
    for part in parts:
        if part.get_content_type() not in _ORIGINAL_TYPES:
            continue
        headers = _original_headers(part)
        if headers is None:
            continue
        return (
            parse_message_id(headers.get("message-id", "")),
            decode_header_text(headers.get("subject", "")),
        )
    return None, ""


def _original_headers(part: Message) -> dict[str, str] | None:
    payload = part.get_payload()
    if isinstance(payload, list) and payload and isinstance(payload[0], Message):
        items = list(payload[0].raw_items())
        return {name.lower(): str(value) for name, value in reversed(items)}
    data = part.get_payload(decode=True)
    if not isinstance(data, bytes):
        return None
    blocks = parse_field_blocks(data.decode("utf-8", "replace"))
    return blocks[0] if blocks else None
