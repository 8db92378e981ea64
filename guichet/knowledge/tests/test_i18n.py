"""The knowledge base speaks French by default and English from its own catalog."""

import re
from pathlib import Path

import pytest
from django.utils import translation
from django.utils.translation import gettext

from guichet.core.errors import ActionError
from guichet.knowledge.actions.articles import check_title

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
