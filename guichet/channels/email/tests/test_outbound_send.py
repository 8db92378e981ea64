"""Outgoing mail through a real SMTP server on loopback: replies, acknowledgements, retries."""
# ruff: noqa: F811 (pytest fixtures imported from mailservers are used as arguments)

from email import message_from_bytes, policy

import pytest
from django.db import transaction

from guichet.channels.email import outbound, tokens
from guichet.channels.email.models import InboundEmail, Mailbox, OutboundEmail
from guichet.core.tests import factories
from guichet.core.tests.fixtures import media_root  # noqa: F401
from guichet.jobs.retry import running_attempt
from guichet.jobs.tests.support import drain
from guichet.tickets.message_actions import do_reply
from guichet.tickets.models import Ticket, TicketParticipant

from .intake_support import mailbox, message_id_of, raw_email, receive
from .mailservers import smtp_capture  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]


@pytest.fixture
def box():
    return mailbox(address="support@help.example")


@pytest.fixture
def agent():
    return factories.agent("agent")


def reply(agent, ticket, body="Avez-vous redémarré l'imprimante ?", **kwargs):
    """An agent's public reply; do_reply queues its email copy inside its transaction."""
    with transaction.atomic():
        return do_reply(agent, ticket, body=body, **kwargs)


def sent(capture, index=-1):
    mail_from, rcpt_tos, raw = capture.messages[index]
    return rcpt_tos, message_from_bytes(raw, policy=policy.default)


def test_reply_goes_out_threaded_with_token_and_both_parts(box, agent, smtp_capture):
    raw = raw_email(cc="Bob <bob@customer.example>")
    ticket = receive(box, raw).ticket
    message = reply(
        agent,
        ticket,
        body="Avez-vous **redémarré** ?",
        attachments=[("notice.txt", b"Mode d'emploi")],
    )

    drain()

    row = OutboundEmail.objects.get(ticket_message=message)
    assert row.status == "sent" and row.attempts == 1
    recipients, mail = sent(smtp_capture)
    assert sorted(recipients) == ["alice@customer.example", "bob@customer.example"]
    assert mail["Message-ID"] == f"<{row.message_id}>"
    assert tokens.ticket_from_message_id(row.message_id) == ticket.pk
    assert mail["In-Reply-To"] == f"<{message_id_of(raw)}>"
    assert f"<{message_id_of(raw)}>" in mail["References"]
    assert mail["Subject"] == f"Re: L'imprimante n'imprime plus [{ticket.reference}]"
    assert tokens.ticket_from_address(mail["Reply-To"].addresses[0].addr_spec) == ticket.pk
    assert mail["Cc"] == "bob@customer.example"
    assert "Auto-Submitted" not in mail
    assert mail.get_body(("plain",)).get_content().startswith("Avez-vous **redémarré** ?")
    assert "<p>" in mail.get_body(("html",)).get_content()
    assert [part.get_filename() for part in mail.iter_attachments()] == ["notice.txt"]


def test_customer_answer_to_our_reply_lands_on_the_same_ticket(box, agent, smtp_capture):
    ticket = receive(box, raw_email()).ticket
    reply(agent, ticket)
    drain()
    _, ours = sent(smtp_capture)

    answer = raw_email(
        subject=f"Re: {ours['Subject']}",
        in_reply_to=ours["Message-ID"].strip("<>"),
        to=str(ours["Reply-To"]),
    )
    inbound = receive(box, answer)

    assert inbound.ticket == ticket and ticket.messages.count() == 3
    assert Ticket.objects.count() == 1


def test_acknowledgement_is_automatic_mail_in_the_ticket_language(box, smtp_capture):
    Mailbox.objects.filter(pk=box.pk).update(send_acknowledgement=True, language="en")
    box.refresh_from_db()
    ticket = receive(box, raw_email()).ticket

    drain()

    _, mail = sent(smtp_capture)
    assert mail["Auto-Submitted"] == "auto-replied"
    assert mail["X-Auto-Response-Suppress"] == "All"
    assert ticket.reference in mail["Subject"]
    assert "We have received your request" in mail.get_body(("plain",)).get_content()
    assert OutboundEmail.objects.get(ticket=ticket).status == "sent"


def test_french_ticket_gets_the_french_template(box, agent, smtp_capture):
    ticket = receive(box, raw_email()).ticket
    reply(agent, ticket)
    drain()
    _, mail = sent(smtp_capture)
    assert "Répondez simplement à ce message" in mail.get_body(("plain",)).get_content()


def test_temporary_failure_is_retried_then_sent(box, agent, smtp_capture):
    ticket = receive(box, raw_email()).ticket
    message = reply(agent, ticket)
    row = OutboundEmail.objects.get(ticket_message=message)
    smtp_capture.reply = "451 4.3.0 Try again later"

    with running_attempt(1), pytest.raises(Exception, match="451"):
        outbound.deliver(row.pk)
    row.refresh_from_db()
    assert row.status == "queued" and row.attempts == 1 and "451" in row.last_error

    smtp_capture.reply = "250 OK"
    with running_attempt(2):
        assert outbound.deliver(row.pk) == "sent"
    row.refresh_from_db()
    assert row.attempts == 2 and row.last_error == "" and len(smtp_capture.messages) == 1


def test_permanent_failure_is_not_retried(box, agent, smtp_capture):
    ticket = receive(box, raw_email()).ticket
    row = OutboundEmail.objects.get(ticket_message=reply(agent, ticket))
    smtp_capture.reply = "554 5.7.1 Rejected"
    with running_attempt(1):
        assert outbound.deliver(row.pk) == "failed"
    row.refresh_from_db()
    assert row.status == "failed" and "554" in row.last_error


def test_last_attempt_failure_marks_the_email_failed(box, agent, smtp_capture):
    ticket = receive(box, raw_email()).ticket
    row = OutboundEmail.objects.get(ticket_message=reply(agent, ticket))
    smtp_capture.reply = "451 4.3.0 Try again later"
    with running_attempt(outbound.SEND_MAX_ATTEMPTS):
        assert outbound.deliver(row.pk) == "failed"


def test_sent_email_is_never_sent_again(box, agent, smtp_capture):
    ticket = receive(box, raw_email()).ticket
    row = OutboundEmail.objects.get(ticket_message=reply(agent, ticket))
    outbound.deliver(row.pk)
    outbound.deliver(row.pk)
    outbound.send_reply_email.call(row.ticket_message_id)
    assert len(smtp_capture.messages) == 1


def test_no_email_for_tickets_of_other_channels(box, agent):
    ticket = factories.ticket(box.brand, channel="phone")
    with transaction.atomic():
        message = do_reply(agent, ticket, body="Bonjour")
        assert not OutboundEmail.objects.exists()
        assert outbound.enqueue_reply_email(message) is None
        assert outbound.enqueue_reply_email(message, any_channel=True) is not None


def test_no_email_without_a_mailbox(agent):
    ticket = factories.ticket(factories.brand(), channel="email")
    with transaction.atomic():
        assert outbound.enqueue_reply_email(do_reply(agent, ticket, body="Bonjour")) is None


def test_reply_copies_every_cc_participant_once(box, agent, smtp_capture):
    ticket = receive(box, raw_email()).ticket
    carol = factories.contact(box.brand, email="carol@customer.example")
    TicketParticipant.objects.create(ticket=ticket, contact=carol)
    reply(agent, ticket)
    drain()
    recipients, mail = sent(smtp_capture)
    assert sorted(recipients) == ["alice@customer.example", "carol@customer.example"]


def test_rolled_back_reply_sends_nothing(box, agent, smtp_capture):
    ticket = receive(box, raw_email()).ticket
    with pytest.raises(RuntimeError), transaction.atomic():
        do_reply(agent, ticket, body="Bonjour")
        assert OutboundEmail.objects.count() == 1
        raise RuntimeError("the reply failed")
    drain()
    assert smtp_capture.messages == [] and not OutboundEmail.objects.exists()
    assert InboundEmail.objects.count() == 1


def test_portal_ticket_reply_is_emailed_to_the_customer(box, agent, smtp_capture):
    ticket = factories.ticket(box.brand, channel="portal")
    reply(agent, ticket, body="Votre imprimante est configurée.")
    drain()
    recipients, mail = sent(smtp_capture)
    assert recipients == [ticket.requester.primary_email]
