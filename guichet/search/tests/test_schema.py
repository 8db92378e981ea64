"""The backend structures that migration 0002 creates are in place."""

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite only")
def test_sqlite_fts5_tables_and_triggers_exist():
    with connection.cursor() as cursor:
        cursor.execute("SELECT type, name FROM sqlite_master WHERE name LIKE 'search_%'")
        names = {name for _, name in cursor.fetchall()}
    assert {"search_ticket_fts", "search_contact_fts"} <= names
    for table in ("search_ticketdocument", "search_contactdocument"):
        assert {f"{table}_ai", f"{table}_ad", f"{table}_au"} <= names


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")
def test_postgresql_generated_vectors_are_gin_indexed():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tablename FROM pg_indexes WHERE indexdef LIKE '%%USING gin (search_vector)%%'"
        )
        tables = {row[0] for row in cursor.fetchall()}
    assert {"search_ticketdocument", "search_contactdocument"} <= tables
