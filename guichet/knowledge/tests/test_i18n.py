"""The knowledge base speaks French by default and English from its own catalog."""

import re
from pathlib import Path

from django.utils import translation
from django.utils.translation import gettext

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
