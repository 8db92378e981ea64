"""The lexical search backend of the database in use. See docs/search.md."""

from __future__ import annotations

from django.db import connections

from guichet.search.backends.base import LexicalBackend


def lexical_backend(alias: str = "default") -> LexicalBackend:
    vendor = connections[alias].vendor
    if vendor == "sqlite":
        from guichet.search.backends.sqlite import SqliteFts5Backend

        return SqliteFts5Backend()
    if vendor == "postgresql":
        from guichet.search.backends.postgres import PostgresBackend

        return PostgresBackend()
    raise NotImplementedError(f"No full-text search backend for {vendor}.")
