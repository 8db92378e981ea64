"""The built-in SMTP server, talked to over loopback with smtplib."""

import smtplib
import subprocess
import sys

import pytest
from django.conf import settings
from django_tasks_db.models import DBTaskResult

from guichet.channels.email import intake, tokens
from guichet.channels.email.models import InboundEmail, Mailbox
from guichet.channels.email.smtp_server import IntakeController
from guichet.jobs.tests.support import child_env

from .intake_support import mailbox, raw_email
from .mailservers import free_port, wait_for_port

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def box():
    return mailbox(address="support@help.example", kind=Mailbox.Kind.SMTP, max_bytes=50_000)


@pytest.fixture
def server(box):
    controller = IntakeController("127.0.0.1", free_port(), data_size_limit=100_000)
    controller.start()
    try:
        yield controller
    finally:
        controller.stop()


def crlf(raw):
    return raw.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")


def send(server, raw, to=("support@help.example",), sender="alice@customer.example"):
    """Send as an MTA does: CRLF line ends (smtplib sends bytes as they are)."""
    with smtplib.SMTP(server.hostname, server.port, timeout=30) as client:
        return client.sendmail(sender, list(to), crlf(raw))


def test_delivered_mail_is_committed_before_the_250(server):
    raw = raw_email()
    refused = send(server, raw)
    # The 250 came back: the row is there for any other connection to read, with its job.
    assert refused == {}
    inbound = InboundEmail.objects.get()
    assert inbound.raw_bytes == crlf(raw)
    assert inbound.received_via == "smtp"
    assert inbound.envelope_from == "alice@customer.example"
    assert inbound.envelope_to == ["support@help.example"]
    assert DBTaskResult.objects.filter(task_path__endswith="process_inbound_email").count() == 1


def test_plus_addressed_recipient_reaches_the_mailbox(server, box):
    address = tokens.plus_address(box.address, 12)
    send(server, raw_email(to=address), to=[address])
    assert InboundEmail.objects.get().envelope_to == [address]


def test_unknown_recipient_is_refused_with_550(server):
    with pytest.raises(smtplib.SMTPRecipientsRefused) as refused:
        send(server, raw_email(), to=["nobody@help.example"])
    assert refused.value.recipients["nobody@help.example"][0] == 550
    assert not InboundEmail.objects.exists()


def test_message_too_large_for_the_mailbox_is_refused_with_552(server):
    with pytest.raises(smtplib.SMTPDataError) as refused:
        send(server, raw_email(body=("x" * 70 + "\n") * 900))
    assert refused.value.smtp_code == 552
    assert not InboundEmail.objects.exists()


def test_message_over_the_server_limit_is_refused_with_552(server):
    with pytest.raises((smtplib.SMTPSenderRefused, smtplib.SMTPDataError)) as refused:
        send(server, raw_email(body=("x" * 70 + "\n") * 2200))
    assert refused.value.smtp_code == 552


def test_same_message_delivered_twice_is_stored_once(server):
    raw = raw_email()
    send(server, raw)
    send(server, raw)
    assert InboundEmail.objects.count() == 1


def test_a_storage_failure_answers_451_so_the_sender_tries_again(server, monkeypatch):
    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(intake, "store", broken)
    with pytest.raises(smtplib.SMTPDataError) as refused:
        send(server, raw_email())
    assert refused.value.smtp_code == 451


def test_mail_smtpd_command_receives_mail(box, tmp_path):
    port = free_port()
    with (tmp_path / "smtpd.log").open("wb") as out:
        server = subprocess.Popen(
            [sys.executable, "manage.py", "mail_smtpd", "--port", str(port)],
            cwd=settings.BASE_DIR, env=child_env(), stdout=out, stderr=out,
        )  # fmt: skip
    try:
        wait_for_port(port, timeout=60)
        with smtplib.SMTP("127.0.0.1", port, timeout=30) as client:
            client.sendmail("alice@customer.example", ["support@help.example"], crlf(raw_email()))
        assert InboundEmail.objects.get().received_via == "smtp"
    finally:
        server.terminate()
        server.wait(timeout=10)
