"""do_merge_tickets and do_link_tickets."""

import pytest

from guichet.audit.models import Event
from guichet.core.errors import ActionError
from guichet.core.tests import factories
from guichet.tickets.actions import do_change_status, do_update_ticket
from guichet.tickets.merge_actions import do_link_tickets, do_merge_tickets
from guichet.tickets.message_actions import do_add_note, do_reply
from guichet.tickets.models import Message, TicketLink

pytestmark = pytest.mark.django_db


@pytest.fixture
def brand():
    return factories.brand()


@pytest.fixture
def agent():
    return factories.agent()


@pytest.fixture
def source(brand, agent):
    ticket = factories.ticket(brand, actor=agent, subject="Doublon", tags=["wifi"])
    do_reply(agent, ticket, body="Réponse sur le doublon")
    do_add_note(agent, ticket, body="Note sur le doublon")
    return ticket


@pytest.fixture
def target(brand, agent):
    return factories.ticket(brand, actor=agent, subject="Original")


def test_merge_moves_messages_closes_the_source_and_links_it(source, target, agent):
    source_messages = set(source.messages.values_list("pk", flat=True))
    do_merge_tickets(agent, source, target)
    source.refresh_from_db()
    assert set(target.messages.values_list("pk", flat=True)) >= source_messages
    assert not Message.objects.filter(ticket=source).exists()
    assert (source.status, source.merged_into) == ("closed", target)
    assert source.closed_at is not None
    assert TicketLink.objects.filter(source=source, target=target, kind="duplicate_of").exists()
    note = target.messages.filter(kind="note", author_user=agent).latest("id")
    assert source.reference in note.body_text and "3 messages" in note.body_text


def test_merge_brings_the_source_requester_in_copy_and_its_tags(source, target, agent):
    do_merge_tickets(agent, source, target)
    assert [p.contact for p in target.participants.all()] == [source.requester]
    assert [t.name for t in target.tags.all()] == ["wifi"]


def test_merge_is_audited_on_both_tickets(source, target, agent):
    do_merge_tickets(agent, source, target)
    merged = Event.objects.get(verb="ticket_merged")
    assert (merged.actor, merged.ticket) == (agent, source)
    assert merged.changes == [{"field": "status", "old": "open", "new": "closed"}]
    assert merged.data == {"into": target.pk, "messages": 3}
    received = Event.objects.get(verb="ticket_merge_received")
    assert (received.ticket, received.data) == (target, {"from": source.pk, "messages": 3})


def test_tickets_of_different_brands_cannot_be_merged(source, agent):
    other = factories.ticket(factories.brand(), actor=agent)
    with pytest.raises(ActionError) as error:
        do_merge_tickets(agent, source, other)
    assert error.value.field == "target"
    source.refresh_from_db()
    assert source.merged_into is None


def test_a_ticket_cannot_be_merged_into_itself(source, agent):
    with pytest.raises(ActionError):
        do_merge_tickets(agent, source, source)


def test_a_merged_ticket_cannot_be_merged_again(brand, source, target, agent):
    do_merge_tickets(agent, source, target)
    with pytest.raises(ActionError) as error:
        do_merge_tickets(agent, source, factories.ticket(brand, actor=agent))
    assert error.value.code == "merged"


def test_a_closed_ticket_cannot_receive_a_merge(source, target, agent):
    do_change_status(agent, target, "solved")
    do_change_status(agent, target, "closed")
    with pytest.raises(ActionError):
        do_merge_tickets(agent, source, target)


def test_merged_source_refuses_further_changes(source, target, agent):
    do_merge_tickets(agent, source, target)
    with pytest.raises(ActionError):
        do_update_ticket(agent, source, priority="high")


# --- Links ---------------------------------------------------------------------------------


def test_link_is_created_once_and_audited_once(source, target, agent):
    first = do_link_tickets(agent, source, target, "related")
    again = do_link_tickets(agent, source, target, "related")
    assert first == again
    event = Event.objects.get(verb="ticket_linked")
    assert (event.actor, event.ticket, event.data) == (
        agent, source, {"target": target.pk, "kind": "related"},
    )  # fmt: skip


def test_caused_by_needs_a_problem_ticket(source, target, agent):
    with pytest.raises(ActionError) as error:
        do_link_tickets(agent, source, target, "caused_by")
    assert error.value.field == "target"
    do_update_ticket(agent, target, type="problem")
    target.refresh_from_db()
    assert do_link_tickets(agent, source, target, "caused_by").kind == "caused_by"


def test_a_ticket_cannot_be_linked_to_itself(source, agent):
    with pytest.raises(ActionError):
        do_link_tickets(agent, source, source, "related")


def test_unknown_link_kind_is_refused(source, target, agent):
    with pytest.raises(ActionError) as error:
        do_link_tickets(agent, source, target, "blocks")
    assert error.value.field == "kind"
