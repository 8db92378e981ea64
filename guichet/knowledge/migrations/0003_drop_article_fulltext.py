"""Articles are searched through the hybrid index (guichet/search/hybrid, docs/search.md): the
knowledge app's own full-text structures of 0002 go.

SQLite: the FTS5 table and the triggers of knowledge_articledocument first (they read it), then
the tables. PostgreSQL: the generated tsvector column goes with its table. Reversing re-creates
0002's structures (empty: `kb_reindex` used to fill them; a rollback past this point must be
followed by a rebuild of that version's index).
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

SQLITE_DROP = [
    f"DROP TRIGGER IF EXISTS {DOC}_ai",
    f"DROP TRIGGER IF EXISTS {DOC}_ad",
    f"DROP TRIGGER IF EXISTS {DOC}_au",
    f"DROP TABLE IF EXISTS {TABLE}",
]
SQLITE_CREATE = [
    f"CREATE VIRTUAL TABLE {TABLE} USING fts5({COLS}, content='{DOC}', content_rowid='article_id', "
    "tokenize='unicode61 remove_diacritics 2', prefix='2 3 4')",
    f"INSERT INTO {TABLE}({TABLE}, rank) VALUES ('rank', 'bm25(10.0, 4.0, 1.0)')",
    f"CREATE TRIGGER {DOC}_ai AFTER INSERT ON {DOC} BEGIN {INSERT} END",
    f"CREATE TRIGGER {DOC}_ad AFTER DELETE ON {DOC} BEGIN {DELETE} END",
    f"CREATE TRIGGER {DOC}_au AFTER UPDATE ON {DOC} BEGIN {DELETE} {INSERT} END",
]
VECTOR = " || ".join(
    f"setweight(to_tsvector('guichet_simple'::regconfig, {column}), '{weight}')"
    for column, weight in (("title", "A"), ("keywords", "B"), ("body", "C"))
)
POSTGRES_CREATE = [
    f"ALTER TABLE {DOC} ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ({VECTOR}) STORED",
    f"CREATE INDEX {DOC}_vector ON {DOC} USING gin (search_vector)",
]


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0002_fulltext")]

    operations = [
        VendorRunSQL("postgresql", migrations.RunSQL.noop, POSTGRES_CREATE),
        VendorRunSQL("sqlite", SQLITE_DROP, SQLITE_CREATE),
        migrations.RemoveField(model_name="articlefts", name="article"),
        migrations.RemoveField(model_name="articlevector", name="article"),
        migrations.DeleteModel(name="ArticleDocument"),
        migrations.DeleteModel(name="ArticleFts"),
        migrations.DeleteModel(name="ArticleVector"),
    ]
