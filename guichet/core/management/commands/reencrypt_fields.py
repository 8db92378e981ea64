"""Re-encrypt every encrypted field with the first key of GUICHET_FIELD_KEYS (key rotation),
and encrypt values still stored in plain text. Works on the stored tokens, so it needs every
old key still listed in GUICHET_FIELD_KEYS while it runs."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import connection, transaction

from guichet.core.crypto import PREFIX, cipher, encrypt, encrypted_fields, is_encrypted


def rotated(stored: str) -> str:
    if not is_encrypted(stored):
        return encrypt(stored)
    return PREFIX + cipher().rotate(stored[len(PREFIX) :].encode("ascii")).decode("ascii")


class Command(BaseCommand):
    help = "Re-encrypt the encrypted fields with the current first key (after a key rotation)."

    def handle(self, *args: Any, **options: Any) -> None:
        quote = connection.ops.quote_name
        for model, field in encrypted_fields():
            assert model._meta.pk is not None
            table = quote(model._meta.db_table)
            column, pk = quote(str(field.column)), quote(str(model._meta.pk.column))
            done = 0
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(f"SELECT {pk}, {column} FROM {table} WHERE {column} <> ''")  # noqa: S608
                for key, stored in cursor.fetchall():
                    fresh = rotated(stored)
                    if fresh != stored:
                        cursor.execute(
                            f"UPDATE {table} SET {column} = %s WHERE {pk} = %s",  # noqa: S608
                            [fresh, key],
                        )
                        done += 1
            self.stdout.write(f"{model._meta.label}.{field.name}: {done} re-encrypted")
