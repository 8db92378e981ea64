"""API token strings: making them, hashing them, reading them from a header (pure functions).

A token reads `gch_<prefix>_<secret>`: the 8-character prefix finds the row, the SHA-256 of the
whole string is compared in constant time. The secret has 256 bits of entropy, so a plain
SHA-256 (no slow KDF) is enough and keeps authentication cheap.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

TOKEN_TAG = "gch_"
PREFIX_LENGTH = 8
SCOPES = ("read", "write", "admin")


def new_token() -> tuple[str, str]:
    """A fresh (token, prefix)."""
    prefix = secrets.token_hex(PREFIX_LENGTH // 2)
    return f"{TOKEN_TAG}{prefix}_{secrets.token_urlsafe(32)}", prefix


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def prefix_of(token: str) -> str | None:
    """The lookup prefix of a well-formed token, else None."""
    start = len(TOKEN_TAG)
    if not token.startswith(TOKEN_TAG) or len(token) < start + PREFIX_LENGTH + 2:
        return None
    if token[start + PREFIX_LENGTH] != "_":
        return None
    return token[start : start + PREFIX_LENGTH]


def matches(token: str, token_hash: str) -> bool:
    return hmac.compare_digest(hash_token(token), token_hash)


def from_header(value: str) -> str | None:
    """The token of an `Authorization: Bearer <token>` (or `Token <token>`) header."""
    parts = value.split()
    if len(parts) != 2 or parts[0].lower() not in ("bearer", "token"):
        return None
    return parts[1]
