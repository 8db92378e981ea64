"""Checks shared by the apps' translation tests: an app's English catalog is complete."""

from __future__ import annotations

import re
from pathlib import Path

from django.utils import translation
from django.utils.translation import gettext

ENTRY = re.compile(r'^msgid "(.+)"$', re.M)


def msgids(app_dir: Path) -> list[str]:
    catalog = app_dir / "locale" / "en" / "LC_MESSAGES" / "django.po"
    text = catalog.read_text(encoding="utf-8")
    return [m.replace('\\"', '"') for m in ENTRY.findall(text)]


def untranslated(app_dir: Path) -> list[str]:
    """French msgids of the app's catalog that still come out unchanged in English."""
    with translation.override("en"):
        return [m for m in msgids(app_dir) if gettext(m) == m]


def plain_translations(catalog: Path) -> dict[str, str]:
    """msgid -> msgstr of a catalog's entries without a context or a plural form."""
    found: dict[str, str] = {}
    for block in catalog.read_text(encoding="utf-8").split("\n\n"):
        fields: dict[str, str] = {}
        key = ""
        for line in block.splitlines():
            if line.startswith(("msgctxt", "msgid_plural")):
                fields, key = {}, ""
                break
            head = re.match(r'^(msgid|msgstr) "(.*)"$', line)
            if head:
                key, fields[head.group(1)] = head.group(1), head.group(2)
            elif key and line.startswith('"'):
                fields[key] += line[1:-1]
        if fields.get("msgid") and fields.get("msgstr"):
            found[fields["msgid"]] = fields["msgstr"]
    return found
