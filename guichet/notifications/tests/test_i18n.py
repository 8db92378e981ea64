"""Notification kinds are named in French by default and in English on request; the texts that
tickets write are stored in their reader's language."""

from pathlib import Path

import pytest
from django.utils import translation
from django.utils.translation import gettext as _

from guichet.accounts.models import UserPreference
from guichet.core.tests import factories
from guichet.core.tests.catalogs import untranslated
from guichet.notifications.actions import do_notify_each
from guichet.notifications.models import Notification
from guichet.tickets.message_actions import do_add_note


def test_every_notifications_message_has_an_english_translation():
    # "Mention" is the same word in both languages.
    assert untranslated(Path(__file__).resolve().parents[1]) == ["Mention"]


def test_kind_choices_are_french_by_default_and_english_on_request():
    assert dict(Notification.Kind.choices)["assigned"] == "Assignation"
    assert str(Notification.Kind.CUSTOMER_REPLIED.label) == "Réponse client"
    with translation.override("en"):
        assert str(Notification.Kind.ASSIGNED.label) == "Assignment"
        assert str(Notification.Kind.CUSTOMER_REPLIED.label) == "Customer reply"


@pytest.mark.django_db
def test_a_mention_is_written_in_the_language_of_the_agent_mentioned():
    # given an English-reading agent, mentioned in a note by a French-speaking colleague
    brand = factories.brand()
    writer = factories.agent("admin", username="camille")
    reader = factories.agent(username="sam", brands=[brand])
    UserPreference.objects.create(user=reader, language="en")
    ticket = factories.ticket(brand, actor=writer)
    # when the note is written
    do_add_note(writer, ticket, body="@sam peux-tu regarder ?")
    # then the stored notice speaks English, whatever the writer's language
    notification = Notification.objects.get(user=reader, kind="mentioned")
    assert notification.text == f"camille mentioned you on {ticket.reference}"
    assert notification.get_kind_display() == "Mention"


@pytest.mark.django_db
def test_each_person_notified_together_reads_their_own_language():
    french, english = factories.agent("agent"), factories.agent("agent")
    UserPreference.objects.create(user=english, language="en")
    sent = do_notify_each([french, english], "escalated", lambda: _("Escalade"), email=False)
    assert [n.text for n in sent] == ["Escalade", "Escalation"]
