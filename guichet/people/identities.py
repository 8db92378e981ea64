"""Normalising contact identities so that the same person is found whatever the spelling."""

from __future__ import annotations

import re
from functools import lru_cache

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from guichet.core.errors import ActionError

# Django compiles the validator's domain pattern (a large Unicode class: ~20 ms) on its first
# use; every mail batch validates addresses, so a worker pays it as it loads its modules, like
# our own patterns, instead of inside its first batch.
validate_email.domain_regex.pattern  # noqa: B018


def normalise_email(value: str) -> str:
    value = value.strip().lower()
    if not _is_valid_email(value):
        raise ActionError(f"{value!r} is not a valid email address.", field="email")
    return value


@lru_cache(maxsize=8192)
def _is_valid_email(value: str) -> bool:
    """Django's validator, remembered: mail intake checks every address of a batch twice
    (prefetch, then the message itself), and the same senders write again and again."""
    try:
        validate_email(value)
    except ValidationError:
        return False
    return True


def normalise_phone(value: str, default_country_code: str = "33") -> str:
    """E.164 (+33612345678); a French national number (06...) gets the default country code."""
    digits = re.sub(r"[^\d+]", "", value.strip())
    if digits.startswith("00"):
        digits = "+" + digits[2:]
    if not digits.startswith("+"):
        digits = "+" + default_country_code + digits.lstrip("0")
    if not re.fullmatch(r"\+\d{8,15}", digits):
        raise ActionError(f"{value!r} is not a valid phone number.", field="phone")
    return digits


def normalise(kind: str, value: str) -> str:
    if kind == "email":
        return normalise_email(value)
    if kind in ("phone", "whatsapp"):
        return normalise_phone(value)
    raise ActionError(f"Unknown identity kind {kind!r}.", field="kind")
