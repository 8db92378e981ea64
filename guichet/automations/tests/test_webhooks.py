"""Outgoing webhooks: signed, retried with backoff, refused towards non-public addresses.

A real HTTP server listens on loopback; loopback is allowed only where a test says so.
"""

import datetime as dt
import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import time_machine
from django_tasks_db.models import DBTaskResult

from guichet.automations import netguard, signing
from guichet.automations.models import Webhook, WebhookDelivery
from guichet.automations.webhook_actions import check_webhook_url, do_enqueue_delivery
from guichet.core.errors import ActionError
from guichet.core.tests import factories
from guichet.jobs.tests.support import drain

pytestmark = pytest.mark.django_db
T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


class Receiver:
    """A loopback HTTP server that records requests and answers with scripted statuses."""

    def __init__(self, statuses=(200,)):
        self.requests: list[dict] = []
        self.statuses = list(statuses)
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append({"headers": dict(self.headers), "body": body})
                status = receiver.statuses.pop(0) if receiver.statuses else 200
                self.send_response(status)
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def allow_loopback(settings):
    settings.WEBHOOKS_ALLOW_PRIVATE_NETWORKS = True


def queue(url, secret="whsec_test"):
    hook = Webhook.objects.create(name="Récepteur", url=url, secret=secret)
    return do_enqueue_delivery(hook, "automation.fired", {"ticket": {"id": 1}})


def test_delivery_is_signed_with_hmac_sha256_and_a_timestamp(allow_loopback):
    with Receiver() as receiver:
        delivery = queue(receiver.url)
        drain()

    request = receiver.requests[0]
    header = request["headers"]["X-Guichet-Signature"]
    assert signing.verify("whsec_test", header, request["body"], now=int(time.time()))
    assert not signing.verify("another-secret", header, request["body"], now=int(time.time()))
    assert json.loads(request["body"])["data"] == {"ticket": {"id": 1}}
    assert request["headers"]["X-Guichet-Event"] == "automation.fired"
    delivery.refresh_from_db()
    assert (delivery.status, delivery.response_status, delivery.attempts) == ("delivered", 200, 1)


def test_signature_over_a_tampered_body_or_an_old_timestamp_does_not_verify():
    header = signing.signature("s", 1_700_000_000, b'{"a":1}')

    assert signing.verify("s", header, b'{"a":1}', now=1_700_000_010)
    assert not signing.verify("s", header, b'{"a":2}', now=1_700_000_010)
    assert not signing.verify("s", header, b'{"a":1}', now=1_700_000_000 + 301)


def test_server_errors_are_retried_with_backoff_until_delivered(allow_loopback):
    with (
        Receiver(statuses=(500, 503, 200)) as receiver,
        time_machine.travel(T0, tick=False) as clock,
    ):
        delivery = queue(receiver.url)
        drain()  # attempt 1: 500
        row = DBTaskResult.objects.get(task_path__endswith="deliver_webhook")
        assert row.status == "READY"
        assert dt.timedelta(seconds=30) <= row.run_after - T0 <= dt.timedelta(seconds=33)

        clock.move_to(T0 + dt.timedelta(seconds=34))
        drain()  # attempt 2: 503, then twice the delay
        row.refresh_from_db()
        assert (
            dt.timedelta(seconds=60)
            <= row.run_after - (T0 + dt.timedelta(seconds=34))
            <= dt.timedelta(seconds=66)
        )

        clock.move_to(T0 + dt.timedelta(seconds=120))
        drain()  # attempt 3: 200

    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("delivered", 3)
    assert len(receiver.requests) == 3


def test_client_error_fails_the_delivery_without_retrying(allow_loopback):
    with Receiver(statuses=(404,)) as receiver:
        delivery = queue(receiver.url)
        drain()

    delivery.refresh_from_db()
    assert (delivery.status, delivery.response_status) == ("failed", 404)
    assert len(receiver.requests) == 1


def test_loopback_is_refused_unless_allowed():
    # Given the default settings (private networks not allowed)
    with Receiver() as receiver:
        hook = Webhook.objects.create(name="Local", url=receiver.url, secret="s")
        delivery = do_enqueue_delivery(hook, "automation.fired", {})
        drain()

    # Then nothing reached the server and the delivery is refused, not retried
    assert receiver.requests == []
    delivery.refresh_from_db()
    assert delivery.status == "refused" and "127.0.0.1" in delivery.last_error
    assert DBTaskResult.objects.get(task_path__endswith="deliver_webhook").status == "SUCCESSFUL"


@pytest.mark.parametrize(
    "address",
    ["127.0.0.1", "10.1.2.3", "172.16.0.5", "192.168.1.1", "169.254.169.254", "100.64.0.1",
     "0.0.0.0", "::1", "fe80::1", "fc00::1", "::ffff:127.0.0.1", "224.0.0.1"],
)  # fmt: skip
def test_non_public_addresses_are_not_public(address):
    assert not netguard.is_public(address)


def test_public_addresses_are_public():
    assert netguard.is_public("93.184.216.34") and netguard.is_public("2606:2800:220:1::1")


def test_a_name_resolving_to_any_private_address_is_refused(monkeypatch):
    def resolve(host, port, *args, **kwargs):
        return [
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", (ip, port))
            for ip in ("93.184.216.34", "10.0.0.7")
        ]

    monkeypatch.setattr(socket, "getaddrinfo", resolve)

    with pytest.raises(netguard.AddressRefused):
        netguard.resolve_public("hooks.example.com", 443)


def test_dns_rebinding_between_check_and_connect_is_refused(monkeypatch, settings):
    # Given a name that resolved to a public address when the webhook was saved...
    settings.WEBHOOKS_ALLOW_PRIVATE_NETWORKS = False
    check_webhook_url("http://rebind.example.com/hook")
    with Receiver() as receiver:
        port = receiver.server.server_port
        answers = iter(["127.0.0.1"])

        def resolve(host, port_, *args, **kwargs):
            return [
                (socket.AF_INET, socket.SOCK_STREAM, 6, "", (next(answers, "127.0.0.1"), port_))
            ]

        # ...and now answers with loopback when the delivery connects
        monkeypatch.setattr(socket, "getaddrinfo", resolve)
        delivery = queue(f"http://rebind.example.com:{port}/hook")
        drain()

    assert receiver.requests == []
    delivery.refresh_from_db()
    assert delivery.status == "refused"


@pytest.mark.parametrize(
    "url",
    ["ftp://example.com/x", "http://localhost:8000/", "http://127.0.0.1/", "http://[::1]/",
     "http://169.254.169.254/latest/meta-data/", "https://user:pw@example.com/", "not a url"],
)  # fmt: skip
def test_saving_a_webhook_refuses_bad_or_private_urls(url):
    with pytest.raises(ActionError):
        check_webhook_url(url)


def test_admin_may_allow_private_addresses_explicitly(settings):
    settings.WEBHOOKS_ALLOW_PRIVATE_NETWORKS = True

    assert check_webhook_url("http://10.0.0.5/hook") == "http://10.0.0.5/hook"


def test_only_admins_save_webhooks():
    from guichet.automations.webhook_actions import do_save_webhook
    from guichet.core.errors import NotAllowed

    with pytest.raises(NotAllowed):
        do_save_webhook(factories.agent("supervisor"), None, name="x", url="https://example.com/")
    hook = do_save_webhook(factories.agent("admin"), None, name="x", url="https://example.com/")
    assert hook.secret.startswith("whsec_") and WebhookDelivery.objects.count() == 0


def test_delivery_fails_for_good_after_the_last_attempt(allow_loopback):
    from guichet.automations.webhook_actions import RETRY_ATTEMPTS

    with Receiver(statuses=[502] * 10) as receiver, time_machine.travel(T0, tick=False) as clock:
        delivery = queue(receiver.url)
        for attempt in range(RETRY_ATTEMPTS):
            clock.move_to(T0 + dt.timedelta(hours=3 * attempt))
            drain()

    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.response_status) == (
        "failed",
        RETRY_ATTEMPTS,
        502,
    )
    assert DBTaskResult.objects.get(task_path__endswith="deliver_webhook").status == "FAILED"
    assert len(receiver.requests) == RETRY_ATTEMPTS


def test_an_admin_allows_a_private_receiver_for_one_webhook_only():
    from guichet.automations.webhook_actions import do_save_webhook

    admin = factories.agent("admin")
    with Receiver() as receiver:
        # Given the server setting off, one webhook allowed by an admin, another not
        allowed = do_save_webhook(admin, None, name="Interne", url=receiver.url,
                                  allow_private_network=True)  # fmt: skip
        other = Webhook.objects.create(name="Autre", url=receiver.url, secret="s")

        # When both are called
        first = do_enqueue_delivery(allowed, "automation.fired", {"n": 1})
        second = do_enqueue_delivery(other, "automation.fired", {"n": 2})
        drain()

    # Then only the allowed one reached the loopback receiver
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == ("delivered", "refused")
    assert [json.loads(r["body"])["data"] for r in receiver.requests] == [{"n": 1}]
    with pytest.raises(ActionError):
        do_save_webhook(admin, None, name="Non coché", url=receiver.url)
