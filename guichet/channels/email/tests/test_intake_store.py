"""Storing raw mail first: deduplication, the size limit, the processing job."""

import hashlib

import pytest
from django_tasks_db.models import DBTaskResult

from guichet.channels.email import intake
from guichet.channels.email.models import InboundEmail
from guichet.core.tests.fixtures import media_root  # noqa: F401
from guichet.jobs.tests.support import drain
from guichet.tickets.models import Ticket

from .intake_support import mailbox, raw_email

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]


def jobs_for(inbound):
    return DBTaskResult.objects.filter(
        task_path="guichet.channels.email.tasks.process_inbound_email",
        args_kwargs__args=[inbound.pk],
    )


def test_raw_bytes_are_stored_as_received_before_any_parsing():
    box = mailbox()
    raw = b"not a mail at all \xff\xfe"
    inbound, created = intake.store(box, raw, via="smtp")
    assert created and inbound.status == InboundEmail.Status.RECEIVED
    assert InboundEmail.objects.get(pk=inbound.pk).raw_bytes == raw
    assert inbound.sha256 == hashlib.sha256(raw).hexdigest()


def test_storing_enqueues_the_processing_job():
    box = mailbox()
    inbound, _ = intake.store(box, raw_email(), via="smtp")
    assert jobs_for(inbound).count() == 1


def test_same_message_twice_is_stored_once():
    box = mailbox()
    raw = raw_email()
    first, created = intake.store(box, raw, via="imap")
    again, created_again = intake.store(box, raw, via="smtp")
    assert created and not created_again and again.pk == first.pk
    assert InboundEmail.objects.count() == 1 and jobs_for(first).count() == 1


def test_same_message_id_with_other_bytes_is_the_same_message():
    box = mailbox()
    raw = raw_email(message_id="same@customer.example")
    relayed = b"Received: from mx by relay; Mon, 9 Mar 2026 10:00:00 +0000\r\n" + raw
    intake.store(box, raw, via="smtp")
    _, created = intake.store(box, relayed, via="imap")
    assert not created


def test_without_message_id_the_hash_of_the_bytes_is_the_key():
    box = mailbox()
    raw = raw_email(message_id=None)
    inbound, _ = intake.store(box, raw, via="smtp")
    assert inbound.dedupe_key == "sha256:" + hashlib.sha256(raw).hexdigest()
    assert not intake.store(box, raw, via="smtp")[1]
    assert intake.store(box, raw + b"\r\n", via="smtp")[1]


def test_same_message_in_another_mailbox_is_stored_again():
    raw = raw_email()
    intake.store(mailbox(), raw, via="smtp")
    assert intake.store(mailbox(), raw, via="smtp")[1]


def test_message_over_the_size_limit_keeps_its_headers_and_is_quarantined():
    box = mailbox(max_bytes=2000)
    raw = raw_email(body="x" * 5000)
    inbound, _ = intake.store(box, raw, via="imap")
    assert inbound.truncated and inbound.size == len(raw)
    inbound.refresh_from_db()
    assert inbound.status == InboundEmail.Status.QUARANTINED
    assert inbound.reason == f"message is {len(raw)} bytes, over the limit of 2000 bytes"
    assert inbound.raw_bytes.endswith(b"\n\n") and b"xxxx" not in inbound.raw_bytes
    assert not jobs_for(inbound).exists()


def test_the_job_processes_stored_mail():
    box = mailbox()
    inbound, _ = intake.store(box, raw_email(), via="smtp")
    drain()
    inbound.refresh_from_db()
    assert inbound.status == InboundEmail.Status.PROCESSED
    assert Ticket.objects.count() == 1


def test_peek_reads_headers_without_parsing_the_body():
    found = intake.peek(
        raw_email(sender="Zoé <zoe@customer.example>", subject="=?utf-8?q?Caf=C3=A9?=")
    )
    assert found.sender == "zoe@customer.example"
    assert found.subject == "Café"
    assert intake.peek(b"\x00\x01garbage").message_id is None


def test_mailbox_addresses_are_kept_in_lower_case():
    assert mailbox(address=" Support@Help.Example ").address == "support@help.example"
