"""Attachment downloads (API and signed-in browser): safe headers, never active content."""

from __future__ import annotations

import pytest
from django.test import Client

from guichet.core.tests import factories
from guichet.tickets.downloads import served_type
from guichet.tickets.message_actions import do_reply

pytestmark = pytest.mark.django_db

HTML = b"<!doctype html><html><script>alert(1)</script></html>"


@pytest.fixture
def ticket(brand, customer_a):
    return factories.ticket(brand, customer_a.contact)


def attach(agent, ticket, name: str, content: bytes):
    return do_reply(agent, ticket, body="file", attachments=[(name, content)]).attachments.get()


@pytest.mark.parametrize(
    ("stored", "sent"),
    [
        ("text/html", "application/octet-stream"),
        ("image/svg+xml", "application/octet-stream"),
        ("application/xhtml+xml", "application/octet-stream"),
        ("text/xml", "application/octet-stream"),
        ("application/javascript", "application/octet-stream"),
        ("", "application/octet-stream"),
        ("image/png", "image/png"),
        ("text/plain", "text/plain"),
    ],
)
def test_active_content_types_are_sent_as_plain_downloads(stored, sent):
    assert served_type(stored) == sent


def test_api_download_is_a_sandboxed_attachment(api, agent, ticket):
    attachment = attach(agent, ticket, "report.txt", b"all good")
    response = api(agent).get(f"/api/v1/attachments/{attachment.pk}/download")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"all good"
    assert response["Content-Disposition"].startswith("attachment;")
    assert 'filename="report.txt"' in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox; default-src 'none'"


def test_html_attachment_is_never_served_as_html(api, agent, ticket):
    attachment = attach(agent, ticket, "page.html", HTML)
    assert attachment.content_type == "text/html"
    response = api(agent).get(f"/api/v1/attachments/{attachment.pk}/download")
    assert response["Content-Type"] == "application/octet-stream"


def test_download_answers_whatever_the_accept_header(api, agent, ticket):
    attachment = attach(agent, ticket, "a.txt", b"x")
    response = api(agent).get(
        f"/api/v1/attachments/{attachment.pk}/download", HTTP_ACCEPT="application/octet-stream"
    )
    assert response.status_code == 200


def test_signed_in_customer_downloads_from_their_ticket(agent, customer_a, ticket):
    attachment = attach(agent, ticket, "invoice.txt", b"42 EUR")
    browser = Client()
    browser.force_login(customer_a)
    response = browser.get(f"/attachments/{attachment.pk}/download")
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == "sandbox; default-src 'none'"
    assert response["Content-Disposition"].startswith("attachment;")


def test_session_download_of_someone_elses_attachment_is_404(brand, agent, customer_b, ticket):
    attachment = attach(agent, ticket, "invoice.txt", b"42 EUR")
    browser = Client()
    browser.force_login(customer_b)
    assert browser.get(f"/attachments/{attachment.pk}/download").status_code == 404


def test_anonymous_session_download_goes_to_sign_in(agent, ticket):
    attachment = attach(agent, ticket, "invoice.txt", b"42 EUR")
    response = Client().get(f"/attachments/{attachment.pk}/download")
    assert response.status_code == 302
    assert "login" in response["Location"]
