"""Versions, diffs, restore; the stale flag."""

import datetime as dt

import pytest
from django.utils import timezone

from guichet.knowledge.actions.articles import ArticleInput, do_restore_version, do_update_article
from guichet.knowledge.diffing import diff_lines, diff_stats
from guichet.knowledge.models import State
from guichet.knowledge.tests import factories as kb

pytestmark = pytest.mark.django_db


def test_changing_the_text_saves_a_new_version(brand):
    article = kb.article(brand, body="Ligne un.")
    updated = do_update_article(kb.admin(), article, ArticleInput(body="Ligne deux."), note="fix")
    assert updated.version == 2
    assert list(updated.versions.values_list("number", "body", "note")) == [
        (2, "Ligne deux.", "fix"),
        (1, "Ligne un.", ""),
    ]
    assert "Ligne deux." in updated.body_html


def test_changing_only_properties_keeps_the_version(brand):
    article = kb.article(brand)
    updated = do_update_article(kb.admin(), article, ArticleInput(visibility="customers"))
    assert updated.version == 1 and updated.versions.count() == 1


def test_restoring_a_version_writes_a_new_one_with_the_old_text(brand):
    article = kb.article(brand, title="Titre A", body="Texte A")
    article = do_update_article(kb.admin(), article, ArticleInput(title="Titre B", body="Texte B"))
    restored = do_restore_version(kb.admin(), article, article.versions.get(number=1))
    assert (restored.version, restored.title, restored.body) == (3, "Titre A", "Texte A")
    assert restored.versions.get(number=3).note == "Restauration de la v1"


def test_the_diff_lists_added_and_removed_lines_with_context():
    lines = diff_lines(["a", "b", "c"], ["a", "B", "c", "d"])
    assert [(line.kind, line.text) for line in lines] == [
        ("same", "a"),
        ("removed", "b"),
        ("added", "B"),
        ("same", "c"),
        ("added", "d"),
    ]
    assert diff_stats(lines) == (2, 1)


def test_far_apart_changes_are_separated_by_a_gap():
    old = [str(i) for i in range(20)]
    new = ["X", *old[1:19], "Y"]
    assert "gap" in [line.kind for line in diff_lines(old, new, context=2)]


def test_an_article_past_its_review_date_is_stale_while_live(brand):
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    article = kb.article(brand)
    article.review_by = yesterday
    assert article.is_stale
    article.state = State.DRAFT
    assert not article.is_stale
    article.state, article.review_by = State.PUBLISHED, yesterday + dt.timedelta(days=5)
    assert not article.is_stale


def test_the_editor_lists_stale_articles(client, brand, supervisor):
    fresh = kb.article(brand, title="Frais")
    old = kb.article(brand, title="Ancien")
    do_update_article(
        kb.admin(), old, ArticleInput(review_by=timezone.localdate() - dt.timedelta(days=3))
    )
    client.force_login(supervisor)
    page = client.get("/agent/kb/?stale=1").content.decode()
    assert "Ancien" in page and fresh.title not in page


def test_the_diff_page_and_restore_button(client, brand, supervisor):
    article = kb.article(brand, body="Avant")
    do_update_article(supervisor, article, ArticleInput(body="Après"))
    client.force_login(supervisor)
    page = client.get(f"/agent/kb/articles/{article.pk}/versions/2/").content.decode()
    assert "kb-diff-removed" in page and "Avant" in page and "Après" in page
    response = client.post(f"/agent/kb/articles/{article.pk}/versions/1/restore/")
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.body == "Avant" and article.version == 3
