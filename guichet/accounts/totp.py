"""Time-based one-time passwords (RFC 6238) as pure functions. See docs/accounts.md."""

from __future__ import annotations

import datetime as dt
import hmac
import re

import pyotp

STEP_SECONDS = 30
DIGITS = 6
DRIFT_STEPS = 1  # accept the previous and the next code too (clock drift, slow typing)


def new_secret() -> str:
    return pyotp.random_base32(length=32)


def provisioning_uri(secret: str, account: str, issuer: str) -> str:
    """The otpauth:// URI that authenticator apps read from the QR code."""
    return pyotp.TOTP(secret, digits=DIGITS, interval=STEP_SECONDS).provisioning_uri(
        name=account, issuer_name=issuer
    )


def step_at(at: dt.datetime) -> int:
    return int(at.timestamp()) // STEP_SECONDS


def code_at(secret: str, at: dt.datetime) -> str:
    return pyotp.TOTP(secret, digits=DIGITS, interval=STEP_SECONDS).generate_otp(step_at(at))


def normalise_code(code: str) -> str:
    return re.sub(r"[\s-]", "", code or "")


def looks_like_totp(code: str) -> bool:
    return re.fullmatch(rf"\d{{{DIGITS}}}", normalise_code(code)) is not None


def match_step(secret: str, code: str, at: dt.datetime, *, window: int = DRIFT_STEPS) -> int | None:
    """The time step whose code equals `code` within +-`window` steps of `at`, else None.

    The caller refuses steps not newer than the last accepted one: that is replay protection.
    """
    code = normalise_code(code)
    if not looks_like_totp(code):
        return None
    otp = pyotp.TOTP(secret, digits=DIGITS, interval=STEP_SECONDS)
    now = step_at(at)
    for step in range(now - window, now + window + 1):
        if hmac.compare_digest(otp.generate_otp(step), code):
            return step
    return None
