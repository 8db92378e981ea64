"""Outlook .msg files (OLE compound documents) read into a ParsedMessage (docs/email.md#outlook-msg).

Some people forward a saved Outlook message, and some gateways deliver one instead of MIME. Its
MAPI properties live in streams named `__substg1.0_<property id><type>`: type 001F is UTF-16,
001E 8-bit text, 0102 binary. When the transport headers (0x007D) were kept, the envelope is
read from them exactly as for MIME; otherwise from the sender, recipient and subject properties.
"""

from __future__ import annotations

import struct
from datetime import UTC, datetime, timedelta
from email import policy
from email.parser import BytesParser

import olefile

from .assemble import assemble
from .charsets import decode_text
from .envelope import Envelope, read_envelope
from .errors import UnparseableMessage
from .headers import decode_header_text, parse_message_id, parse_message_ids
from .message import Address, Attachment, ParsedMessage
from .parts import safe_filename
from .sniff import extension_for, sniff_content_type

_TRANSPORT_HEADERS = "007D"
_SUBJECT, _BODY, _HTML, _MESSAGE_ID, _IN_REPLY_TO, _REFERENCES = (
    "0037", "1000", "1013", "1035", "1042", "1039",
)  # fmt: skip
_SENDER_NAME, _SENDER_EMAIL, _SENDER_SMTP = "0C1A", "0C1F", "5D01"
_RECIPIENT_NAME, _RECIPIENT_EMAIL, _RECIPIENT_SMTP = "3001", "3003", "39FE"
_ATTACH_LONG_NAME, _ATTACH_NAME, _ATTACH_DATA, _ATTACH_MIME, _ATTACH_CID = (
    "3707", "3704", "3701", "370E", "3712",
)  # fmt: skip
_TAG_SUBMIT_TIME, _TAG_DELIVERY_TIME = 0x00390040, 0x0E060040
_TAG_RECIPIENT_TYPE, _TAG_CODEPAGE = 0x0C150003, 0x3FDE0003
_MAX_PARTS = 500  # recipients or attachments read from one file


def parse_outlook_msg(raw: bytes) -> ParsedMessage:
    try:
        ole = olefile.OleFileIO(raw)
    except Exception as error:  # olefile raises many kinds of errors on corrupt input
        raise UnparseableMessage(f"unreadable Outlook .msg file: {error}") from error
    with ole:
        reader = _Reader(ole)
        envelope = reader.envelope()
        html_bytes = reader.binary("", _HTML)
        html = decode_text(html_bytes, reader.charset()) if html_bytes else None
        return assemble(
            envelope,
            raw,
            text=(reader.string("", _BODY) or "").replace("\r\n", "\n"),
            html=html,
            attachments=reader.attachments(),
            source_format="outlook-msg",
        )


class _Reader:
    def __init__(self, ole: olefile.OleFileIO) -> None:
        self.ole = ole
        self.properties = _properties(self.stream("__properties_version1.0"), header=32)

    def stream(self, path: str) -> bytes | None:
        if not self.ole.exists(path):
            return None
        with self.ole.openstream(path) as stream:
            return bytes(stream.read())

    def string(self, prefix: str, prop: str) -> str | None:
        data = self.stream(f"{prefix}__substg1.0_{prop}001F")
        if data is not None:
            return data.decode("utf-16-le", "replace").rstrip("\x00")
        data = self.stream(f"{prefix}__substg1.0_{prop}001E")
        return decode_text(data.rstrip(b"\x00"), self.charset()) if data is not None else None

    def binary(self, prefix: str, prop: str) -> bytes | None:
        return self.stream(f"{prefix}__substg1.0_{prop}0102")

    def charset(self) -> str:
        codepage = self.properties.get(_TAG_CODEPAGE)
        return _CODEPAGES.get(codepage, f"cp{codepage}") if codepage else "cp1252"

    def envelope(self) -> Envelope:
        headers = self.string("", _TRANSPORT_HEADERS)
        if headers and headers.strip():
            data = headers.replace("\r\n", "\n").strip("\n").encode("utf-8", "replace")
            envelope = read_envelope(BytesParser(policy=policy.default).parsebytes(data + b"\n\n"))
            if envelope.from_ is not None or envelope.subject:
                return envelope
        return self.envelope_from_properties()

    def envelope_from_properties(self) -> Envelope:
        sender = self.string("", _SENDER_SMTP) or self.string("", _SENDER_EMAIL) or ""
        recipients = self.recipients()
        return Envelope(
            message_id=parse_message_id(self.string("", _MESSAGE_ID) or ""),
            in_reply_to=parse_message_id(self.string("", _IN_REPLY_TO) or ""),
            references=parse_message_ids(self.string("", _REFERENCES) or ""),
            subject=decode_header_text(self.string("", _SUBJECT) or ""),
            from_=Address(self.string("", _SENDER_NAME) or "", sender) if "@" in sender else None,
            to=tuple(address for kind, address in recipients if kind == 1),
            cc=tuple(address for kind, address in recipients if kind == 2),
            reply_to=(),
            date=_filetime(
                self.properties.get(_TAG_SUBMIT_TIME) or self.properties.get(_TAG_DELIVERY_TIME)
            ),
            headers={},
        )

    def storages(self, kind: str) -> list[str]:
        names = {
            entry[0]
            for entry in self.ole.listdir(streams=True, storages=True)
            if entry and entry[0].startswith(f"__{kind}_version1.0_#")
        }
        return sorted(names)[:_MAX_PARTS]

    def recipients(self) -> list[tuple[int, Address]]:
        found = []
        for storage in self.storages("recip"):
            prefix = storage + "/"
            email = self.string(prefix, _RECIPIENT_SMTP) or self.string(prefix, _RECIPIENT_EMAIL)
            if not email or "@" not in email:
                continue
            properties = _properties(self.stream(prefix + "__properties_version1.0"), header=8)
            kind = properties.get(_TAG_RECIPIENT_TYPE, 1) & 0x0F
            found.append((kind, Address(self.string(prefix, _RECIPIENT_NAME) or "", email)))
        return found

    def attachments(self) -> tuple[Attachment, ...]:
        result = []
        for index, storage in enumerate(self.storages("attach")):
            prefix = storage + "/"
            data = self.binary(prefix, _ATTACH_DATA)
            if data is None:  # an embedded .msg or an OLE object: kept in the raw file only
                continue
            declared = self.string(prefix, _ATTACH_MIME) or ""
            name = self.string(prefix, _ATTACH_LONG_NAME) or self.string(prefix, _ATTACH_NAME)
            content_type = sniff_content_type(data, declared, name or "")
            content_id = (self.string(prefix, _ATTACH_CID) or "").strip("<> ") or None
            result.append(
                Attachment(
                    filename=safe_filename(name or "")
                    or f"attachment-{index + 1}{extension_for(content_type)}",
                    content_type=content_type,
                    data=data,
                    declared_content_type=declared.lower(),
                    content_id=content_id,
                    inline=content_id is not None,
                )
            )
        return tuple(result)


def _properties(data: bytes | None, *, header: int) -> dict[int, int]:
    """Fixed-size property values (16-byte entries after a header): tag -> 8-byte integer."""
    if not data:
        return {}
    values: dict[int, int] = {}
    for offset in range(header, len(data) - 15, 16):
        tag, _flags, value = struct.unpack_from("<IIQ", data, offset)
        values[tag] = value
    return values


def _filetime(value: int | None) -> datetime | None:
    """A Windows FILETIME (100 ns ticks since 1601) as an aware datetime."""
    if not value:
        return None
    try:
        return datetime(1601, 1, 1, tzinfo=UTC) + timedelta(microseconds=value // 10)
    except OverflowError:
        return None


_CODEPAGES = {
    65001: "utf-8", 20127: "ascii", 28591: "iso-8859-1", 28592: "iso-8859-2",
    28595: "iso-8859-5", 28597: "iso-8859-7", 28605: "iso-8859-15", 50220: "iso-2022-jp",
    50221: "iso-2022-jp", 50222: "iso-2022-jp", 51932: "euc-jp", 51949: "euc-kr",
    936: "gb2312", 949: "ks_c_5601-1987", 950: "big5", 932: "shift_jis", 20866: "koi8-r",
}  # fmt: skip
