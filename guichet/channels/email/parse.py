"""Raw message bytes in, a ParsedMessage out (docs/email.md#parsing).

Transport (IMAP, SMTP, webhook) stores the raw bytes first, then calls `parse_message`; ticket
creation works from the ParsedMessage. `parse_message` raises only `MessageRejected` subclasses:
`MessageTooLarge` before parsing, `UnparseableMessage` for input with nothing readable, so a bad
message is quarantined with its reason and never blocks the ones after it.
"""

from __future__ import annotations

import re
from email.message import Message
from email.parser import BytesParser

from .assemble import assemble, normalise_newlines
from .dsn import find_delivery_report
from .envelope import read_envelope
from .errors import MessageRejected, MessageTooLarge, UnparseableMessage
from .message import DeliveryReport, ParsedMessage
from .outlook_msg import parse_outlook_msg
from .parts import POLICY, collect

DEFAULT_MAX_BYTES = 30 * 1024 * 1024
MAX_FORWARD_DEPTH = 3
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_HEADER_END = re.compile(rb"\r?\n\r?\n")
_HEADER_LINE = re.compile(rb"^[\x21-\x39\x3b-\x7e]+[ \t]*:")
_OBSOLETE_COLON = re.compile(rb"^([\x21-\x39\x3b-\x7e]+)[ \t]+:")


def check_size(raw: bytes, limit: int = DEFAULT_MAX_BYTES) -> None:
    """Raise MessageTooLarge when `raw` is over `limit` bytes."""
    if len(raw) > limit:
        raise MessageTooLarge(len(raw), limit)


def parse_message(raw: bytes, *, max_bytes: int = DEFAULT_MAX_BYTES) -> ParsedMessage:
    """Parse one raw message; see the module docstring for what it raises."""
    raw = bytes(raw)
    check_size(raw, max_bytes)
    if not raw.strip():
        raise UnparseableMessage("empty message")
    try:
        if raw.startswith(_OLE_MAGIC):
            return parse_outlook_msg(raw)
        return message_from_raw(raw)
    except MessageRejected:
        raise
    except Exception as error:  # a bug here must quarantine the message, not block the queue
        raise UnparseableMessage(f"parser error: {type(error).__name__}: {error}") from error


def message_from_raw(raw: bytes) -> ParsedMessage:
    message = _parse_mime(raw)
    if not message.keys():
        raise UnparseableMessage("no header block")
    return from_message(message, raw, depth=0)


def _parse_mime(raw: bytes) -> Message:
    """Parse with email.policy.default once the header block is repaired."""
    return BytesParser(policy=POLICY).parsebytes(repair_header_block(raw))


def repair_header_block(raw: bytes) -> bytes:
    """Undo header breakage that would make the parser take every header for body text.

    1. Drop a leading BOM, blank lines and an mbox `From ` line.
    2. `Name  : value` (obsolete RFC 822 space before the colon) becomes `Name: value`.
    3. A stray line that is neither a header nor a continuation, but has a header within the
       next three lines, is dropped; otherwise the header block ends there, as the parser
       would decide.
    """
    text = raw.lstrip(b"\xef\xbb\xbf\r\n")
    separator = _HEADER_END.search(text)
    end = separator.start() if separator else len(text)
    lines = text[:end].split(b"\n")
    kept: list[bytes] = []
    for index, line in enumerate(lines):
        if _HEADER_LINE.match(line):
            kept.append(_OBSOLETE_COLON.sub(rb"\1:", line, count=1))
        elif line[:1] in (b" ", b"\t") and kept:
            kept.append(line)
        elif (index == 0 and line.startswith(b"From ")) or any(
            _HEADER_LINE.match(following) for following in lines[index + 1 : index + 4]
        ):
            continue
        else:
            kept.extend(lines[index:])
            break
    return b"\n".join(kept) + text[end:]


def from_message(message: Message, raw: bytes, *, depth: int) -> ParsedMessage:
    """A ParsedMessage for a parsed MIME message whose bytes are `raw`."""
    collected = collect(message)
    texts = (normalise_newlines(t).strip("\n") for t in collected.texts)
    text = "\n\n".join(t for t in texts if t.strip())
    html = "\n".join(collected.htmls) if collected.htmls else None
    forwarded: tuple[ParsedMessage, ...] = ()
    if depth < MAX_FORWARD_DEPTH:
        forwarded = tuple(
            from_message(inner, data, depth=depth + 1) for inner, data in collected.messages
        )
    return assemble(
        read_envelope(message),
        raw,
        text=text,
        html=html,
        attachments=tuple(collected.attachments),
        dsn=_delivery_report(message),
        forwarded=forwarded,
        defects=tuple(dict.fromkeys(collected.defects)),
    )


def _delivery_report(message: Message) -> DeliveryReport | None:
    try:
        return find_delivery_report(message)
    except Exception:  # a broken report part still leaves a readable message
        return None
