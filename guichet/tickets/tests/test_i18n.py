"""Merge and link errors are French by default and English when the request is English."""

from pathlib import Path

import pytest
from django.utils import translation

from guichet.core.errors import ActionError
from guichet.core.tests import factories
from guichet.core.tests.catalogs import untranslated
from guichet.tickets.merge_actions import do_link_tickets

pytestmark = pytest.mark.django_db


def test_every_tickets_message_has_an_english_translation():
    assert untranslated(Path(__file__).resolve().parents[1]) == []


def test_linking_a_ticket_to_itself_is_refused_in_the_active_language():
    agent = factories.agent()
    ticket = factories.ticket(factories.brand(), actor=agent)
    with pytest.raises(ActionError) as french:
        do_link_tickets(agent, ticket, ticket, "related")
    with translation.override("en"), pytest.raises(ActionError) as english:
        do_link_tickets(agent, ticket, ticket, "related")
    assert french.value.field == english.value.field == "target"
    assert french.value.message == "Un ticket ne peut pas être lié à lui-même."
    assert english.value.message == "A ticket cannot be linked to itself."
