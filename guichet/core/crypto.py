"""Encryption at rest for the few secrets a row must hold (TOTP seeds, webhook signing keys).

A database dump or backup alone must not reveal them, so they are stored as Fernet tokens
(AES-128-CBC + HMAC-SHA256, from the `cryptography` package; ADR 0011) under keys that come from
the environment: GUICHET_FIELD_KEYS, comma-separated, the first one encrypting, every one
decrypting (rotation: put the new key first, run `manage.py reencrypt_fields`, then drop the
old one). Without it the key is derived from GUICHET_SECRET_KEY. Any string works as a key: it
goes through HKDF-SHA256 first.

Stored values carry a prefix, so that a value written before encryption was switched on (plain
text) is still read, and is encrypted the next time its row is saved.
"""

from __future__ import annotations

import base64
from functools import lru_cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models

PREFIX = "fernet:"


def _fernet_key(secret: str) -> bytes:
    derived = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"guichet field encryption"
    ).derive(secret.encode())
    return base64.urlsafe_b64encode(derived)


@lru_cache(maxsize=4)
def _cipher(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(_fernet_key(key)) for key in keys])


def cipher() -> MultiFernet:
    keys = tuple(getattr(settings, "GUICHET_FIELD_KEYS", ()) or (settings.SECRET_KEY,))
    return _cipher(keys)


def is_encrypted(value: str) -> bool:
    return value.startswith(PREFIX)


def encrypt(text: str) -> str:
    if text == "" or is_encrypted(text):
        return text
    return PREFIX + cipher().encrypt(text.encode()).decode("ascii")


def decrypt(value: str) -> str:
    if not is_encrypted(value):
        return value  # written before encryption, or empty
    try:
        return cipher().decrypt(value[len(PREFIX) :].encode("ascii")).decode()
    except InvalidToken as error:
        raise ImproperlyConfigured(
            "An encrypted field cannot be read with the keys in GUICHET_FIELD_KEYS "
            "(or GUICHET_SECRET_KEY): was a key removed or changed?"
        ) from error


class EncryptedTextField(models.TextField):
    """A text column stored encrypted; Python code sees the plain text. It cannot be filtered
    on (each encryption differs). `max_length` is checked by forms, as for any TextField."""

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        return value if value is None else decrypt(value)

    def to_python(self, value: Any) -> Any:
        value = super().to_python(value)
        return value if value is None else decrypt(value)

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        return value if value is None else encrypt(str(value))


def encrypted_fields() -> list[tuple[type[models.Model], EncryptedTextField]]:
    """Every (model, field) stored with EncryptedTextField, for re-encryption."""
    from django.apps import apps

    return [
        (model, field)
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if isinstance(field, EncryptedTextField)
    ]
