"""One job at a time applies a mailbox's backlog (docs/email.md#intake, "Batches").

With several workers, two batches of one mailbox applied at once, or a later batch committed
before an earlier one, would apply a reply before its original is on a ticket: the reply would
open a ticket of its own. The lock spans every step of a batch, which are several transactions:
choosing it and counting its attempts (committed before the parse, so that a crash counts),
parsing, applying. The jobs of other mailboxes go on meanwhile.
"""

from __future__ import annotations

import fcntl
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Any

from django.db import DatabaseError, connections

from .models import InboundEmail

_KEY_SPACE = 0x6D61696C  # "mail": the first key of our PostgreSQL advisory locks


def backlog_lock(mailbox_id: int) -> AbstractContextManager[None]:
    """Wait for the mailbox's turn, and hold it. Not to be taken inside a transaction: the
    job it waits for needs to write."""
    connection = connections[InboundEmail.objects.db]
    if connection.vendor == "postgresql":
        return _advisory_lock(connection, mailbox_id)
    return _file_lock(connection, mailbox_id)


@contextmanager
def _advisory_lock(connection: Any, mailbox_id: int) -> Iterator[None]:
    """A session-level advisory lock: a transaction-level one would end with the committed
    count of attempts. It goes with the connection when a worker dies."""
    key = [_KEY_SPACE, mailbox_id % 2**31]  # two int4 keys; mailboxes 2**31 apart share a lock
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s::integer, %s::integer)", key)
    try:
        yield
    finally:
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s::integer, %s::integer)", key)
        except DatabaseError:  # a broken connection: closing it ends its locks
            if not connection.in_atomic_block:
                connection.close()


@contextmanager
def _file_lock(connection: Any, mailbox_id: int) -> Iterator[None]:
    """SQLite: an exclusive flock on a file beside the database (its writers share a machine);
    the lock goes with the process when a worker dies. BEGIN IMMEDIATE serialises each
    transaction, not the batch's several ones."""
    name = str(connection.settings_dict["NAME"])
    if ":memory:" in name or "mode=memory" in name:  # a database of one process
        yield
        return
    with open(f"{name}-mailbox-{mailbox_id}.lock", "ab") as file:
        fcntl.flock(file, fcntl.LOCK_EX)
        yield  # closing the file releases the lock
