"""The SLA and automation pages speak French by default and English on request."""

import re
from pathlib import Path

import pytest
from django.utils import translation
from django.utils.translation import gettext

APPS = Path(__file__).resolve().parents[2]
CATALOGS = [
    APPS / app / "locale" / "en" / "LC_MESSAGES" / "django.po" for app in ("sla", "automations")
]
ENTRY = re.compile(r'^msgid "(.+)"$', re.M)


def entries(catalog):
    return [m.replace('\\"', '"') for m in ENTRY.findall(catalog.read_text(encoding="utf-8"))]


@pytest.mark.parametrize("catalog", CATALOGS, ids=lambda p: p.parts[-5])
def test_french_source_strings_are_not_hijacked_by_another_catalog(catalog):
    with translation.override("fr"):
        assert [m for m in entries(catalog) if gettext(m) != m] == []


@pytest.mark.parametrize("catalog", CATALOGS, ids=lambda p: p.parts[-5])
def test_every_french_string_has_an_english_translation(catalog):
    with translation.override("en"):
        assert [m for m in entries(catalog) if gettext(m) == m and not m.isascii()] == []


def test_countdown_reads_in_english():
    from guichet.sla.countdown import Countdown, describe

    clock = Countdown(1, 1, "first_reply", "breached", None, -900, None)
    with translation.override("en"):
        assert describe(clock) == "First reply: overdue by 15 min"
