"""The workspace speaks French by default and English on request, from its own catalog."""

import re
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import translation
from django.utils.translation import gettext, pgettext

from guichet.core.errors import NotAllowed
from guichet.workspace.actions import require_agent
from guichet.workspace.labels import describe_macro_fields

CATALOG = Path(__file__).resolve().parents[1] / "locale" / "en" / "LC_MESSAGES" / "django.po"
ENTRY = re.compile(r'^(?:msgctxt "(.*)"\n)?msgid "(.+)"$', re.M)


def entries():
    return ENTRY.findall(CATALOG.read_text(encoding="utf-8"))


def lookup(context, msgid):
    return pgettext(context, msgid) if context else gettext(msgid)


def test_french_source_strings_are_not_hijacked_by_another_catalog():
    # "File" (a queue) would become "Fichier" through Django's own French catalog.
    with translation.override("fr"):
        changed = [
            m for c, m in entries() if lookup(c, m.replace('\\"', '"')) != m.replace('\\"', '"')
        ]
    assert changed == []


def test_every_string_has_an_english_translation():
    with translation.override("en"):
        untranslated = [
            m for c, m in entries() if "%" not in m and lookup(c, m) == m and not m.isascii()
        ]
    assert untranslated == []


def test_macro_changes_are_described_in_words():
    with translation.override("fr"):
        lines = describe_macro_fields({"status": "pending", "tags_add": ["redemarrage"]})
    assert lines == ["Statut → En attente", "Tags + redemarrage"]


def test_a_refusal_comes_out_in_english_when_english_is_active():
    with pytest.raises(NotAllowed) as french:
        require_agent(AnonymousUser())
    with translation.override("en"), pytest.raises(NotAllowed) as english:
        require_agent(AnonymousUser())
    assert french.value.message == "L'espace de travail est réservé aux agents."
    assert english.value.message == "Only agents use the workspace."


def test_an_applied_macro_reads_in_english_in_the_timeline():
    # The entry was fuzzy once, so compiled catalogs left it out and English showed French.
    with translation.override("en"):
        assert gettext("Macro appliquée : %(name)s") % {"name": "Reset"} == "Macro applied: Reset"
