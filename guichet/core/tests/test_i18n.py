"""Permission and custom-field errors are French by default and English on request."""

import re
from pathlib import Path

import pytest
from django.utils import translation

from guichet.core import access
from guichet.core.custom_fields import clean_custom_fields
from guichet.core.errors import ActionError, NotAllowed
from guichet.core.tests import factories
from guichet.core.tests.catalogs import untranslated

pytestmark = pytest.mark.django_db


def test_every_core_message_has_an_english_translation():
    assert untranslated(Path(__file__).resolve().parents[1]) == []


def test_a_permission_error_comes_out_in_the_active_language():
    agent = factories.agent("agent")
    with pytest.raises(NotAllowed) as french:
        access.require(agent, "brand.manage")
    with translation.override("en"), pytest.raises(NotAllowed) as english:
        access.require(agent, "brand.manage")
    assert french.value.message == "Votre rôle ne permet pas de faire cela (brand.manage)."
    assert english.value.message == "Your role may not do this (brand.manage)."


def test_an_unknown_custom_field_is_named_in_either_language():
    with pytest.raises(ActionError) as french:
        clean_custom_fields("ticket", None, {"couleur": "bleu"})
    with translation.override("en"), pytest.raises(ActionError) as english:
        clean_custom_fields("ticket", None, {"couleur": "bleu"})
    assert (french.value.code, french.value.field) == ("unknown_field", "couleur")
    assert french.value.message == "Champ personnalisé inconnu\u00a0: «\u00a0couleur\u00a0»."
    assert english.value.message == "Unknown custom field 'couleur'."


def test_the_default_refusal_is_translated_when_raised():
    assert NotAllowed().message == "Vous n'avez pas le droit de faire cela."
    with translation.override("en"):
        assert NotAllowed().message == "You are not allowed to do this."


def test_no_catalog_has_fuzzy_entries():
    # gettext skips fuzzy entries when compiling: English readers would see the French.
    apps = Path(__file__).resolve().parents[2]
    fuzzy = [
        str(catalog.relative_to(apps))
        for catalog in apps.glob("**/locale/*/LC_MESSAGES/django.po")
        if re.search(r"^#,.*\bfuzzy\b", catalog.read_text(encoding="utf-8"), re.M)
    ]
    assert fuzzy == []


def test_a_french_message_has_one_english_translation_across_the_apps():
    # Django merges the apps' catalogs: of two translations of one msgid, one wins everywhere.
    from guichet.core.tests.catalogs import plain_translations

    apps = Path(__file__).resolve().parents[2]
    seen: dict[str, dict[str, str]] = {}
    for catalog in sorted(apps.glob("**/locale/en/LC_MESSAGES/django.po")):
        app = str(catalog.relative_to(apps).parts[0])
        for msgid, msgstr in plain_translations(catalog).items():
            seen.setdefault(msgid, {})[app] = msgstr
    clashes = {m: apps_ for m, apps_ in seen.items() if len(set(apps_.values())) > 1}
    assert clashes == {}
