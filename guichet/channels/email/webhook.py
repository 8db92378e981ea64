"""Signed inbound webhooks: a provider POSTs one raw MIME message (docs/email.md#webhook).

The sender signs `<timestamp>.<body>` with HMAC-SHA256 and the mailbox's shared secret:

    X-Guichet-Timestamp: 1735689600
    X-Guichet-Signature: v1=<hex digest>

The signature is compared in constant time; a timestamp more than five minutes away from now is
refused, so a captured request cannot be replayed later (within the window, a replay is the same
message again, which deduplication absorbs).
"""

from __future__ import annotations

import hashlib
import hmac
import time
from dataclasses import dataclass

TIMESTAMP_HEADER = "X-Guichet-Timestamp"
SIGNATURE_HEADER = "X-Guichet-Signature"
TOLERANCE_SECONDS = 300


@dataclass(frozen=True)
class Verdict:
    ok: bool
    reason: str = ""


def sign(secret: str, timestamp: int | str, body: bytes) -> str:
    """The signature header value for `body` sent at `timestamp` (what providers compute)."""
    message = str(timestamp).encode("ascii") + b"." + body
    return "v1=" + hmac.new(secret.encode("utf-8"), message, hashlib.sha256).hexdigest()


def verify(
    secret: str,
    body: bytes,
    timestamp: str | None,
    signature: str | None,
    *,
    now: float | None = None,
    tolerance: int = TOLERANCE_SECONDS,
) -> Verdict:
    if not secret:
        return Verdict(False, "no secret configured")
    if not timestamp or not signature:
        return Verdict(False, "missing signature headers")
    try:
        sent_at = int(timestamp)
    except ValueError:
        return Verdict(False, "bad timestamp")
    current = time.time() if now is None else now
    if abs(current - sent_at) > tolerance:
        return Verdict(False, "timestamp outside the tolerance")
    expected = sign(secret, timestamp.strip(), body)
    if not hmac.compare_digest(expected.encode("ascii"), signature.strip().encode("utf-8")):
        return Verdict(False, "bad signature")
    return Verdict(True)
