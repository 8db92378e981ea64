"""People errors are French by default and English when the request is English."""

from pathlib import Path

import pytest
from django.utils import translation

from guichet.core.errors import ActionError
from guichet.core.tests import factories
from guichet.core.tests.catalogs import untranslated
from guichet.people.actions import do_merge_contacts

pytestmark = pytest.mark.django_db


def test_every_people_message_has_an_english_translation():
    assert untranslated(Path(__file__).resolve().parents[1]) == []


def test_merging_a_contact_into_itself_is_refused_in_the_active_language():
    supervisor = factories.agent("supervisor")
    contact = factories.contact(factories.brand())
    with pytest.raises(ActionError) as french:
        do_merge_contacts(supervisor, contact, contact)
    with translation.override("en"), pytest.raises(ActionError) as english:
        do_merge_contacts(supervisor, contact, contact)
    assert french.value.field == english.value.field == "target"
    assert french.value.message == "Un contact ne peut pas être fusionné avec lui-même."
    assert english.value.message == "A contact cannot be merged into itself."
