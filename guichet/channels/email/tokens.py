"""Signed ticket tokens for Reply-To addresses and our Message-IDs (docs/email.md#threading).

A token is `t<ticket id in base 36>-<16 base-32 characters of an HMAC-SHA256>`: lower case only,
because some mail servers lower-case the local part of an address, and short enough for
`support+<token>@domain` to stay under the 64-character local-part limit. It never expires:
a reply to a two-year-old mail still finds its ticket (the reopen rule decides what happens).
"""

from __future__ import annotations

import base64
import hmac
import re
import secrets

from django.utils.crypto import salted_hmac

_SALT = "guichet.channels.email.tokens"
_TOKEN = re.compile(r"t([0-9a-z]{1,13})-([a-z2-7]{16})", re.IGNORECASE)
_MAC_CHARS = 16


def _base36(number: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    text = ""
    while True:
        number, rest = divmod(number, 36)
        text = digits[rest] + text
        if number == 0:
            return text


def _mac(ticket_id: int) -> str:
    digest = salted_hmac(_SALT, f"ticket:{ticket_id}", algorithm="sha256").digest()
    return base64.b32encode(digest).decode("ascii").lower()[:_MAC_CHARS]


def make_token(ticket_id: int) -> str:
    if ticket_id < 1:
        raise ValueError("ticket ids are positive")
    return f"t{_base36(ticket_id)}-{_mac(ticket_id)}"


def read_token(text: str) -> int | None:
    """The ticket id of a well-signed token found in `text` (exactly the token), else None."""
    match = _TOKEN.fullmatch(text.strip())
    if match is None:
        return None
    ticket_id = int(match.group(1), 36)
    if ticket_id < 1:
        return None
    if not hmac.compare_digest(_mac(ticket_id), match.group(2).lower()):
        return None
    return ticket_id


def plus_address(address: str, ticket_id: int) -> str:
    """support@example.com -> support+<token>@example.com."""
    local, _, domain = address.partition("@")
    return f"{local}+{make_token(ticket_id)}@{domain}"


def split_plus(address: str) -> tuple[str, str]:
    """('support@example.com', '<tag>') for support+<tag>@example.com; tag '' when none."""
    local, at, domain = address.strip().lower().rpartition("@")
    if not at:
        return address.strip().lower(), ""
    base, plus, tag = local.partition("+")
    return f"{base}@{domain}", tag if plus else ""


def ticket_from_address(address: str) -> int | None:
    return read_token(split_plus(address)[1])


def make_message_id(ticket_id: int, domain: str) -> str:
    """A new Message-ID (without angle brackets) that carries the ticket's signed token."""
    return f"{make_token(ticket_id)}.{secrets.token_hex(8)}@{domain}"


def ticket_from_message_id(message_id: str) -> int | None:
    local = message_id.strip().strip("<>").partition("@")[0]
    return read_token(local.partition(".")[0])
