"""Large base64 bodies kept out of the stdlib parser's line-by-line loop (docs/adr/0005).

The stdlib feed parser reads a body one line at a time, and tests every line against the
boundaries of the multiparts around it: about 1.5 µs a line, so a 1.5 MB attachment (20,000
lines of base64) costs 25 ms, most of a large message's parsing time. Such a body is text the
parser only stores. So, in a message of at least `MIN_RAW` bytes, each base64 body of at least
`MIN_BODY` bytes is replaced by a short token before parsing, and put back, as the very same
text, into the payload that holds the token afterwards.

Only bodies that cannot change the parse are cut out: the body of a part whose header block
says Content-Transfer-Encoding base64 and a Content-Type, neither multipart/* nor message/*
(those the parser reads into), made of base64 characters and whitespace only
(so no line of it can be a boundary: boundaries start with "--"). If a token is not found
exactly once afterwards, the message is parsed again whole: the result is always the plain
parse's (tests/test_elide.py compares both on the whole corpus).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from email.message import Message

MIN_RAW = 128 * 1024
MIN_BODY = 16 * 1024
_BOUNDARY_PARAM = re.compile(rb'boundary\s*=\s*(?:"([^"\r\n]{1,200})"|([^\s;"]{1,200}))', re.I)
_BASE64_CHARS = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=\r\n\t "
_HEADER_END = re.compile(rb"\r?\n\r?\n")
_BASE64_CTE = re.compile(rb"^content-transfer-encoding[ \t]*:[ \t]*base64[ \t]*\r?$", re.I | re.M)
_CONTENT_TYPE = re.compile(rb"^content-type[ \t]*:[ \t]*([^\s;]*)", re.I | re.M)


@dataclass(frozen=True)
class Elided:
    """The raw message with tokens for its large bodies, and those bodies (as the parser's
    text: ASCII, so the same characters)."""

    raw: bytes
    bodies: dict[str, str]

    def restore(self, message: Message) -> bool:
        """Put each body back where its token is; False if a token is not found exactly once
        (the caller then parses the raw message whole)."""
        left = dict(self.bodies)
        for part in message.walk():
            for name in ("preamble", "epilogue"):
                text = getattr(part, name, None)
                if isinstance(text, str):
                    setattr(part, name, _put_back(text, left))
            # The stored text itself: get_payload() would decode one holding 8-bit bytes
            # (kept as surrogates) with its charset, and set_payload() would keep that.
            stored = vars(part)
            payload = stored.get("_payload")
            if isinstance(payload, str) and any(token in payload for token in left):
                stored["_payload"] = _put_back(payload, left)
        return not left


def _put_back(text: str, left: dict[str, str]) -> str:
    for token in [token for token in left if token in text]:
        if text.count(token) != 1:
            return text  # left in `left`: restore() fails
        text = text.replace(token, left.pop(token))
    return text


def elide_bodies(raw: bytes) -> Elided | None:
    """`raw` with its large base64 bodies replaced by tokens; None when there is none."""
    if len(raw) < MIN_RAW:
        return None
    boundaries = _declared_boundaries(raw)
    nonce = os.urandom(6).hex()
    pieces: list[bytes] = []
    bodies: dict[str, str] = {}
    done = 0
    for start in [0, *_part_starts(raw, boundaries)]:
        span = _base64_body(raw, start)
        if span is None or span[0] < done:
            continue
        token = f"GUICHETELIDED{len(bodies)}X{nonce}"
        if token.encode() in raw:
            return None
        body_start, body_end = span
        pieces += [raw[done:body_start], token.encode()]
        bodies[token] = raw[body_start:body_end].decode("ascii")
        done = body_end
    if not bodies:
        return None
    pieces.append(raw[done:])
    return Elided(b"".join(pieces), bodies)


def _declared_boundaries(raw: bytes) -> set[bytes]:
    """Every `boundary=` parameter in the message, as its delimiter ("--" + value). Found in
    a lower-case copy first: a case-insensitive regex over a whole large message is slow."""
    found: set[bytes] = set()
    lowered = raw.lower()
    position = lowered.find(b"boundary")
    while position != -1:
        match = _BOUNDARY_PARAM.match(raw, position)
        if match:
            found.add(b"--" + (match.group(1) or match.group(2)))
        position = lowered.find(b"boundary", position + 8)
    return found


def _part_starts(raw: bytes, boundaries: set[bytes]) -> list[int]:
    """Where a part may begin: after each line that starts with a declared boundary."""
    starts: list[int] = []
    for boundary in boundaries:
        position = raw.find(boundary)
        while position != -1:
            if position == 0 or raw[position - 1 : position] == b"\n":
                line_end = raw.find(b"\n", position)
                if line_end == -1:
                    break
                starts.append(line_end + 1)
            position = raw.find(boundary, position + 1)
    return sorted(set(starts))


def _base64_body(raw: bytes, start: int) -> tuple[int, int] | None:
    """The body (start, end: before its last line ending) of the part whose header block
    begins at `start`, if it is a large base64 body that can be cut out (module docstring)."""
    header_end = _HEADER_END.search(raw, start)
    if header_end is None:
        return None
    headers = raw[start : header_end.start()]
    content_type = _CONTENT_TYPE.search(headers)  # the first, as the parser reads it
    kind = content_type.group(1).lower() if content_type else b""
    if b"/" not in kind or kind.startswith((b"multipart/", b"message/")):
        return None
    if not _BASE64_CTE.search(headers):
        return None
    body_start = header_end.end()
    next_boundary = raw.find(b"\n--", body_start)
    end = len(raw) if next_boundary == -1 else next_boundary
    if end > body_start and raw[end - 1 : end] == b"\r":
        end -= 1  # the line ending before a boundary belongs to the boundary
    if end - body_start < MIN_BODY or raw[body_start:end].translate(None, _BASE64_CHARS):
        return None  # small, or not only base64 characters
    return body_start, end
