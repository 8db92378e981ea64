"""Applying stored mail to tickets: new tickets, threading, participants, reopen rules, noise."""

import datetime as dt

import pytest
from django.utils import timezone

from guichet.channels.email import intake, tokens
from guichet.channels.email.models import BounceRecord, InboundEmail, Mailbox, OutboundEmail
from guichet.core.tests import factories
from guichet.core.tests.fixtures import media_root  # noqa: F401
from guichet.people.models import Contact, ContactIdentity
from guichet.tickets.models import Message, Status, Ticket, TicketLink, TicketParticipant

from .intake_support import mailbox, message_id_of, raw_email, receive

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]

GMAIL_REPLY = (
    "Merci, c'est reparti !\n\n"
    "Le lun. 9 mars 2026 à 10:02, Support <support@help.example> a écrit :\n"
    "> Avez-vous redémarré l'imprimante ?\n"
)


@pytest.fixture
def box():
    return mailbox(address="support@help.example")


def first_ticket(brand):
    return Ticket.objects.filter(brand=brand).get()


def outbound_for(ticket, **kwargs):
    return OutboundEmail.objects.create(
        ticket=ticket, kind="reply", from_address="support@help.example",
        message_id=tokens.make_message_id(ticket.pk, "help.example"),
        to=["alice@customer.example"], subject="Re", **kwargs,
    )  # fmt: skip


def test_new_message_opens_a_ticket_for_a_new_contact(box):
    inbound = receive(box, raw_email())

    ticket = first_ticket(box.brand)
    assert inbound.status == InboundEmail.Status.PROCESSED
    assert inbound.ticket == ticket and inbound.ticket_message.ticket == ticket
    assert ticket.channel == "email" and ticket.status == Status.NEW
    assert ticket.subject == "L'imprimante n'imprime plus"
    assert ticket.requester.name == "Alice Martin"
    assert ticket.requester.identities.get().value == "alice@customer.example"
    assert "plus rien ne sort" in inbound.ticket_message.body_text


def test_known_sender_is_found_by_email_identity(box):
    known = factories.contact(box.brand, email="alice@customer.example")
    receive(box, raw_email(sender="ALICE@Customer.Example"))
    assert first_ticket(box.brand).requester == known
    assert Contact.objects.filter(brand=box.brand).count() == 1


def test_new_contact_joins_the_organisation_of_its_domain(box):
    org = factories.organisation(box.brand, domains=["customer.example"])
    receive(box, raw_email(sender="bob@mail.customer.example"))
    ticket = first_ticket(box.brand)
    assert ticket.requester.organisation == org
    assert ticket.organisation == org


def test_mailbox_team_and_language_go_to_the_ticket(box):
    team = factories.team(2, box.brand)
    Mailbox.objects.filter(pk=box.pk).update(team=team, language="en")
    box.refresh_from_db()
    receive(box, raw_email())
    ticket = first_ticket(box.brand)
    assert ticket.team == team and ticket.tier == 2 and ticket.language == "en"


def test_cc_addresses_become_participants_but_not_our_mailboxes(box):
    receive(box, raw_email(cc="Bob <bob@customer.example>, support@help.example"))
    ticket = first_ticket(box.brand)
    cc = TicketParticipant.objects.filter(ticket=ticket).values_list(
        "contact__identities__value", flat=True
    )
    assert list(cc) == ["bob@customer.example"]


def test_only_the_new_text_of_a_reply_becomes_the_message(box):
    inbound = receive(box, raw_email(body=GMAIL_REPLY))
    body = inbound.ticket_message.body_text
    assert body.startswith("Merci, c'est reparti !")
    assert "redémarré" not in body
    assert "redémarré" in inbound.raw_bytes.decode()  # the original stays one click away


def test_attachments_and_inline_images_are_kept(box):
    png = b"\x89PNG\r\n\x1a\n" + b"\0" * 64
    inbound = receive(box, raw_email(attachments=[("capture.png", png, "image/png")]))
    attachment = inbound.ticket_message.attachments.get()
    assert attachment.filename == "capture.png" and attachment.content_type == "image/png"


def test_reply_threads_by_in_reply_to_our_message_id(box):
    ticket = factories.ticket(box.brand, channel="email")
    ours = outbound_for(ticket)
    requester_email = ticket.requester.identities.get().value

    inbound = receive(
        box,
        raw_email(sender=requester_email, subject="Re: autre chose", in_reply_to=ours.message_id),
    )

    assert inbound.ticket == ticket
    assert ticket.messages.count() == 2


def test_reply_threads_by_signed_reply_to_address(box):
    ticket = factories.ticket(box.brand, channel="email")
    email = ticket.requester.identities.get().value
    inbound = receive(
        box,
        raw_email(
            sender=email, to=tokens.plus_address(box.address, ticket.pk), subject="sans référence"
        ),
    )
    assert inbound.ticket == ticket


def test_reply_threads_by_reference_in_subject(box):
    ticket = factories.ticket(box.brand, channel="email")
    email = ticket.requester.identities.get().value
    inbound = receive(box, raw_email(sender=email, subject=f"Re: suite [{ticket.reference}]"))
    assert inbound.ticket == ticket


def test_reply_threads_to_the_customer_first_message_in_a_thread(box):
    first = raw_email(message_id="first@customer.example")
    receive(box, first)
    inbound = receive(box, raw_email(subject="Re: ?", in_reply_to="first@customer.example"))
    assert inbound.ticket == first_ticket(box.brand)


def test_reply_to_merged_ticket_lands_on_the_merge_target(box):
    source = factories.ticket(box.brand, channel="email")
    target = factories.ticket(box.brand, requester=source.requester)
    Ticket.objects.filter(pk=source.pk).update(merged_into=target, status=Status.CLOSED)
    email = source.requester.identities.get().value
    inbound = receive(box, raw_email(sender=email, subject=f"Re: [{source.reference}]"))
    assert inbound.ticket == target


def test_cc_participant_reply_lands_on_the_ticket(box):
    ticket = factories.ticket(box.brand, channel="email")
    bob = factories.contact(box.brand, email="bob@customer.example")
    TicketParticipant.objects.create(ticket=ticket, contact=bob)
    inbound = receive(
        box, raw_email(sender="bob@customer.example", subject=f"Re: [{ticket.reference}]")
    )
    assert inbound.ticket == ticket


def test_stranger_reply_opens_a_new_linked_ticket(box):
    ticket = factories.ticket(box.brand, channel="email")
    inbound = receive(
        box, raw_email(sender="mallory@evil.example", subject=f"Re: [{ticket.reference}]")
    )
    assert inbound.status == InboundEmail.Status.PROCESSED
    assert inbound.ticket != ticket
    assert ticket.messages.count() == 1
    assert TicketLink.objects.filter(source=inbound.ticket, target=ticket, kind="related").exists()


def test_stranger_reply_is_held_when_the_mailbox_says_so(box):
    Mailbox.objects.filter(pk=box.pk).update(stranger_policy="hold")
    box.refresh_from_db()
    ticket = factories.ticket(box.brand, channel="email")
    inbound = receive(
        box, raw_email(sender="mallory@evil.example", subject=f"Re: [{ticket.reference}]")
    )
    assert inbound.status == InboundEmail.Status.HELD
    assert "not a participant" in inbound.reason
    assert inbound.ticket == ticket and inbound.ticket_message is None
    assert Ticket.objects.count() == 1 and ticket.messages.count() == 1


def test_reply_to_recently_solved_ticket_reopens_it(box):
    ticket = factories.ticket(box.brand, channel="email")
    Ticket.objects.filter(pk=ticket.pk).update(
        status=Status.SOLVED, solved_at=timezone.now() - dt.timedelta(days=2)
    )
    email = ticket.requester.identities.get().value
    inbound = receive(box, raw_email(sender=email, subject=f"Re: [{ticket.reference}]"))
    ticket.refresh_from_db()
    assert inbound.ticket == ticket
    assert ticket.status == Status.OPEN and ticket.reopen_count == 1


def test_reply_to_long_solved_ticket_opens_a_linked_ticket(box):
    ticket = factories.ticket(box.brand, channel="email")
    Ticket.objects.filter(pk=ticket.pk).update(
        status=Status.SOLVED, solved_at=timezone.now() - dt.timedelta(days=40)
    )
    email = ticket.requester.identities.get().value
    inbound = receive(box, raw_email(sender=email, subject=f"Re: [{ticket.reference}]"))
    ticket.refresh_from_db()
    assert inbound.ticket != ticket and ticket.status == Status.SOLVED
    assert TicketLink.objects.filter(source=inbound.ticket, target=ticket).exists()


def test_reply_to_closed_ticket_opens_a_linked_ticket(box):
    ticket = factories.ticket(box.brand, channel="email")
    Ticket.objects.filter(pk=ticket.pk).update(status=Status.CLOSED)
    email = ticket.requester.identities.get().value
    inbound = receive(box, raw_email(sender=email, subject=f"Re: [{ticket.reference}]"))
    assert inbound.ticket != ticket
    assert TicketLink.objects.filter(source=inbound.ticket, target=ticket).exists()


def test_customer_reply_on_pending_ticket_opens_it(box):
    ticket = factories.ticket(box.brand, channel="email")
    Ticket.objects.filter(pk=ticket.pk).update(status=Status.PENDING)
    email = ticket.requester.identities.get().value
    receive(box, raw_email(sender=email, subject=f"Re: [{ticket.reference}]"))
    ticket.refresh_from_db()
    assert ticket.status == Status.OPEN


def test_auto_reply_to_pending_ticket_is_kept_without_reopening_it(box):
    ticket = factories.ticket(box.brand, channel="email")
    Ticket.objects.filter(pk=ticket.pk).update(status=Status.PENDING)
    email = ticket.requester.identities.get().value
    inbound = receive(
        box,
        raw_email(
            sender=email,
            subject=f"Réponse automatique : [{ticket.reference}]",
            headers={"Auto-Submitted": "auto-replied"},
        ),
    )
    ticket.refresh_from_db()
    assert inbound.ticket == ticket and inbound.noise == "auto_reply"
    assert ticket.status == Status.PENDING


def test_auto_reply_that_answers_no_ticket_is_ignored(box):
    inbound = receive(
        box, raw_email(subject="Absence du bureau", headers={"Auto-Submitted": "auto-replied"})
    )
    assert inbound.status == InboundEmail.Status.IGNORED
    assert not Ticket.objects.exists()


def test_new_ticket_gets_an_acknowledgement(box):
    Mailbox.objects.filter(pk=box.pk).update(send_acknowledgement=True)
    box.refresh_from_db()
    raw = raw_email()
    inbound = receive(box, raw)
    ack = OutboundEmail.objects.get(ticket=inbound.ticket)
    assert ack.kind == "ack" and ack.to == ["alice@customer.example"]
    assert ack.in_reply_to == message_id_of(raw)


def test_automatic_mail_never_gets_an_acknowledgement(box):
    Mailbox.objects.filter(pk=box.pk).update(send_acknowledgement=True)
    box.refresh_from_db()
    receive(box, raw_email(subject="Newsletter", headers={"Precedence": "bulk"}))
    receive(box, raw_email(subject="Infos", headers={"List-Id": "<news.customer.example>"}))
    assert Ticket.objects.count() == 2  # bulk and list mail still make tickets
    assert not OutboundEmail.objects.exists()


def test_bounce_is_recorded_on_the_contact_and_our_message_never_a_ticket(box):
    ticket = factories.ticket(box.brand, channel="email")
    ours = outbound_for(ticket, status="sent")
    identity = ticket.requester.identities.get()
    dsn = dsn_raw(box.address, identity.value, ours.message_id)

    inbound = receive(box, dsn)

    assert inbound.status == InboundEmail.Status.IGNORED and inbound.noise == "bounce"
    assert Ticket.objects.count() == 1
    ours.refresh_from_db()
    assert ours.status == "bounced" and ours.dsn_status == "5.1.1"
    record = BounceRecord.objects.get()
    assert record.identity == identity and record.permanent and record.outbound == ours


def test_mail_from_our_own_mailbox_is_ignored(box):
    other = mailbox(brand=box.brand)
    inbound = receive(box, raw_email(sender=other.address))
    assert inbound.status == InboundEmail.Status.IGNORED and "loop" in inbound.reason


def test_mail_storm_from_one_sender_is_held_past_the_rate_limit(box):
    Mailbox.objects.filter(pk=box.pk).update(rate_limit_per_hour=3)
    box.refresh_from_db()
    statuses = [receive(box, raw_email(subject=f"Spam {n}")).status for n in range(5)]
    assert statuses == ["processed"] * 3 + ["held"] * 2
    assert Ticket.objects.count() == 3
    assert InboundEmail.objects.filter(status="held", reason__startswith="rate limit").count() == 2


def test_same_message_in_two_mailboxes_of_a_brand_makes_one_message(box):
    other = mailbox(brand=box.brand)
    raw = raw_email(to=f"{box.address}, {other.address}")
    receive(box, raw)
    second = receive(other, raw)
    assert Message.objects.count() == 1
    assert second.status == InboundEmail.Status.PROCESSED and "already on" in second.reason


def test_message_without_sender_is_held(box):
    raw = b"To: support@help.example\r\nSubject: sans expediteur\r\n\r\nbonjour\r\n"
    inbound = receive(box, raw)
    assert inbound.status == InboundEmail.Status.HELD and inbound.reason == "no sender address"


def test_unreadable_message_is_quarantined_and_the_next_one_goes_through(box):
    broken = receive(box, b"\r\n\r\n")
    fine = receive(box, raw_email())
    assert broken.status == InboundEmail.Status.QUARANTINED and broken.reason == "empty message"
    assert fine.status == InboundEmail.Status.PROCESSED


def test_a_bug_while_applying_quarantines_on_the_last_attempt(box, monkeypatch):
    def explode(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("guichet.channels.email.actions._apply", explode)
    inbound = receive(box, raw_email())
    assert inbound.status == InboundEmail.Status.QUARANTINED
    assert inbound.reason == "processing error: RuntimeError: boom"


def test_a_bug_before_the_last_attempt_is_raised_for_a_retry(box, monkeypatch):
    from guichet.jobs.retry import running_attempt

    monkeypatch.setattr("guichet.channels.email.actions._apply", lambda x: 1 / 0)
    inbound = intake.store(box, raw_email(), via="upload")[0]
    with running_attempt(1), pytest.raises(ZeroDivisionError):
        intake.process(inbound.pk)
    inbound.refresh_from_db()
    assert inbound.status == InboundEmail.Status.RECEIVED and inbound.attempts == 1


def test_processing_twice_applies_once(box):
    inbound = intake.store(box, raw_email(), via="upload")[0]
    intake.process(inbound.pk)
    intake.process(inbound.pk)
    assert Message.objects.count() == 1


def test_invalid_sender_address_is_held(box):
    inbound = receive(box, raw_email(sender="Bug <bb@bug>"))
    assert inbound.status == InboundEmail.Status.HELD and "invalid sender" in inbound.reason
    assert not ContactIdentity.objects.exists()


def dsn_raw(mailbox_address: str, recipient: str, original_id: str) -> bytes:
    return (
        "From: Mail Delivery System <MAILER-DAEMON@mx.customer.example>\r\n"
        f"To: {mailbox_address}\r\n"
        "Subject: Undelivered Mail Returned to Sender\r\n"
        "Message-ID: <dsn-1@mx.customer.example>\r\n"
        "Auto-Submitted: auto-replied\r\n"
        "MIME-Version: 1.0\r\n"
        'Content-Type: multipart/report; report-type=delivery-status; boundary="B"\r\n'
        "\r\n--B\r\nContent-Type: text/plain\r\n\r\nYour message could not be delivered.\r\n"
        "--B\r\nContent-Type: message/delivery-status\r\n\r\n"
        "Reporting-MTA: dns; mx.customer.example\r\n\r\n"
        f"Final-Recipient: rfc822; {recipient}\r\nAction: failed\r\nStatus: 5.1.1\r\n"
        "Diagnostic-Code: smtp; 550 5.1.1 No such user\r\n"
        "\r\n--B\r\nContent-Type: text/rfc822-headers\r\n\r\n"
        f"Message-ID: <{original_id}>\r\nSubject: Re: [X]\r\n"
        "\r\n--B--\r\n"
    ).encode()


class WorkerDied(BaseException):
    """What kill -9 looks like from inside: nothing after it runs, nothing is caught."""


def test_dying_in_the_middle_of_applying_leaves_nothing_half_done(box, monkeypatch):
    # Given a worker that dies after the ticket and contact are written, before the commit
    Mailbox.objects.filter(pk=box.pk).update(send_acknowledgement=True)
    box.refresh_from_db()
    inbound = intake.store(box, raw_email(), via="upload")[0]

    def die(*args, **kwargs):
        raise WorkerDied

    monkeypatch.setattr("guichet.channels.email.new_tickets.queue_outbound", die)
    with pytest.raises(WorkerDied):
        intake.process(inbound.pk)

    # Then nothing of that attempt remains, and the message waits to be processed again
    inbound.refresh_from_db()
    assert inbound.status == "received"
    assert not Ticket.objects.exists() and not Contact.objects.exists()
    monkeypatch.undo()
    intake.process(inbound.pk)
    assert Ticket.objects.count() == 1 and Message.objects.count() == 1


def test_deleting_a_ticket_deletes_the_raw_mail_applied_to_it(box):
    from guichet.tickets.actions import do_delete_ticket

    first = receive(box, raw_email(subject="À effacer"))
    kept = receive(box, raw_email(subject="À garder"))
    held = receive(box, raw_email(subject="En attente"))
    InboundEmail.objects.filter(pk=held.pk).update(status="held", ticket=first.ticket)
    do_delete_ticket(factories.agent("admin"), first.ticket)
    assert not InboundEmail.objects.filter(pk=first.pk).exists()
    assert InboundEmail.objects.get(pk=kept.pk).ticket_id == kept.ticket_id
    assert InboundEmail.objects.get(pk=held.pk).ticket_id is None  # left for the admins
