"""The email channel's pages speak French by default and English on request."""

import re
from pathlib import Path

import pytest
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext

from guichet.core.tests import factories

CATALOG = Path(__file__).resolve().parents[1] / "locale" / "en" / "LC_MESSAGES" / "django.po"
ENTRY = re.compile(r'^msgid "(.+)"$', re.M)


def entries():
    return [m.replace('\\"', '"') for m in ENTRY.findall(CATALOG.read_text(encoding="utf-8"))]


def test_french_source_strings_are_not_hijacked_by_another_catalog():
    with translation.override("fr"):
        assert [m for m in entries() if gettext(m) != m] == []


def test_every_french_string_has_an_english_translation():
    with translation.override("en"):
        assert [m for m in entries() if gettext(m) == m and not m.isascii()] == []


@pytest.mark.django_db
def test_the_mailbox_page_reads_in_english():
    client = Client()
    client.force_login(factories.agent("admin"))
    page = client.get("/email/mailboxes/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Add a mailbox" in page
