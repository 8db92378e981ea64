"""Triage speaks French by default and English on request, from its own catalog."""

import re
from pathlib import Path

from django.utils import translation
from django.utils.translation import gettext, pgettext

CATALOG = Path(__file__).resolve().parents[1] / "locale" / "en" / "LC_MESSAGES" / "django.po"
ENTRY = re.compile(r'^(?:msgctxt "(.*)"\n)?msgid "(.+)"$', re.M)


def entries() -> list[tuple[str, str]]:
    return ENTRY.findall(CATALOG.read_text(encoding="utf-8"))


def lookup(context: str, msgid: str) -> str:
    return pgettext(context, msgid) if context else gettext(msgid)


def test_french_source_strings_stay_french() -> None:
    with translation.override("fr"):
        changed = [m for c, m in entries() if lookup(c, m) != m]
    assert changed == []


def test_every_string_has_an_english_translation() -> None:
    with translation.override("en"):
        untranslated = [m for c, m in entries() if lookup(c, m) == m and not m.isascii()]
    assert untranslated == []
