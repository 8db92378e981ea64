"""The signed inbound webhook: verification (pure) and the endpoint."""

import time

import pytest

from guichet.channels.email import webhook
from guichet.channels.email.models import InboundEmail, Mailbox

from .intake_support import mailbox, raw_email

SECRET = "s3cret-for-tests"
NOW = 1_780_000_000


def test_valid_signature_is_accepted():
    body = b"raw mime"
    assert webhook.verify(SECRET, body, str(NOW), webhook.sign(SECRET, NOW, body), now=NOW).ok


def test_changed_body_is_refused():
    signature = webhook.sign(SECRET, NOW, b"raw mime")
    verdict = webhook.verify(SECRET, b"raw mime!", str(NOW), signature, now=NOW)
    assert not verdict.ok and verdict.reason == "bad signature"


def test_other_secret_is_refused():
    signature = webhook.sign("other", NOW, b"x")
    assert not webhook.verify(SECRET, b"x", str(NOW), signature, now=NOW).ok


def test_old_or_future_timestamp_is_refused_against_replay():
    for sent_at in (NOW - 301, NOW + 301):
        verdict = webhook.verify(
            SECRET, b"x", str(sent_at), webhook.sign(SECRET, sent_at, b"x"), now=NOW
        )
        assert verdict.reason == "timestamp outside the tolerance"


def test_missing_headers_or_secret_are_refused():
    assert webhook.verify(SECRET, b"x", None, None, now=NOW).reason == "missing signature headers"
    assert webhook.verify("", b"x", str(NOW), "v1=00", now=NOW).reason == "no secret configured"
    assert webhook.verify(SECRET, b"x", "soon", "v1=00", now=NOW).reason == "bad timestamp"


@pytest.fixture
def box(db, monkeypatch):
    monkeypatch.setenv("GUICHET_TEST_WEBHOOK_SECRET", SECRET)
    return mailbox(
        kind=Mailbox.Kind.WEBHOOK,
        webhook_secret_env="GUICHET_TEST_WEBHOOK_SECRET",
        max_bytes=20_000,
    )


def post(client, box, body, *, secret=SECRET, timestamp=None):
    timestamp = int(time.time()) if timestamp is None else timestamp
    return client.post(
        f"/email/inbound/{box.pk}/",
        data=body,
        content_type="message/rfc822",
        headers={
            "X-Guichet-Timestamp": str(timestamp),
            "X-Guichet-Signature": webhook.sign(secret, timestamp, body),
        },
    )


def test_signed_message_is_stored_and_answered_202(client, box):
    raw = raw_email()
    response = post(client, box, raw)
    assert response.status_code == 202
    inbound = InboundEmail.objects.get()
    assert response.json() == {"id": inbound.pk, "duplicate": False}
    assert inbound.raw_bytes == raw and inbound.received_via == "webhook"


def test_the_endpoint_needs_no_csrf_token(box):
    from django.test import Client

    response = post(Client(enforce_csrf_checks=True), box, raw_email())
    assert response.status_code == 202


def test_bad_signature_is_refused_with_403_and_nothing_stored(client, box):
    response = post(client, box, raw_email(), secret="wrong")
    assert response.status_code == 403 and not InboundEmail.objects.exists()


def test_replayed_old_request_is_refused(client, box):
    response = post(client, box, raw_email(), timestamp=int(time.time()) - 3600)
    assert response.status_code == 403


def test_same_message_twice_is_stored_once(client, box):
    raw = raw_email()
    post(client, box, raw)
    response = post(client, box, raw)
    assert response.json()["duplicate"] is True and InboundEmail.objects.count() == 1


def test_message_over_the_limit_is_refused_with_413_like_smtp_552(client, box):
    response = post(client, box, raw_email(body=("x" * 70 + "\n") * 500))
    assert response.status_code == 413 and not InboundEmail.objects.exists()


def test_mailbox_without_webhook_secret_is_not_found(client, db):
    other = mailbox()
    assert post(client, other, raw_email()).status_code == 404


def test_get_is_not_allowed(client, box):
    assert client.get(f"/email/inbound/{box.pk}/").status_code == 405
