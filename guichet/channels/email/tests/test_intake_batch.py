"""The processing job applies a mailbox's untouched backlog in one transaction, a savepoint a
message: one bad message never takes the others down, and nothing is applied twice."""

import pytest

from guichet.channels.email import actions, contact_actions, intake
from guichet.channels.email.models import InboundEmail
from guichet.jobs.retry import running_attempt
from guichet.tickets.models import Message, Ticket

from .intake_support import mailbox, raw_email, store

pytestmark = pytest.mark.django_db


def requests(box, count: int) -> list[InboundEmail]:
    return [
        store(box, raw_email(sender=f"client{n}@customer.example", subject=f"Demande {n}"))
        for n in range(count)
    ]


def statuses(rows: list[InboundEmail]) -> list[str]:
    return [InboundEmail.objects.get(pk=row.pk).status for row in rows]


def test_one_job_applies_the_untouched_backlog_of_its_mailbox():
    # Given three stored messages of one mailbox and one of another mailbox
    box = mailbox()
    rows = requests(box, 3)
    other = store(mailbox(), raw_email(subject="Ailleurs"))

    # When the first message's job runs (first attempt)
    with running_attempt(1):
        assert intake.process_with_backlog(rows[0].pk) == "processed"

    # Then the three are applied, each on its own ticket; the other mailbox waits for its job
    assert statuses(rows) == ["processed"] * 3
    assert Ticket.objects.count() == 3
    assert InboundEmail.objects.get(pk=other.pk).status == "received"


def test_the_jobs_of_messages_applied_by_a_batch_change_nothing():
    box = mailbox()
    rows = requests(box, 2)
    with running_attempt(1):
        intake.process_with_backlog(rows[0].pk)
        # When the second message's own job runs afterwards
        assert intake.process_with_backlog(rows[1].pk) == "processed"
    # Then it is not applied twice
    assert Message.objects.count() == 2
    assert InboundEmail.objects.get(pk=rows[1].pk).attempts == 1


def test_a_message_that_fails_in_a_batch_is_rolled_back_alone(monkeypatch):
    # Given three messages, the second of which breaks while it is applied
    box = mailbox()
    rows = requests(box, 3)
    monkeypatch.setattr(actions, "resolve_contact", _broken_for("client1@customer.example"))

    # When the first message's job applies the batch
    with running_attempt(1):
        intake.process_with_backlog(rows[0].pk)

    # Then the others are applied and the broken one is left, untouched, to its own job
    assert statuses(rows) == ["processed", "received", "processed"]
    assert Ticket.objects.count() == 2
    assert InboundEmail.objects.get(pk=rows[1].pk).attempts == 1


def test_the_failure_of_the_jobs_own_message_is_raised_for_a_retry(monkeypatch):
    box = mailbox()
    rows = requests(box, 2)
    monkeypatch.setattr(actions, "resolve_contact", _broken_for("client0@customer.example"))
    with running_attempt(1), pytest.raises(RuntimeError):
        intake.process_with_backlog(rows[0].pk)
    # The rest of the batch is committed all the same
    assert statuses(rows) == ["received", "processed"]


def test_a_retry_applies_its_message_alone():
    # Given two untouched messages
    box = mailbox()
    rows = requests(box, 2)
    # When the first one's job runs again (a second attempt)
    with running_attempt(2):
        intake.process_with_backlog(rows[0].pk)
    # Then only that message is applied
    assert statuses(rows) == ["processed", "received"]


def test_a_message_tried_before_is_left_to_its_own_job():
    box = mailbox()
    rows = requests(box, 2)
    InboundEmail.objects.filter(pk=rows[1].pk).update(attempts=1)  # its job failed once
    with running_attempt(1):
        intake.process_with_backlog(rows[0].pk)
    assert statuses(rows) == ["processed", "received"]


def test_an_unreadable_message_in_a_batch_is_quarantined():
    box = mailbox()
    good = store(box, raw_email())
    bad = store(box, b"\x00\x01 not a header block at all")
    with running_attempt(1):
        intake.process_with_backlog(good.pk)
    assert statuses([good, bad]) == ["processed", "quarantined"]


def test_the_batch_size_comes_from_the_environment(monkeypatch):
    box = mailbox()
    rows = requests(box, 3)
    monkeypatch.setenv("GUICHET_MAIL_BATCH", "2")
    with running_attempt(1):
        intake.process_with_backlog(rows[0].pk)
    assert statuses(rows) == ["processed", "processed", "received"]


def _broken_for(address: str):  # type: ignore[no-untyped-def]
    real = actions.resolve_contact

    def resolve(brand, sender, **kwargs):  # type: ignore[no-untyped-def]
        if sender.address == address:
            raise RuntimeError("broken")
        return real(brand, sender, **kwargs)

    return resolve


def test_a_batch_indexes_its_tickets_and_contacts_for_search_once_committed(
    django_capture_on_commit_callbacks,
):
    from guichet.people.models import Contact
    from guichet.search.models import ContactDocument, TicketDocument

    box = mailbox()
    rows = requests(box, 3)
    with django_capture_on_commit_callbacks(execute=True) as callbacks, running_attempt(1):
        intake.process_with_backlog(rows[0].pk)
    assert len(callbacks) == 2  # one rebuild of the contacts, one of the tickets, for all three
    titles = sorted(TicketDocument.objects.values_list("title", flat=True))
    assert [("Demande 0" in t, "Demande 1" in t, "Demande 2" in t) for t in titles] == [
        (True, False, False), (False, True, False), (False, False, True)
    ]  # fmt: skip
    assert ContactDocument.objects.count() == Contact.objects.count() >= 3


def test_a_copied_address_taken_at_the_same_moment_fails_its_message_which_is_tried_again(
    monkeypatch,
):
    # Given a message copying bob, whom another message made a contact of just after the
    # batch read its contacts (here: the batch does not see him)
    from guichet.core.tests import factories
    from guichet.people.models import Contact

    box = mailbox()
    rows = requests(box, 1)
    late = store(box, raw_email(subject="Copie", cc="Bob <bob@customer.example>"))
    bob = factories.contact(box.brand, email="bob@customer.example")
    real = contact_actions._contact_by_email

    def unseen(brand, value, memo):  # type: ignore[no-untyped-def]
        return None if value == "bob@customer.example" else real(brand, value, memo)

    monkeypatch.setattr(contact_actions, "_contact_by_email", unseen)

    # When the batch is applied: creating bob again clashes with his address
    with running_attempt(1):
        intake.process_with_backlog(rows[0].pk)

    # Then that message alone is rolled back, for its own job
    assert statuses([*rows, late]) == ["processed", "received"]

    # And its retry finds bob: one contact, copied on the ticket
    monkeypatch.setattr(contact_actions, "_contact_by_email", real)
    with running_attempt(2):
        assert intake.process_with_backlog(late.pk) == "processed"
    assert Contact.objects.filter(identities__value="bob@customer.example").count() == 1
    ticket = InboundEmail.objects.get(pk=late.pk).ticket
    assert bob in [p.contact for p in ticket.participants.all()]


def test_a_batch_writes_its_new_tickets_with_one_statement_per_table():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    # Given three new requests to a mailbox that acknowledges them
    box = mailbox(send_acknowledgement=True)
    rows = requests(box, 3)

    # When one job applies them
    with CaptureQueriesContext(connection) as queries, running_attempt(1):
        intake.process_with_backlog(rows[0].pk)

    # Then three tickets, each with its message and acknowledgement, in one INSERT per table
    assert statuses(rows) == ["processed"] * 3
    assert Ticket.objects.count() == Message.objects.count() == 3
    inserts = [
        q["sql"].split("(")[0] for q in queries.captured_queries if q["sql"].startswith("INSERT")
    ]
    for table in ("tickets_ticket", "tickets_message", "email_channel_outboundemail"):
        assert sum(f'INTO "{table}" ' in sql for sql in inserts) == 1, table
    numbers = sorted(Ticket.objects.values_list("number", flat=True))
    assert numbers == list(range(numbers[0], numbers[0] + 3))


def test_new_tickets_that_cannot_be_written_leave_their_messages_to_their_jobs(monkeypatch):
    from guichet.channels.email import batch_actions
    from guichet.channels.email.models import SenderRate

    # Given two new requests from one sender, and a failure when their tickets are written
    box = mailbox(rate_limit_per_hour=10)
    rows = [
        store(box, raw_email(sender="same@customer.example", subject=f"Demande {n}"))
        for n in range(2)
    ]

    def broken(plans):  # type: ignore[no-untyped-def]
        raise RuntimeError("disk full")

    monkeypatch.setattr(batch_actions, "write_new_tickets", broken)

    # When the batch is applied: its own message's failure is raised for a retry
    with running_attempt(1), pytest.raises(RuntimeError):
        intake.process_with_backlog(rows[0].pk)

    # Then nothing of them is written, not even their count toward the rate limit
    assert statuses(rows) == ["received", "received"]
    assert not Ticket.objects.exists()
    assert not SenderRate.objects.filter(count__gt=0).exists()

    # And their jobs apply them later
    monkeypatch.undo()
    with running_attempt(2):
        assert intake.process_with_backlog(rows[0].pk) == "processed"
        assert intake.process_with_backlog(rows[1].pk) == "processed"
    assert Ticket.objects.count() == 2
    assert SenderRate.objects.get(mailbox=box).count == 2
