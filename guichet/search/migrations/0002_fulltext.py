"""Full-text structures of each backend (see docs/search.md).

SQLite: external-content FTS5 tables over the document tables, kept in step by triggers.
Caution: Django remakes a SQLite table (and so drops its triggers) when a later migration alters
it; such a migration must re-create the triggers below (tests/test_schema.py checks they exist).

PostgreSQL: a `guichet_simple` text search configuration (unaccent + simple: no stemming, so that
prefix search behaves like SQLite's) and a generated tsvector column with a GIN index.
Weights: A = title, B = public text, C = internal notes; customers only match A and B.
"""

from django.db import migrations

from guichet.search.migration_ops import VendorRunSQL

TOKENIZE = "tokenize='unicode61 remove_diacritics 2', prefix='2 3'"


def fts5(table, doc_table, key, columns, weights):
    cols = ", ".join(columns)
    new = ", ".join(f"new.{c}" for c in columns)
    old = ", ".join(f"old.{c}" for c in columns)
    delete = f"INSERT INTO {table}({table}, rowid, {cols}) VALUES ('delete', old.{key}, {old});"
    insert = f"INSERT INTO {table}(rowid, {cols}) VALUES (new.{key}, {new});"
    return VendorRunSQL(
        "sqlite",
        [
            f"CREATE VIRTUAL TABLE {table} USING fts5({cols}, content='{doc_table}', "
            f"content_rowid='{key}', {TOKENIZE})",
            f"INSERT INTO {table}({table}, rank) VALUES ('rank', 'bm25({weights})')",
            f"CREATE TRIGGER {doc_table}_ai AFTER INSERT ON {doc_table} BEGIN {insert} END",
            f"CREATE TRIGGER {doc_table}_ad AFTER DELETE ON {doc_table} BEGIN {delete} END",
            f"CREATE TRIGGER {doc_table}_au AFTER UPDATE ON {doc_table} BEGIN {delete} {insert} END",
            f"INSERT INTO {table}({table}) VALUES ('rebuild')",
        ],
        [
            f"DROP TRIGGER IF EXISTS {doc_table}_ai",
            f"DROP TRIGGER IF EXISTS {doc_table}_ad",
            f"DROP TRIGGER IF EXISTS {doc_table}_au",
            f"DROP TABLE IF EXISTS {table}",
        ],
    )


def tsvector(doc_table, weighted_columns):
    expression = " || ".join(
        f"setweight(to_tsvector('guichet_simple'::regconfig, {column}), '{weight}')"
        for column, weight in weighted_columns
    )
    return VendorRunSQL(
        "postgresql",
        [
            f"ALTER TABLE {doc_table} ADD COLUMN search_vector tsvector "
            f"GENERATED ALWAYS AS ({expression}) STORED",
            f"CREATE INDEX {doc_table}_vector ON {doc_table} USING gin (search_vector)",
        ],
        [
            f"DROP INDEX IF EXISTS {doc_table}_vector",
            f"ALTER TABLE {doc_table} DROP COLUMN IF EXISTS search_vector",
        ],
    )


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        fts5(
            "search_ticket_fts",
            "search_ticketdocument",
            "ticket_id",
            ["title", "public_text", "internal_text"],
            "10.0, 2.0, 1.0",
        ),
        fts5("search_contact_fts", "search_contactdocument", "contact_id", ["name", "details"], "5.0, 1.0"),
        VendorRunSQL(
            "postgresql",
            [
                "CREATE EXTENSION IF NOT EXISTS unaccent",
                "DROP TEXT SEARCH CONFIGURATION IF EXISTS guichet_simple",
                "CREATE TEXT SEARCH CONFIGURATION guichet_simple (COPY = pg_catalog.simple)",
                "ALTER TEXT SEARCH CONFIGURATION guichet_simple ALTER MAPPING FOR "
                "asciiword, word, numword, asciihword, hword, numhword, hword_asciipart, "
                "hword_part, hword_numpart WITH unaccent, simple",
            ],
            ["DROP TEXT SEARCH CONFIGURATION IF EXISTS guichet_simple"],
        ),
        tsvector(
            "search_ticketdocument",
            [("title", "A"), ("public_text", "B"), ("internal_text", "C")],
        ),
        tsvector("search_contactdocument", [("name", "A"), ("details", "B")]),
    ]
