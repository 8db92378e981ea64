"""The knowledge base speaks French by default and English from its own catalog."""

import re
from pathlib import Path

import pytest
from django.utils import translation
from django.utils.translation import gettext

from guichet.core.errors import ActionError, NotAllowed
from guichet.core.tests import factories
from guichet.knowledge import flowgraph
from guichet.knowledge.actions.articles import (
    ArticleInput,
    check_title,
    do_restore_version,
    do_update_article,
)
from guichet.knowledge.permissions import require_kb
from guichet.knowledge.tests import factories as kb

CATALOG = Path(__file__).resolve().parents[1] / "locale" / "en" / "LC_MESSAGES" / "django.po"
ENTRY = re.compile(r'^msgid "(.+)"$', re.M)


def entries():
    return [m.replace('\\"', '"') for m in ENTRY.findall(CATALOG.read_text(encoding="utf-8"))]


def test_french_source_strings_are_not_hijacked_by_another_catalog():
    with translation.override("fr"):
        assert [m for m in entries() if gettext(m) != m] == []


def test_every_french_string_has_an_english_translation():
    with translation.override("en"):
        untranslated = [
            m for m in entries() if gettext(m) == m and not m.isascii() and "%(" not in m
        ]
    assert untranslated == []


def test_an_action_error_comes_out_in_english_when_english_is_active():
    with pytest.raises(ActionError) as french:
        check_title("  ")
    with translation.override("en"), pytest.raises(ActionError) as english:
        check_title("  ")
    assert french.value.code == english.value.code == "required"
    assert french.value.message == "Le titre est obligatoire."
    assert english.value.message == "A title is required."


def test_every_message_added_for_flows_and_notes_has_an_english_translation():
    # The check above leaves out %(name)s entries; these have placeholders (or NBSPs).
    starts = (
        "Restauration",
        "Rédigé",
        "Traduction de l'article",
        "Le parcours",
        "Étape",
        "Un parcours",
        "«",
    )
    added = [m for m in entries() if "%(where)s" in m or m.startswith(starts)]
    assert len(added) >= 24
    with translation.override("en"):
        assert [m for m in added if gettext(m) == m] == []


def test_flow_errors_come_out_in_the_active_language():
    flow = {"start": "a", "steps": {"a": {"text": "A", "options": [{"label": "x", "next": "a"}]}}}
    with translation.override("en"):
        assert flowgraph.validate(flow) == ["The flow loops: a → a."]
    assert flowgraph.validate(flow) == ["Le parcours tourne en boucle\u00a0: a → a."]
    leads_nowhere = {"start": "a", "steps": {"a": {"text": "A"}}}
    with translation.override("en"):
        assert flowgraph.validate(leads_nowhere) == [
            "Step 'a' leads nowhere: give it options or an end."
        ]
    assert flowgraph.validate(leads_nowhere) == [
        "Étape «\u00a0a\u00a0» ne mène nulle part\u00a0: donnez-lui des options ou une fin."
    ]


@pytest.mark.django_db
def test_a_role_without_the_permission_is_refused_in_the_active_language():
    agent = factories.agent("agent")
    with pytest.raises(NotAllowed) as french:
        require_kb(agent, "kb.manage")
    with translation.override("en"), pytest.raises(NotAllowed) as english:
        require_kb(agent, "kb.manage")
    assert french.value.message == "Votre rôle ne permet pas de faire cela (kb.manage)."
    assert english.value.message == "Your role may not do this (kb.manage)."


@pytest.mark.django_db
def test_a_restore_note_is_stored_in_the_site_language_whoever_restores(brand):
    # given an article with two versions
    article = kb.article(brand, title="Titre A", body="Texte A")
    article = do_update_article(kb.admin(), article, ArticleInput(title="Titre B", body="Texte B"))
    # when someone working in English restores the first one
    with translation.override("en"):
        restored = do_restore_version(kb.admin(), article, article.versions.get(number=1))
    # then the stored note is in the site's language (French), like the rest of the history
    assert restored.versions.get(number=3).note == "Restauration de la v1"
