"""Articles are indexed by the hybrid engine only: the knowledge app's own full-text structures
are gone (migration 0003), and deleting an article takes it out of the hybrid index."""

import pytest
from django.db import connection

from guichet.knowledge.actions.articles import do_delete_article
from guichet.knowledge.models import Article
from guichet.knowledge.permissions import Audience
from guichet.knowledge.search import search_articles
from guichet.knowledge.tests import factories as kb
from guichet.search.hybrid.models import SearchEntry

pytestmark = pytest.mark.django_db


def test_the_old_full_text_structures_are_dropped():
    tables = set(connection.introspection.table_names())
    assert "knowledge_articledocument" not in tables
    assert "knowledge_article_fts" not in tables


def test_deleting_an_article_removes_it_from_the_index(brand, supervisor, committed):
    # Given a published article in the index
    article = kb.article(brand, "Imprimante", "texte")
    assert SearchEntry.objects.filter(object_id=article.pk).exists()
    # When it is deleted (the index is updated once the deletion commits)
    with committed():
        do_delete_article(supervisor, article)
    # Then it is neither stored nor found
    assert not Article.objects.filter(pk=article.pk).exists()
    assert not SearchEntry.objects.filter(object_id=article.pk).exists()
    assert search_articles("imprimante", brand=brand, audience=Audience.AGENT) == []


def test_a_stale_index_entry_of_a_deleted_article_is_never_shown(brand):
    # Given an article deleted behind the actions' back (its index entry stays)
    article = kb.article(brand, "Imprimante", "texte")
    Article.objects.filter(pk=article.pk).delete()
    assert SearchEntry.objects.filter(object_id=article.pk).exists()
    # Then the search re-checks the articles and shows nothing
    assert search_articles("imprimante", brand=brand, audience=Audience.AGENT) == []


def test_the_rebuild_command_indexes_published_articles_with_a_progress_bar_on_stderr(brand):
    import io

    from django.core.management import call_command

    # Given two published articles, a draft, and an empty index
    kb.article(brand, "Imprimante", "texte")
    kb.article(brand, "Facture", "texte")
    kb.article(brand, "Brouillon", "texte", state="draft")
    SearchEntry.objects.all().delete()
    # When the index is rebuilt
    out, err = io.StringIO(), io.StringIO()
    call_command("search_hybrid_reindex", stdout=out, stderr=err)
    # Then both published articles are back, and stderr showed a bar
    assert SearchEntry.objects.filter(kind="article").count() == 2
    assert "[" + "#" * 30 + "] 2/2" in err.getvalue()
    assert "Indexed 2 article entries" in out.getvalue()
