"""Reads kept for the rest of the current database transaction. See docs/sla.md ("Performance").

The SLA and automations hooks run on every audit event; the brand's policies, escalation rules
and triggers they read rarely change, so one read per transaction is enough (email intake
applies up to 50 messages in one transaction). A memo is kept on the connection and tagged with
the transaction's `run_on_commit` list, which Django replaces when the transaction commits or
rolls back and when a savepoint rolls back: a memo never outlives the transaction that read it,
so other processes' changes are seen by the next transaction, as with a plain query. Outside an
atomic block (autocommit), or in a transaction managed by hand, nothing is kept.

Writes made inside the transaction to what a memo holds must `forget` it: the apps connect
post_save / post_delete of the models involved (SlaConfig / AutomationsConfig.ready).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from django.db import connection

T = TypeVar("T")
_ATTRIBUTE = "guichet_transaction_memo"


def memoised(namespace: str, key: Hashable, load: Callable[[], T]) -> T:
    """`load()`, read once per transaction for (namespace, key)."""
    memo = _memo()
    if memo is None:
        return load()
    full_key = (namespace, key)
    if full_key in memo:
        return memo[full_key]  # type: ignore[no-any-return]
    value = load()
    memo[full_key] = value
    return value


def forget(namespace: str) -> None:
    """Drop what the current transaction memoised under `namespace` (it was just written)."""
    kept = getattr(connection, _ATTRIBUTE, None)
    if kept is not None:
        for key in [key for key in kept[1] if key[0] == namespace]:
            del kept[1][key]


def _memo() -> dict[tuple[str, Hashable], Any] | None:
    # commit_on_exit: the outermost atomic block began the transaction and will end it.
    if not connection.in_atomic_block or not connection.commit_on_exit:
        return None
    kept = getattr(connection, _ATTRIBUTE, None)
    if kept is None or kept[0] is not connection.run_on_commit:
        kept = (connection.run_on_commit, {})
        setattr(connection, _ATTRIBUTE, kept)
    memo: dict[tuple[str, Hashable], Any] = kept[1]
    return memo
