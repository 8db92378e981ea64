"""Lenient header decoding: RFC 2047 words, addresses, dates, message ids (docs/email.md#headers).

Values come from `Message.raw_items()`, as the parser stored them: undeclared 8-bit bytes are
surrogate escapes there. Each function takes such a raw value and never raises.
"""

from __future__ import annotations

import base64
import binascii
import re
from datetime import UTC, datetime
from email import policy
from email.utils import parsedate_to_datetime

from .charsets import decode_text, decode_undeclared
from .message import Address

# An encoded word, leniently: spaces inside the text and a missing language tag are tolerated.
_ENCODED_WORD = re.compile(r"=\?([^?\s]+)\?([bBqQ])\?([^?]*)\?=")
_SURROGATE = re.compile("[\udc80-\udcff]")
_FOLD = re.compile(r"\r?\n[ \t]*|\r")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_ANGLE_ID = re.compile(r"<([^<>]*)>")
_ADDR_SPEC = re.compile(r"[^\s<>()\[\]\",;:@]+@[^\s<>()\[\]\",;:@]+")
_BETWEEN_WORDS = re.compile(r"\?=\s+(?==\?)")
_LOCAL_NAME = re.compile(r"^[A-Za-z0-9._%+-]+$")  # MAILER-DAEMON, postmaster
# A plain address item for _addresses_simple: dot-atom@domain, bare or after a phrase of
# atoms or a quoted string without escapes (printable ASCII only), then a comma or the end.
_ATOM = r"[A-Za-z0-9!#$%&'*+/^_`{|}~-]+"  # atext less "=" and "?" (no encoded words)
_ADDR = rf"{_ATOM}(?:\.{_ATOM})*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"
_SIMPLE_ITEM = re.compile(
    rf"[ \t]*(?:({_ADDR})|(?:({_ATOM}(?: {_ATOM})*)|\"([ !#-\[\]-~]*)\")? ?<({_ADDR})>)"
    r"[ \t]*(?:,(?=[ \t]*\S)|$)"
)
_MAX_ADDRESS_HEADER = 16_384  # the stdlib address parser is slow on pathological input
_MAX_IDS = 200


def unescape_raw(value: str, hint: str | None = None) -> str:
    """Turn surrogate-escaped 8-bit bytes back into text (UTF-8, the `hint` charset, cp1252)."""
    if not _SURROGATE.search(value):
        return value
    return decode_undeclared(value.encode("utf-8", "surrogateescape"), hint)


def unfold(value: str) -> str:
    return _FOLD.sub(" ", value)


def decode_words(value: str) -> str:
    """Decode RFC 2047 encoded words anywhere in `value`, joining adjacent ones (RFC 2047 6.2).

    Adjacent words in the same charset are decoded together, so a multi-byte character split
    across two words survives. Unknown charsets and broken base64 degrade, never raise.
    """
    value = unfold(unescape_raw(value))
    pieces: list[tuple[str | None, str | bytes]] = []
    position = 0
    for match in _ENCODED_WORD.finditer(value):
        between = value[position : match.start()]
        previous_is_word = bool(pieces) and pieces[-1][0] is not None
        if between and not (previous_is_word and not between.strip()):
            pieces.append((None, between))
        charset = match.group(1).split("*", 1)[0]
        data = _decode_word(match.group(2), match.group(3))
        if pieces and pieces[-1][0] is not None and pieces[-1][0].lower() == charset.lower():
            previous = pieces[-1][1]
            assert isinstance(previous, bytes)
            pieces[-1] = (charset, previous + data)
        else:
            pieces.append((charset, data))
        position = match.end()
    pieces.append((None, value[position:]))
    return "".join(
        decode_text(text, charset) if isinstance(text, bytes) else text for charset, text in pieces
    )


def decode_header_text(value: str) -> str:
    """A header meant for people (Subject, display names): decoded, unfolded, no control chars."""
    text = _CONTROL.sub("", decode_words(value))
    return re.sub(r"\s+", " ", text).strip()


def _decode_word(encoding: str, text: str) -> bytes:
    if encoding in "bB":
        compact = re.sub(r"[^A-Za-z0-9+/]", "", text)
        if len(compact) % 4 == 1:
            compact = compact[:-1]
        try:
            return base64.b64decode(compact + "=" * (-len(compact) % 4))
        except (binascii.Error, ValueError):
            return text.encode("ascii", "replace")
    raw = text.replace("_", " ").encode("utf-8", "surrogateescape")
    return re.sub(rb"=([0-9A-Fa-f]{2})", lambda m: bytes([int(m.group(1), 16)]), raw)


def parse_addresses(value: str) -> tuple[Address, ...]:
    """Addresses from a To/From/Cc-style header; groups are flattened, junk is skipped."""
    text = unfold(unescape_raw(value)).strip()
    if not text:
        return ()
    found = _addresses_simple(text)  # most headers: what the stdlib would give, 20x faster
    if found is None:
        text = _BETWEEN_WORDS.sub("?=", text)  # the stdlib keeps spaces between encoded words
        found = _addresses_stdlib(text) if len(text) <= _MAX_ADDRESS_HEADER else None
    if found is None or (not found and "@" in text):
        found = _addresses_fallback(text)
    seen: set[str] = set()
    result: list[Address] = []
    for name, address in found:
        address = address.strip().strip("<>").strip()
        if not _plausible(address) or address.lower() in seen:
            continue
        seen.add(address.lower())
        result.append(Address(name=decode_header_text(name)[:256], address=address))
    return tuple(result)


def _addresses_simple(text: str) -> list[tuple[str, str]] | None:
    """The addresses of a header made only of plain ASCII items (`a@b.c`, `Name <a@b.c>`,
    `"Last, First" <a@b.c>`), comma-separated; None for anything else (encoded words,
    comments, groups, routes, odd spacing...), left to the stdlib parser."""
    if "=?" in text:
        return None
    pairs: list[tuple[str, str]] = []
    position = 0
    while position < len(text):
        match = _SIMPLE_ITEM.match(text, position)
        if match is None:
            return None
        bare, phrase, quoted, angled = match.groups()
        pairs.append((phrase or quoted or "", bare or angled))
        position = match.end()
    return pairs or None


def _addresses_stdlib(text: str) -> list[tuple[str, str]] | None:
    try:
        header = policy.default.header_factory("to", text)
        pairs = [(a.display_name, a.addr_spec) for a in header.addresses]  # type: ignore[attr-defined]
    except Exception:  # the stdlib parser has known crashes on hostile input; fall back
        return None
    return pairs if all(_plausible(address) for _, address in pairs) else None


def _plausible(address: str) -> bool:
    """One `@` and no spaces; or a bare local name such as MAILER-DAEMON."""
    return bool(address) and not re.search(r"\s", address) and address.count("@") <= 1


def _addresses_fallback(text: str) -> list[tuple[str, str]]:
    """Comma-separated chunks, each with its first addr-spec; the rest of the chunk is the name."""
    pairs: list[tuple[str, str]] = []
    for chunk in re.split(r",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)", text):
        match = _ADDR_SPEC.search(chunk)
        if match is None:
            continue
        name = (chunk[: match.start()] + chunk[match.end() :]).replace("<>", "")
        pairs.append((name.strip().strip("\"'").strip(), match.group(0)))
    if pairs:
        return pairs
    bare = text.strip().strip("<>")
    return [("", bare)] if _LOCAL_NAME.match(bare) else []


def parse_message_ids(value: str) -> tuple[str, ...]:
    """Message ids without angle brackets, in order, deduplicated (In-Reply-To, References)."""
    text = unfold(unescape_raw(value))
    ids = [re.sub(r"\s+|\([^()]*\)", "", found) for found in _ANGLE_ID.findall(text)]
    if not ids:
        ids = [token.strip("<>,;") for token in text.split() if "@" in token]
    result: list[str] = []
    for message_id in ids:
        if message_id and message_id not in result and len(message_id) <= 998:
            result.append(message_id)
    return tuple(result[-_MAX_IDS:])


def parse_message_id(value: str) -> str | None:
    ids = parse_message_ids(value)
    if ids:
        return ids[0]
    bare = unfold(unescape_raw(value)).strip().strip("<>")
    return bare if bare and len(bare) <= 998 and not re.search(r"\s", bare) else None


def parse_date(value: str) -> datetime | None:
    """An aware datetime (UTC when the zone is missing or -0000), or None when unreadable."""
    text = unfold(unescape_raw(value)).strip()
    if not text:
        return None
    moment = _parse_rfc5322_date(text)
    if moment is None:  # comments anywhere and spaces around colons (obsolete syntax)
        cleaned = re.sub(r"\s*:\s*", ":", re.sub(r"\([^()]*\)", " ", text))
        moment = _parse_rfc5322_date(" ".join(cleaned.split()))
    if moment is None:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _parse_rfc5322_date(text: str) -> datetime | None:
    try:
        return parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def date_from_received(value: str) -> datetime | None:
    """The date after the last ';' of a Received header: when a server took the message."""
    _, _, when = unfold(value).rpartition(";")
    return parse_date(when) if when else None
