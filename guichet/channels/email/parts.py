"""Walking a MIME tree into bodies, attachments and forwarded messages (docs/email.md#mime).

1. multipart/alternative: each alternative is walked on its own; the last one with text gives
   the text body, the last one with HTML gives the HTML body (RFC 2046: last is best).
2. Other multiparts (mixed, related, signed, report, unknown): children in order.
3. A text/plain or text/html leaf that is not an attachment is body; several are joined.
4. message/rfc822: kept as a .eml attachment, and walked as a forwarded message.
5. Everything else is an attachment, its type sniffed from the bytes.
"""

from __future__ import annotations

import binascii
import quopri
import re
from dataclasses import dataclass, field
from email import policy
from email.message import Message
from email.parser import BytesParser

from .charsets import decode_text
from .headers import decode_header_text, unescape_raw, unfold
from .message import Attachment
from .policy import CachingPolicy
from .sniff import extension_for, normalise_type, sniff_content_type

POLICY = CachingPolicy()
MAX_DEPTH = 40  # MIME nesting deeper than this is not walked (the raw bytes are kept)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.()-]+)""", re.I)
# "--boundary" on its own line, followed by a header line: a part's start.
_BOUNDARY_LINE = re.compile(rb"(?m)^--([!-~]{1,70}?)[ \t]*\r?\n[A-Za-z-]+:")
_STDLIB_DECODES = {"base64", "quoted-printable", "x-uuencode", "uuencode", "uue", "x-uue"}
_UNQUOTED_NAME = re.compile(r"""(?i)(?:^|;)\s*(?:file)?name\s*=\s*([^"';\s][^;]*)""")
_NOT_BASE64 = re.compile(rb"[^A-Za-z0-9+/]")
_UNSAFE_FILENAME = re.compile(r"[\x00-\x1f\x7f/\\]")


@dataclass
class Collected:
    texts: list[str] = field(default_factory=list)
    htmls: list[str] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    messages: list[tuple[Message, bytes]] = field(default_factory=list)  # forwarded, raw
    defects: list[str] = field(default_factory=list)


def collect(message: Message) -> Collected:
    collected = Collected()
    _walk(message, collected, 0)
    return collected


def _walk(part: Message, into: Collected, depth: int) -> None:
    into.defects.extend(type(defect).__name__ for defect in getattr(part, "defects", ()))
    if depth > MAX_DEPTH:
        into.defects.append("NestingTooDeep")
        return
    content_type = part.get_content_type()
    payload = part.get_payload()
    if content_type == "message/rfc822" and (embedded := _embedded_message(part)) is not None:
        _keep_forwarded(part, embedded[0], embedded[1], into)
    elif content_type.startswith("message/") and isinstance(payload, list):
        # delivery-status, disposition-notification...: kept whole, as a text attachment
        into.attachments.append(make_attachment(part, payload_bytes(part), len(into.attachments)))
    elif part.is_multipart() and isinstance(payload, list):
        children = [child for child in payload if isinstance(child, Message)]
        if content_type == "multipart/alternative":
            _walk_alternative(children, into, depth)
        else:
            for child in children:
                _walk(child, into, depth + 1)
    elif content_type.startswith("multipart/") and (recovered := recover_multipart(part)):
        for child in recovered:
            _walk(child, into, depth + 1)
    elif _is_body(part, content_type):
        data = payload_bytes(part)
        text = decode_text(data, _charset(part, content_type, data))
        (into.htmls if content_type == "text/html" else into.texts).append(text)
    else:
        into.attachments.append(make_attachment(part, payload_bytes(part), len(into.attachments)))


def _first_message(payload: object) -> Message | None:
    if isinstance(payload, list) and payload and isinstance(payload[0], Message):
        return payload[0]
    return None


def _embedded_message(part: Message) -> tuple[Message, bytes] | None:
    """The message inside a message/rfc822 part, and its bytes, even when base64-encoded."""
    payload = part.get_payload()
    inner = _first_message(payload)
    encoding = _transfer_encoding(part)
    if inner is not None and encoding == "identity":
        return inner, message_bytes(inner)
    if inner is not None:  # the stdlib took the encoded text for a message without headers
        data = _decode_transfer(message_bytes(inner), encoding)
    else:
        data = payload_bytes(part)
    parsed = BytesParser(policy=POLICY).parsebytes(data) if data.strip() else None
    return (parsed, data) if parsed is not None and parsed.keys() else None


def recover_multipart(part: Message) -> list[Message]:
    """Children of a multipart whose declared boundary never occurs, found by the one used."""
    payload = part.get_payload()
    if not isinstance(payload, str):
        return []
    text = payload.encode("utf-8", "surrogateescape")
    match = _BOUNDARY_LINE.search(text[:65536])
    if match is None:
        return []
    boundary = match.group(1).decode("ascii", "replace")
    header = f'Content-Type: multipart/mixed; boundary="{boundary}"\n\n'.encode()
    rebuilt = BytesParser(policy=POLICY).parsebytes(header + text)
    children = rebuilt.get_payload() if rebuilt.is_multipart() else []
    return [child for child in children if isinstance(child, Message)]


def _walk_alternative(children: list[Message], into: Collected, depth: int) -> None:
    text: list[str] = []
    html: list[str] = []
    for child in children:
        alternative = Collected()
        _walk(child, alternative, depth + 1)
        if alternative.texts:
            text = alternative.texts
        if alternative.htmls:
            html = alternative.htmls
        into.attachments.extend(alternative.attachments)
        into.messages.extend(alternative.messages)
        into.defects.extend(alternative.defects)
    into.texts.extend(text)
    into.htmls.extend(html)


def _is_body(part: Message, content_type: str) -> bool:
    if content_type.startswith("multipart/"):  # a multipart whose boundary was never found
        return True
    if content_type not in ("text/plain", "text/html"):
        return False
    return _disposition(part) != "attachment" and not filename_of(part)


def _disposition(part: Message) -> str:
    try:
        value = part.get_content_disposition()
    except Exception:  # a header the stdlib cannot parse means no usable disposition
        return ""
    return (value or "").lower()


def _charset(part: Message, content_type: str, data: bytes) -> str | None:
    """The declared charset; for HTML without one, a <meta> charset in `data` (the body)."""
    try:
        charset = part.get_param("charset")
    except Exception:  # malformed parameters
        charset = None
    if isinstance(charset, tuple):  # RFC 2231 form: (charset, language, value)
        charset = charset[2]
    if not charset and content_type == "text/html":
        match = _META_CHARSET.search(data[:4096])
        return match.group(1).decode("ascii", "replace") if match else None
    return str(charset) if charset else None


def payload_bytes(part: Message) -> bytes:
    """The decoded bytes of a leaf part; an unknown transfer encoding leaves them as they are."""
    payload = part.get_payload()
    if isinstance(payload, list):
        return b"\n".join(message_bytes(child) for child in payload if isinstance(child, Message))
    # get_payload(decode=True) gives the raw bytes for any encoding but the three it knows.
    data = part.get_payload(decode=True)
    data = data if isinstance(data, bytes) else b""
    if _stdlib_transfer_encoding(part) in _STDLIB_DECODES:
        return data
    return _decode_transfer(data, _transfer_encoding(part))


def _decode_transfer(data: bytes, encoding: str) -> bytes:
    """Lenient base64 (junk skipped, padding fixed) and quoted-printable; others as they are."""
    if encoding == "base64":
        compact = _NOT_BASE64.sub(b"", data)
        compact = compact[: len(compact) - len(compact) % 4] if len(compact) % 4 == 1 else compact
        try:
            return binascii.a2b_base64(compact + b"=" * (-len(compact) % 4))
        except (binascii.Error, ValueError):
            return data
    if encoding == "quoted-printable":
        return quopri.decodestring(data)
    return data


def _stdlib_transfer_encoding(part: Message) -> str:
    try:
        return str(part.get("content-transfer-encoding", "")).lower()
    except Exception:  # an unparseable header: our own reading below decides
        return ""


def _transfer_encoding(part: Message) -> str:
    values = [v for k, v in part.raw_items() if k.lower() == "content-transfer-encoding"]
    value = unfold(str(values[-1])).strip().strip("\"';").lower() if values else ""
    if "base64" in value:
        return "base64"
    if "quoted" in value:
        return "quoted-printable"
    return "identity"


def message_bytes(message: Message) -> bytes:
    """An embedded message as bytes, its headers written back as they came."""
    try:
        return message.as_bytes(policy=policy.compat32)
    except Exception:  # the generator can choke on headers the parser accepted
        try:
            return message.as_string(policy=policy.compat32).encode("utf-8", "surrogateescape")
        except Exception:  # give up on re-serialising; the outer raw bytes still hold it
            return b""


def _keep_forwarded(part: Message, inner: Message, data: bytes, into: Collected) -> None:
    subject = decode_header_text(str(inner.get("subject", "") or ""))
    name = filename_of(part) or f"{safe_filename(subject)[:100] or 'message'}.eml"
    into.attachments.append(
        Attachment(
            filename=safe_filename(name),
            content_type="message/rfc822",
            data=data,
            declared_content_type="message/rfc822",
            content_id=content_id_of(part),
            inline=_disposition(part) == "inline",
        )
    )
    into.messages.append((inner, data))


def make_attachment(part: Message, data: bytes, index: int) -> Attachment:
    declared = normalise_type(_raw_header(part, "content-type"))
    name = filename_of(part)
    content_type = sniff_content_type(data, declared, name)
    content_id = content_id_of(part)
    disposition = _disposition(part)
    inline = disposition == "inline" or (content_id is not None and disposition != "attachment")
    if not name:
        name = f"attachment-{index + 1}{extension_for(content_type)}"
    return Attachment(
        filename=name,
        content_type=content_type,
        data=data,
        declared_content_type=declared,
        content_id=content_id,
        inline=inline,
    )


def filename_of(part: Message) -> str:
    """The attachment's name: RFC 2231 (`filename*=`), RFC 2047 in quotes, or Content-Type name."""
    try:
        name = part.get_filename() or part.get_param("name")
    except Exception:  # unparseable parameters or an unknown RFC 2231 charset
        name = None
    if isinstance(name, tuple):
        name = name[2]
    name = unescape_raw(str(name or ""))
    unquoted = _unquoted_name(part)
    if unquoted.startswith(name) and len(unquoted) > len(name):
        # `name=This is a test.txt` (the stdlib stops at the space) or `name==?utf-8?b?...?=`
        # (which policy.default drops as an invalid token)
        name = unquoted
    return safe_filename(decode_header_text(name)) if name else ""


def _unquoted_name(part: Message) -> str:
    for header in ("content-disposition", "content-type"):
        match = _UNQUOTED_NAME.search(unfold(_raw_header(part, header)))
        if match:
            return match.group(1).strip()
    return ""


def safe_filename(name: str) -> str:
    """No path, no control characters, at most 255 characters."""
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = _UNSAFE_FILENAME.sub("", name).strip().strip(".")
    return name[-255:]


def content_id_of(part: Message) -> str | None:
    value = _raw_header(part, "content-id")
    cleaned = unfold(value).strip().strip("<>").strip()
    return cleaned or None


def _raw_header(part: Message, name: str) -> str:
    for key, value in part.raw_items():
        if key.lower() == name:
            return unescape_raw(str(value))
    return ""
