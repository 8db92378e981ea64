"""Replies, customer messages, internal notes with @mentions, attachments and macros."""

import pytest

from guichet.audit.models import Event
from guichet.core import access
from guichet.core.errors import ActionError, NotAllowed
from guichet.core.tests import factories
from guichet.notifications.models import Notification
from guichet.tickets.actions import do_change_status, do_update_ticket
from guichet.tickets.message_actions import (
    do_add_customer_message,
    do_add_note,
    do_apply_macro,
    do_reply,
    render_macro,
)
from guichet.tickets.models import Attachment, Macro, Message, Ticket

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def brand():
    return factories.brand(name="Télé Services")


@pytest.fixture
def agent():
    return factories.agent(username="alice")


@pytest.fixture
def customer(brand):
    return factories.customer(brand, name="Léa Martin")


@pytest.fixture
def ticket(brand, agent, customer):
    return factories.ticket(brand, requester=customer.contact, actor=agent)


def status_of(ticket):
    ticket.refresh_from_db()
    return ticket.status


# --- Public replies ------------------------------------------------------------------------


def test_first_reply_stamps_first_reply_at_and_opens_a_new_ticket(ticket, agent):
    message = do_reply(agent, ticket, body="Avez-vous redémarré ?")
    ticket.refresh_from_db()
    assert (message.kind, message.author_user, ticket.status) == ("reply", agent, "open")
    assert ticket.first_reply_at == message.created_at
    assert Event.objects.filter(verb="reply_sent", actor=agent, ticket=ticket).exists()
    status_event = Event.objects.get(verb="ticket_updated")
    assert status_event.changes == [{"field": "status", "old": "new", "new": "open"}]


def test_later_replies_keep_the_first_reply_time(ticket, agent):
    first = do_reply(agent, ticket, body="Un")
    do_reply(agent, ticket, body="Deux")
    ticket.refresh_from_db()
    assert ticket.first_reply_at == first.created_at


def test_reply_can_set_the_status(ticket, agent):
    do_reply(agent, ticket, body="En attente de votre retour", status="pending")
    assert status_of(ticket) == "pending"


def test_reply_with_a_forbidden_status_is_refused_as_a_whole(ticket, agent):
    with pytest.raises(ActionError):
        do_reply(agent, ticket, body="x", status="closed")
    assert not Message.objects.filter(kind="reply").exists()


def test_reply_on_a_closed_ticket_is_refused(ticket, agent):
    do_change_status(agent, ticket, "solved")
    do_change_status(agent, ticket, "closed")
    with pytest.raises(ActionError) as error:
        do_reply(agent, ticket, body="Encore moi")
    assert error.value.code == "closed"


def test_csm_may_answer_a_new_ticket_without_the_update_right(ticket):
    csm = factories.agent("csm")
    do_reply(csm, ticket, body="Je regarde avec l'équipe.")
    assert status_of(ticket) == "open"


def test_customers_cannot_send_agent_replies(ticket, customer):
    with pytest.raises(NotAllowed):
        do_reply(customer, ticket, body="Je me réponds à moi-même")


def test_reply_html_is_sanitised_and_gets_a_text_version(ticket, agent):
    message = do_reply(
        agent, ticket, body_html='<p onclick="x()">Bonjour<script>alert(1)</script></p>'
    )
    assert message.body_html == "<p>Bonjour</p>"
    assert message.body_text == "Bonjour"


def test_plain_text_reply_is_escaped_into_html(ticket, agent):
    message = do_reply(agent, ticket, body="<b>1 < 2</b>\n\nFin")
    assert message.body_html == "<p>&lt;b&gt;1 &lt; 2&lt;/b&gt;</p><p>Fin</p>"


@pytest.mark.parametrize("body", ["", "   \n "])
def test_empty_reply_is_refused(ticket, agent, body):
    with pytest.raises(ActionError) as error:
        do_reply(agent, ticket, body=body)
    assert error.value.code == "required"


def test_too_long_reply_is_refused(ticket, agent):
    with pytest.raises(ActionError) as error:
        do_reply(agent, ticket, body="x" * 200_001)
    assert error.value.code == "too_long"


# --- Customer messages ---------------------------------------------------------------------


@pytest.mark.parametrize("before, after", [("pending", "open"), ("solved", "open")])
def test_customer_message_reopens_a_ticket_waiting_on_them(ticket, customer, before, after):
    Ticket.objects.filter(pk=ticket.pk).update(status=before)
    do_add_customer_message(customer, ticket, body="Toujours en panne")
    assert status_of(ticket) == after
    change = Event.objects.get(verb="ticket_updated").changes
    assert change == [{"field": "status", "old": before, "new": after}]


def test_customer_message_on_a_solved_ticket_counts_a_reopening(ticket, agent, customer):
    do_change_status(agent, ticket, "solved")
    do_add_customer_message(customer, ticket, body="Non, ce n'est pas réglé")
    ticket.refresh_from_db()
    assert (ticket.status, ticket.reopen_count, ticket.solved_at) == ("open", 1, None)


@pytest.mark.parametrize("status", ["new", "open", "on_hold"])
def test_customer_message_keeps_other_statuses(ticket, customer, status):
    Ticket.objects.filter(pk=ticket.pk).update(status=status)
    do_add_customer_message(customer, ticket, body="Des nouvelles ?")
    assert status_of(ticket) == status


def test_customer_message_on_a_closed_ticket_is_refused(ticket, agent, customer):
    do_change_status(agent, ticket, "solved")
    do_change_status(agent, ticket, "closed")
    with pytest.raises(ActionError) as error:
        do_add_customer_message(customer, ticket, body="Rebonjour")
    assert error.value.code == "closed"


def test_customer_message_is_authored_by_the_customer_and_audited(ticket, customer):
    message = do_add_customer_message(customer, ticket, body="Merci")
    assert (message.kind, message.author_contact, message.author_user) == (
        "customer", customer.contact, None,
    )  # fmt: skip
    event = Event.objects.get(verb="customer_replied")
    assert (event.actor, event.ticket, event.target_id) == (customer, ticket, message.pk)


def test_customer_message_notifies_the_assignee(ticket, agent, customer):
    bob = factories.agent()
    do_update_ticket(agent, ticket, assignee=bob)
    Notification.objects.all().delete()
    do_add_customer_message(customer, ticket, body="Des nouvelles ?")
    assert Notification.objects.get().user == bob
    assert Notification.objects.get().kind == "customer_replied"


def test_agent_logs_a_phone_call_as_the_requester(ticket, agent, customer):
    message = do_add_customer_message(agent, ticket, body="Appel : box réparée", channel="phone")
    assert (message.author_contact, message.channel) == (customer.contact, "phone")


def test_cc_customer_writes_as_themselves(brand, ticket, agent):
    cc = factories.customer(brand)
    ticket.participants.create(contact=cc.contact)
    message = do_add_customer_message(cc, ticket, body="Je suis en copie")
    assert message.author_contact == cc.contact


def test_customer_cannot_write_on_someone_elses_ticket(brand, ticket):
    with pytest.raises(NotAllowed):
        do_add_customer_message(factories.customer(brand), ticket, body="Coucou")


# --- Internal notes and @mentions ----------------------------------------------------------


def test_note_mentions_notify_agents_who_can_see_the_ticket(brand, ticket, agent):
    bob = factories.agent(username="bob")
    outsider = factories.agent(username="carol", brands=[factories.brand()])
    gone = factories.agent(username="erin")
    gone.is_active = False
    gone.save()
    note = do_add_note(agent, ticket, body="@bob @carol @erin @nobody @alice regardez, merci @bob.")
    assert set(note.mentions.all()) == {agent, bob}
    notified = Notification.objects.filter(kind="mentioned")
    assert [(n.user, n.ticket) for n in notified] == [(bob, ticket)]
    assert Event.objects.get(verb="note_added").data == {"mentions": [agent.pk, bob.pk]}
    assert outsider not in note.mentions.all()


def test_a_customer_account_is_never_mentioned(brand, ticket, agent):
    customer = factories.customer(brand)
    note = do_add_note(agent, ticket, body=f"@{customer.username} a rappelé")
    assert not note.mentions.exists()


def test_note_is_hidden_from_customers_and_leaves_status_alone(ticket, agent, customer):
    note = do_add_note(agent, ticket, body="Client difficile")
    assert note.kind == "note"
    assert note in access.visible_messages(agent, ticket)
    assert note not in access.visible_messages(customer, ticket)
    assert status_of(ticket) == "new"


def test_customers_cannot_write_notes(ticket, customer):
    with pytest.raises(NotAllowed):
        do_add_note(customer, ticket, body="Je veux voir les notes")


# --- Attachments ---------------------------------------------------------------------------


def test_attachment_type_is_sniffed_from_the_bytes_not_the_name(ticket, agent, media_root):
    message = do_reply(
        agent,
        ticket,
        body="Pièces jointes",
        attachments=[
            ("photo.png", b"<html><script>alert(1)</script></html>"),
            ("capture.txt", PNG),
            ("notes.txt", "café".encode()),
        ],
    )
    types = {a.filename: a.content_type for a in message.attachments.all()}
    assert types == {
        "photo.png": "text/html",
        "capture.txt": "image/png",
        "notes.txt": "text/plain",
    }


def test_attachment_is_stored_with_its_size_and_hash(ticket, agent, media_root):
    attachment = do_reply(
        agent, ticket, body="x", attachments=[("a.bin", b"abc")]
    ).attachments.get()
    assert (attachment.size, attachment.sha256[:8]) == (3, "ba7816bf")
    with attachment.file.open("rb") as stored:
        assert stored.read() == b"abc"


def test_attachment_name_loses_its_path(ticket, agent, media_root):
    message = do_reply(agent, ticket, body="x", attachments=[("..\\..//etc/passwd", b"root")])
    assert message.attachments.get().filename == "passwd"


def test_attachment_over_the_size_limit_is_refused_with_its_message(
    ticket, agent, media_root, settings
):
    settings.ATTACHMENT_MAX_BYTES = 10
    with pytest.raises(ActionError) as error:
        do_reply(agent, ticket, body="x", attachments=[("big.bin", b"0" * 11)])
    assert error.value.code == "too_large"
    assert not Message.objects.filter(kind="reply").exists()
    assert not Attachment.objects.exists()


def test_empty_attachment_is_refused(ticket, agent, media_root):
    with pytest.raises(ActionError) as error:
        do_reply(agent, ticket, body="x", attachments=[("empty.txt", b"")])
    assert error.value.code == "empty"


def test_attachment_on_a_note_stays_internal(ticket, agent, customer, media_root):
    do_add_note(agent, ticket, body="Capture", attachments=[("c.png", PNG)])
    assert access.visible_attachments(agent).count() == 1
    assert access.visible_attachments(customer).count() == 0


# --- Macros --------------------------------------------------------------------------------


@pytest.fixture
def macro(brand):
    return Macro.objects.create(
        brand=brand,
        name="Attente",
        body="Bonjour {{ requester.first_name }}, {{ ticket.reference }} ({{ brand.name }}) "
        "- {{ agent.name }} {{ unknown.thing }}",
        set_fields={"status": "pending", "priority": "high", "tags_add": ["attente"]},
    )


def test_macro_placeholders_are_rendered_and_unknown_ones_kept(ticket, agent, macro):
    text = render_macro(agent, ticket, macro)
    assert (
        text == f"Bonjour Léa, {ticket.reference} (Télé Services) - alice {{{{ unknown.thing }}}}"
    )


def test_applying_a_macro_replies_and_sets_fields(ticket, agent, macro):
    message = do_apply_macro(agent, ticket, macro)
    ticket.refresh_from_db()
    assert message.kind == "reply" and message.body_text.startswith("Bonjour Léa")
    assert (ticket.status, ticket.priority) == ("pending", "high")
    assert [t.name for t in ticket.tags.all()] == ["attente"]
    assert Event.objects.get(verb="macro_applied").data == {"macro": macro.pk}


def test_macro_with_the_agents_edited_text(ticket, agent, macro):
    message = do_apply_macro(agent, ticket, macro, body="Texte revu")
    assert message.body_text == "Texte revu"


def test_note_macro_adds_a_note(ticket, agent, brand):
    macro = Macro.objects.create(
        brand=None, name="Note", kind="note", body="Vu par {{ agent.name }}"
    )
    assert do_apply_macro(agent, ticket, macro).kind == "note"


def test_macro_can_assign_a_team_and_agent_and_remove_tags(brand, ticket, agent):
    team = factories.team(brand_=brand, slug="niveau-2")
    bob = factories.agent(username="bob")
    do_update_ticket(agent, ticket, tags=["a", "b"])
    macro = Macro.objects.create(
        name="Transfert",
        set_fields={"team": "niveau-2", "assignee": "bob", "tags_remove": ["a"]},
    )
    assert do_apply_macro(agent, ticket, macro) is None  # no text: no message
    ticket.refresh_from_db()
    assert (ticket.team, ticket.assignee) == (team, bob)
    assert [t.name for t in ticket.tags.all()] == ["b"]


@pytest.mark.parametrize("set_fields", [{"team": "gone"}, {"assignee": "ghost"}])
def test_macro_naming_something_gone_is_refused_instead_of_clearing(ticket, agent, set_fields):
    macro = Macro.objects.create(name="Vieux", set_fields=set_fields)
    with pytest.raises(ActionError):
        do_apply_macro(agent, ticket, macro)


def test_macro_of_another_brand_is_refused(ticket, agent):
    macro = Macro.objects.create(brand=factories.brand(), name="Ailleurs", body="Bonjour")
    with pytest.raises(NotAllowed):
        do_apply_macro(agent, ticket, macro)
    assert not Message.objects.filter(kind="reply").exists()


def test_personal_macro_of_another_agent_is_refused(ticket, agent):
    macro = Macro.objects.create(name="Perso", body="Salut", owner=factories.agent())
    with pytest.raises(NotAllowed):
        render_macro(agent, ticket, macro)


def test_customers_cannot_use_macros(ticket, customer, macro):
    with pytest.raises(NotAllowed):
        do_apply_macro(customer, ticket, macro)
