"""Webhook signatures: HMAC-SHA256 over the timestamp and the body. See docs/automations.md.

Header `X-Guichet-Signature: t=<unix seconds>,v1=<hex digest>`, the digest being
HMAC-SHA256(secret, "<t>." + body). A receiver recomputes it, compares in constant time and
refuses old timestamps (replays); `verify` does exactly that.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

HEADER = "X-Guichet-Signature"
TOLERANCE_SECONDS = 300


def new_secret() -> str:
    return "whsec_" + secrets.token_urlsafe(32)


def signature(secret: str, timestamp: int, body: bytes) -> str:
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={digest.hexdigest()}"


def verify(
    secret: str, header: str, body: bytes, now: int, tolerance: int = TOLERANCE_SECONDS
) -> bool:
    """True when `header` signs `body` with `secret` and its timestamp is recent."""
    parts = dict(part.split("=", 1) for part in header.split(",") if "=" in part)
    try:
        timestamp = int(parts.get("t", ""))
    except ValueError:
        return False
    if abs(now - timestamp) > tolerance:
        return False
    expected = signature(secret, timestamp, body).split("v1=", 1)[1]
    return hmac.compare_digest(expected, parts.get("v1", ""))
