"""IMAP polling against a real Dovecot on loopback (TLS, passwords and XOAUTH2, UIDs, IDLE)."""
# ruff: noqa: F811 (pytest fixtures imported from mailservers are used as arguments)

import subprocess
import sys
import threading
import time

import pytest
from django.conf import settings

from guichet.channels.email import imap, intake
from guichet.channels.email.models import InboundEmail, Mailbox
from guichet.core.tests.fixtures import media_root  # noqa: F401
from guichet.jobs.tests.support import child_env, wait_until
from guichet.tickets.models import Message, Ticket

from .intake_support import mailbox, raw_email
from .mailservers import dovecot  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]


@pytest.fixture
def imap_box(dovecot, monkeypatch):
    """An IMAP mailbox on a fresh Dovecot account (password in an environment variable)."""
    user, password = dovecot.user()
    variable = "GUICHET_TEST_IMAP_PASSWORD_" + user.split("@")[0].replace("-", "_").upper()
    monkeypatch.setenv(variable, password)
    monkeypatch.setenv("GUICHET_IMAP_CA_FILE", str(dovecot.ca_file))
    box = mailbox(
        address=user, kind=Mailbox.Kind.IMAP, imap_host="127.0.0.1", imap_port=dovecot.port,
        imap_username=user, imap_password_env=variable,
    )  # fmt: skip
    return box, user


def process_all():
    for pk in InboundEmail.objects.filter(status="received").values_list("pk", flat=True):
        intake.process(pk)


def seen(dovecot, user):
    return {uid: "\\Seen" in flags for uid, flags in dovecot.flags(user).items()}


def test_poll_stores_new_mail_and_leaves_it_unseen_until_processed(dovecot, imap_box):
    box, user = imap_box
    dovecot.append(user, raw_email(subject="un"), raw_email(subject="deux"))

    result = imap.poll(box)

    assert (result.fetched, result.stored) == (2, 2)
    assert list(InboundEmail.objects.order_by("imap_uid").values_list("subject", "imap_uid")) == [
        ("un", 1),
        ("deux", 2),
    ]
    box.refresh_from_db()
    assert box.imap_last_uid == 2 and box.imap_uidvalidity
    assert seen(dovecot, user) == {1: False, 2: False}


def test_messages_are_marked_seen_only_after_their_ticket_is_committed(dovecot, imap_box):
    box, user = imap_box
    dovecot.append(user, raw_email(subject="un"), raw_email(subject="deux"))
    imap.poll(box)
    intake.process(InboundEmail.objects.get(subject="un").pk)

    result = imap.poll(box)

    assert result.settled == 1 and result.stored == 0
    assert seen(dovecot, user) == {1: True, 2: False}
    process_all()
    imap.poll(box)
    assert seen(dovecot, user) == {1: True, 2: True}
    assert Ticket.objects.count() == 2


def test_polling_again_fetches_nothing_twice(dovecot, imap_box):
    box, user = imap_box
    dovecot.append(user, raw_email())
    imap.poll(box)
    imap.poll(box)
    dovecot.append(user, raw_email())
    assert imap.poll(box).stored == 1
    assert InboundEmail.objects.count() == 2


def test_renumbered_folder_is_fetched_again_without_duplicates(dovecot, imap_box):
    box, user = imap_box
    dovecot.append(user, raw_email(), raw_email())
    imap.poll(box)
    process_all()
    # The server renumbers the folder (a restored backup, a migration): new UIDVALIDITY.
    Mailbox.objects.filter(pk=box.pk).update(imap_uidvalidity=1, imap_last_uid=99)

    result = imap.poll(box)

    assert result.stored == 0 and InboundEmail.objects.count() == 2
    assert Message.objects.count() == 2
    assert seen(dovecot, user) == {1: True, 2: True}


def test_copies_of_one_message_in_the_folder_make_one_ticket_and_are_all_settled(dovecot, imap_box):
    box, user = imap_box
    raw = raw_email()
    dovecot.append(user, raw, raw)
    imap.poll(box)
    process_all()
    imap.poll(box)
    assert Ticket.objects.count() == 1
    assert seen(dovecot, user) == {1: True, 2: True}


def test_message_over_the_limit_is_not_downloaded_and_stays_on_the_server(dovecot, imap_box):
    box, user = imap_box
    Mailbox.objects.filter(pk=box.pk).update(max_bytes=5000)
    box.refresh_from_db()
    dovecot.append(user, raw_email(body="x" * 20000), raw_email(subject="petit"))

    imap.poll(box)
    process_all()
    imap.poll(box)

    big = InboundEmail.objects.get(imap_uid=1)
    assert big.status == "quarantined" and big.truncated and big.size > 20000
    assert b"xxxx" not in big.raw_bytes
    assert InboundEmail.objects.get(imap_uid=2).status == "processed"
    assert seen(dovecot, user) == {1: False, 2: True}


def test_a_crash_in_the_middle_of_a_poll_loses_and_duplicates_nothing(
    dovecot, imap_box, monkeypatch
):
    box, user = imap_box
    dovecot.append(user, *(raw_email(subject=f"n{n}") for n in range(5)))
    real_to_store, calls = intake.to_store, []

    def crash_on_third(*args, **kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise ConnectionResetError("worker died")
        return real_to_store(*args, **kwargs)

    monkeypatch.setattr(intake, "STORE_BATCH", 2)  # messages stored in one transaction
    monkeypatch.setattr(intake, "to_store", crash_on_third)
    with pytest.raises(ConnectionResetError):
        imap.poll(box)
    assert InboundEmail.objects.count() == 2  # the first group; the second died fetching
    monkeypatch.setattr(intake, "to_store", real_to_store)

    imap.poll(box)
    process_all()
    imap.poll(box)

    assert sorted(InboundEmail.objects.values_list("subject", flat=True)) == [
        f"n{n}" for n in range(5)
    ]
    assert Ticket.objects.count() == 5
    assert all(seen(dovecot, user).values())


def test_delete_after_processing_expunges_the_message(dovecot, imap_box):
    box, user = imap_box
    Mailbox.objects.filter(pk=box.pk).update(imap_after_fetch="delete")
    box.refresh_from_db()
    dovecot.append(user, raw_email(), raw_email())
    imap.poll(box)
    process_all()
    imap.poll(box)
    assert dovecot.flags(user) == {}


def test_move_after_processing_files_the_message(dovecot, imap_box):
    box, user = imap_box
    dovecot.create_folder(user, "Traités")
    Mailbox.objects.filter(pk=box.pk).update(imap_after_fetch="move", imap_move_to="Traités")
    box.refresh_from_db()
    dovecot.append(user, raw_email())
    imap.poll(box)
    process_all()
    imap.poll(box)
    assert dovecot.flags(user) == {}
    assert len(dovecot.flags(user, folder="Traités")) == 1


def test_xoauth2_login_with_a_token_from_the_environment(dovecot, imap_box, monkeypatch):
    box, user = imap_box
    oauth_user, token = dovecot.user()  # an account whose "password" is the access token
    monkeypatch.setenv("GUICHET_TEST_IMAP_TOKEN", token)
    Mailbox.objects.filter(pk=box.pk).update(
        imap_username=oauth_user,
        imap_password_env="",
        imap_oauth2_token_env="GUICHET_TEST_IMAP_TOKEN",
    )
    box.refresh_from_db()
    dovecot.append(oauth_user, raw_email())
    assert imap.poll(box).stored == 1


def test_wrong_password_is_written_on_the_mailbox(dovecot, imap_box, monkeypatch):
    box, _user = imap_box
    monkeypatch.setenv(box.imap_password_env, "wrong")
    assert imap.poll_safely(box) is None
    box.refresh_from_db()
    assert "AUTHENTICATIONFAILED" in box.last_error or "failed" in box.last_error.lower()


def test_missing_secret_is_written_on_the_mailbox(imap_box, monkeypatch):
    box, _user = imap_box
    monkeypatch.delenv(box.imap_password_env)
    assert imap.poll_safely(box) is None
    box.refresh_from_db()
    assert box.imap_password_env in box.last_error


def test_idle_wakes_up_when_mail_arrives(dovecot, imap_box):
    box, user = imap_box
    with imap.session(box) as conn:
        imap.select_folder(conn, box)
        timer = threading.Timer(0.5, dovecot.append, args=(user, raw_email()))
        timer.start()
        started = time.monotonic()
        arrived = imap.idle(conn, timeout=20)
        timer.join()
        assert arrived and time.monotonic() - started < 10
        assert imap.poll_connection(conn, box).stored == 1


def test_folder_names_are_sent_in_modified_utf7():
    assert imap.utf7_folder("Traités & archivés") == "Trait&AOk-s &- archiv&AOk-s"
    assert imap.utf7_folder("INBOX") == "INBOX"


def test_idle_times_out_quietly(imap_box):
    box, _user = imap_box
    with imap.session(box) as conn:
        imap.select_folder(conn, box)
        assert imap.idle(conn, timeout=0.3) is False
        assert conn.noop()[0] == "OK"  # the connection is still usable


def test_starttls_connection_works_too(dovecot, imap_box):
    box, user = imap_box
    Mailbox.objects.filter(pk=box.pk).update(
        imap_security="starttls", imap_port=dovecot.starttls_port
    )
    box.refresh_from_db()
    dovecot.append(user, raw_email())
    assert imap.poll(box).stored == 1


@pytest.mark.django_db(transaction=True)
def test_mail_imap_idle_command_stores_new_mail_within_seconds(dovecot, imap_box, tmp_path):
    # Given the IDLE watcher running as its own process
    box, user = imap_box
    log = tmp_path / "idle.log"
    env = child_env(
        **{
            box.imap_password_env: dovecot.passwords[user],
            "GUICHET_IMAP_CA_FILE": str(dovecot.ca_file),
        }
    )
    with log.open("wb") as out:
        watcher = subprocess.Popen(
            [sys.executable, "manage.py", "mail_imap_idle", box.address, "--idle-seconds", "30"],
            cwd=settings.BASE_DIR, env=env, stdout=out, stderr=out,
        )  # fmt: skip
    try:
        wait_until(lambda: Mailbox.objects.get(pk=box.pk).last_polled_at, 60, "a first poll", log)
        # When mail arrives
        dovecot.append(user, raw_email(subject="urgent"))
        # Then it is stored without waiting for the minute of the periodic poll
        wait_until(lambda: InboundEmail.objects.filter(subject="urgent").exists(), 15, "IDLE", log)
    finally:
        watcher.terminate()
        watcher.wait(timeout=10)
