"""Full-text structures for articles, built like search/0002 (see docs/search.md).

SQLite: an external-content FTS5 table over knowledge_articledocument, kept in step by triggers.
Caution: Django remakes a SQLite table (dropping its triggers) when a later migration alters it;
such a migration must re-create the triggers below (tests/test_schema.py checks they exist).
PostgreSQL: a generated tsvector column (guichet_simple: unaccent, no stemming) with a GIN index.
Weights: A = title, B = keywords (summary, tags, section), C = body.
"""

from django.db import migrations

from guichet.search.migration_ops import VendorRunSQL

TABLE = "knowledge_article_fts"
DOC = "knowledge_articledocument"
COLS = "title, keywords, body"
NEW = "new.title, new.keywords, new.body"
OLD = "old.title, old.keywords, old.body"
DELETE = f"INSERT INTO {TABLE}({TABLE}, rowid, {COLS}) VALUES ('delete', old.article_id, {OLD});"
INSERT = f"INSERT INTO {TABLE}(rowid, {COLS}) VALUES (new.article_id, {NEW});"

SQLITE = [
    f"CREATE VIRTUAL TABLE {TABLE} USING fts5({COLS}, content='{DOC}', content_rowid='article_id', "
    "tokenize='unicode61 remove_diacritics 2', prefix='2 3 4')",
    f"INSERT INTO {TABLE}({TABLE}, rank) VALUES ('rank', 'bm25(10.0, 4.0, 1.0)')",
    f"CREATE TRIGGER {DOC}_ai AFTER INSERT ON {DOC} BEGIN {INSERT} END",
    f"CREATE TRIGGER {DOC}_ad AFTER DELETE ON {DOC} BEGIN {DELETE} END",
    f"CREATE TRIGGER {DOC}_au AFTER UPDATE ON {DOC} BEGIN {DELETE} {INSERT} END",
    f"INSERT INTO {TABLE}({TABLE}) VALUES ('rebuild')",
]
SQLITE_REVERSE = [
    f"DROP TRIGGER IF EXISTS {DOC}_ai",
    f"DROP TRIGGER IF EXISTS {DOC}_ad",
    f"DROP TRIGGER IF EXISTS {DOC}_au",
    f"DROP TABLE IF EXISTS {TABLE}",
]
VECTOR = " || ".join(
    f"setweight(to_tsvector('guichet_simple'::regconfig, {column}), '{weight}')"
    for column, weight in (("title", "A"), ("keywords", "B"), ("body", "C"))
)
POSTGRES = [
    f"ALTER TABLE {DOC} ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ({VECTOR}) STORED",
    f"CREATE INDEX {DOC}_vector ON {DOC} USING gin (search_vector)",
]
POSTGRES_REVERSE = [
    f"DROP INDEX IF EXISTS {DOC}_vector",
    f"ALTER TABLE {DOC} DROP COLUMN IF EXISTS search_vector",
]


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0001_initial"), ("search", "0002_fulltext")]

    operations = [
        VendorRunSQL("sqlite", SQLITE, SQLITE_REVERSE),
        VendorRunSQL("postgresql", POSTGRES, POSTGRES_REVERSE),
    ]
