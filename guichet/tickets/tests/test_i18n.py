"""Ticket errors and notices are French by default and English when the request (or, for a
stored notice, its reader) is English."""

from pathlib import Path

import pytest
from django.utils import timezone, translation

from guichet.accounts.models import UserPreference
from guichet.core.errors import ActionError, NotAllowed
from guichet.core.tests import factories
from guichet.core.tests.catalogs import untranslated
from guichet.notifications.models import Notification
from guichet.tickets.actions import (
    apply_status,
    check_requester_for_actor,
    check_subject,
    do_assign_ticket,
)
from guichet.tickets.merge_actions import do_link_tickets
from guichet.tickets.message_actions import do_reply
from guichet.tickets.models import Ticket

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


def test_a_missing_subject_is_refused_in_the_active_language():
    with pytest.raises(ActionError) as french:
        check_subject("  ")
    with translation.override("en"), pytest.raises(ActionError) as english:
        check_subject("  ")
    assert (french.value.code, french.value.field) == (english.value.code, english.value.field)
    assert (french.value.code, french.value.field) == ("required", "subject")
    assert french.value.message == "Le sujet est obligatoire."
    assert english.value.message == "A subject is required."


def test_a_forbidden_status_change_names_both_statuses_in_either_language():
    # given a closed ticket (final: no transition leaves it)
    ticket = Ticket(status="closed")
    # when it is asked to reopen, in French then in English
    with pytest.raises(ActionError) as french:
        apply_status(ticket, "open", timezone.now())
    with translation.override("en"), pytest.raises(ActionError) as english:
        apply_status(ticket, "open", timezone.now())
    # then both say which statuses, with the same code and field
    assert french.value.code == english.value.code == "invalid_transition"
    assert french.value.message == (
        "Un ticket au statut «\u00a0closed\u00a0» ne peut pas passer au statut «\u00a0open\u00a0»."
    )
    assert english.value.message == "A closed ticket cannot become open."


def test_a_customer_of_another_brand_is_refused_in_the_active_language():
    customer = factories.customer(factories.brand())
    elsewhere = factories.brand()
    with pytest.raises(NotAllowed) as french:
        check_requester_for_actor(customer, elsewhere, None)
    with translation.override("en"), pytest.raises(NotAllowed) as english:
        check_requester_for_actor(customer, elsewhere, None)
    assert french.value.message == "Vous n'êtes pas client de cette marque."
    assert english.value.message == "You are not a customer of this brand."


def test_a_closed_ticket_refuses_a_reply_in_the_active_language():
    brand = factories.brand()
    agent = factories.agent("admin")
    ticket = factories.ticket(brand, actor=agent)
    ticket.status = "closed"
    ticket.save(update_fields=["status"])
    with translation.override("en"), pytest.raises(ActionError) as english:
        do_reply(agent, ticket, body="Bonjour")
    assert english.value.code == "closed"
    assert english.value.message == "This ticket is closed."


def test_the_assignment_notice_is_written_in_each_assignees_language():
    # given an agent who reads Guichet in English and one who keeps the French default
    brand = factories.brand()
    supervisor = factories.agent("admin")
    english_agent = factories.agent(brands=[brand])
    UserPreference.objects.create(user=english_agent, language="en")
    french_agent = factories.agent(brands=[brand])
    first = factories.ticket(brand, actor=supervisor, subject="Imprimante")
    second = factories.ticket(brand, actor=supervisor, subject="Scanner")
    # when a supervisor working in English assigns a ticket to each
    with translation.override("en"):
        do_assign_ticket(supervisor, first, assignee=english_agent)
        do_assign_ticket(supervisor, second, assignee=french_agent)
    # then each stored notice is in its reader's language, not the writer's
    assert Notification.objects.get(user=english_agent).text == (
        f"{first.reference} is assigned to you: Imprimante"
    )
    assert Notification.objects.get(user=french_agent).text == (
        f"{second.reference} vous est assigné\u00a0: Scanner"
    )
