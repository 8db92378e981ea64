"""The full-text structures exist (a table rebuild on SQLite drops triggers: see migration 0002)."""

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


def test_the_index_structures_of_this_database_exist():
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger') "
                           "AND name LIKE 'knowledge_article%'")  # fmt: skip
            names = {row[0] for row in cursor.fetchall()}
            assert {
                "knowledge_article_fts",
                "knowledge_articledocument_ai",
                "knowledge_articledocument_ad",
                "knowledge_articledocument_au",
            } <= names
        else:
            cursor.execute("SELECT 1 FROM information_schema.columns WHERE table_name = "
                           "'knowledge_articledocument' AND column_name = 'search_vector'")  # fmt: skip
            assert cursor.fetchone() is not None


def test_deleting_an_article_removes_it_from_the_index(brand):
    from guichet.knowledge.permissions import Audience
    from guichet.knowledge.search import search_articles
    from guichet.knowledge.tests import factories as kb

    article = kb.article(brand, "Imprimante", "texte")
    article.delete()
    assert search_articles("imprimante", brand=brand, audience=Audience.AGENT) == []
