"""Admin pages for incoming mail: quarantine, original message, sandboxed HTML, retry, release."""

import base64

import pytest
from django.template import Context, Template
from django.test import Client

from guichet.channels.email.models import InboundEmail, Mailbox
from guichet.core.tests import factories
from guichet.core.tests.fixtures import media_root  # noqa: F401
from guichet.jobs.tests.support import drain
from guichet.tickets.models import Ticket

from .intake_support import mailbox, raw_email, receive

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)


@pytest.fixture
def box():
    return mailbox(address="support@help.example")


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def supervisor(box):
    return signed_in(factories.agent("supervisor", brands=[box.brand]))


@pytest.fixture
def quarantined(box):
    return receive(box, b"\r\n")


def html_mail():
    return (
        b"From: Alice <alice@customer.example>\r\nTo: support@help.example\r\n"
        b"Subject: Capture\r\nMessage-ID: <html-1@customer.example>\r\nMIME-Version: 1.0\r\n"
        b'Content-Type: multipart/related; boundary="R"\r\n\r\n'
        b"--R\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
        b'<p onclick="steal()">Voici <b>la capture</b></p><script>alert(1)</script>'
        b'<img src="cid:capture@x"><img src="https://tracker.example/pixel.gif">\r\n'
        b"--R\r\nContent-Type: image/png\r\nContent-ID: <capture@x>\r\n"
        b"Content-Transfer-Encoding: base64\r\n\r\n" + base64.encodebytes(PNG) + b"--R--\r\n"
    )


def test_supervisor_sees_the_quarantine(supervisor, quarantined):
    response = supervisor.get("/email/quarantine/")
    assert response.status_code == 200
    assert f"/email/messages/{quarantined.pk}/".encode() in response.content


def test_agent_cannot_see_the_quarantine(box, quarantined):
    response = signed_in(factories.agent("agent")).get("/email/quarantine/")
    assert response.status_code == 403


def test_supervisor_of_another_brand_sees_nothing_of_this_one(quarantined):
    other = signed_in(factories.agent("supervisor", brands=[factories.brand()]))
    assert (
        f"/email/messages/{quarantined.pk}/".encode() not in other.get("/email/quarantine/").content
    )
    assert other.get(f"/email/messages/{quarantined.pk}/raw/").status_code == 403


def test_anonymous_visitor_is_sent_to_login(quarantined):
    response = Client().get(f"/email/messages/{quarantined.pk}/raw/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_raw_message_downloads_as_it_was_received(supervisor, box):
    raw = raw_email()
    inbound = receive(box, raw)
    response = supervisor.get(f"/email/messages/{inbound.pk}/raw/")
    assert response["Content-Type"] == "message/rfc822"
    assert response["Content-Disposition"] == f'attachment; filename="message-{inbound.pk}.eml"'
    assert response.content == raw


def test_retry_processes_a_quarantined_message_again(supervisor, box, monkeypatch):
    monkeypatch.setattr("guichet.channels.email.actions._apply", lambda x: 1 / 0)
    inbound = receive(box, raw_email())
    assert inbound.status == "quarantined"
    monkeypatch.undo()

    response = supervisor.post(f"/email/messages/{inbound.pk}/retry/")
    drain()

    assert response.status_code == 302
    inbound.refresh_from_db()
    assert inbound.status == "processed" and Ticket.objects.count() == 1


def test_agent_cannot_retry(box, quarantined):
    client = signed_in(factories.agent("agent"))
    client.post(f"/email/messages/{quarantined.pk}/retry/")
    quarantined.refresh_from_db()
    assert quarantined.status == "quarantined"


def held_stranger_reply(box):
    Mailbox.objects.filter(pk=box.pk).update(stranger_policy="hold")
    box.refresh_from_db()
    ticket = factories.ticket(box.brand, channel="email")
    inbound = receive(
        box, raw_email(sender="carol@partner.example", subject=f"Re: [{ticket.reference}]")
    )
    assert inbound.status == "held"
    return ticket, inbound


def test_release_attaches_a_held_reply_to_its_ticket(supervisor, box):
    ticket, inbound = held_stranger_reply(box)
    supervisor.post(f"/email/messages/{inbound.pk}/release/", {"mode": "attach"})
    drain()
    inbound.refresh_from_db()
    assert inbound.status == "processed" and inbound.ticket == ticket
    assert ticket.messages.count() == 2


def test_release_as_new_ticket(supervisor, box):
    ticket, inbound = held_stranger_reply(box)
    supervisor.post(f"/email/messages/{inbound.pk}/release/", {"mode": "new"})
    drain()
    inbound.refresh_from_db()
    assert inbound.status == "processed" and inbound.ticket != ticket
    assert Ticket.objects.count() == 2


def test_agent_who_sees_the_ticket_opens_the_original(box):
    inbound = receive(box, html_mail())
    client = signed_in(factories.agent("agent"))
    response = client.get(f"/email/ticket-messages/{inbound.ticket_message_id}/original/")
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert b'sandbox="allow-popups allow-popups-to-escape-sandbox"' in page.content
    assert b"allow-scripts" not in page.content and b"allow-same-origin" not in page.content


def test_agent_of_another_brand_cannot_open_the_original(box):
    inbound = receive(box, html_mail())
    client = signed_in(factories.agent("agent", brands=[factories.brand()]))
    assert client.get(f"/email/messages/{inbound.pk}/").status_code == 403
    assert client.get(f"/email/messages/{inbound.pk}/html/").status_code == 403


def test_email_html_is_sanitised_framed_and_locked_down(supervisor, box):
    inbound = receive(box, html_mail())
    response = supervisor.get(f"/email/messages/{inbound.pk}/html/")
    body = response.content.decode()
    assert response["Content-Security-Policy"].startswith("default-src 'none'; img-src data:;")
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert "<script" not in body and "onclick" not in body and "alert(1)" not in body
    assert "<b>la capture</b>" in body
    assert 'src="data:image/png;base64,' in body  # the inline image, shown
    assert "tracker.example" not in body  # the remote one, not even requested


def test_remote_images_load_only_when_asked(supervisor, box):
    inbound = receive(box, html_mail())
    response = supervisor.get(f"/email/messages/{inbound.pk}/html/?images=1")
    assert "img-src data: https: http:" in response["Content-Security-Policy"]
    assert "https://tracker.example/pixel.gif" in response.content.decode()
    page = supervisor.get(f"/email/messages/{inbound.pk}/")
    assert b"?images=1" in page.content  # the "load images" link


def test_other_pages_keep_x_frame_options_deny(supervisor, quarantined):
    assert supervisor.get(f"/email/messages/{quarantined.pk}/")["X-Frame-Options"] == "DENY"


def test_email_info_tag_links_the_original_and_shows_delivery_state(box):
    Mailbox.objects.filter(pk=box.pk).update(send_acknowledgement=True)
    box.refresh_from_db()
    inbound = receive(box, raw_email())
    html = Template("{% load email_channel_tags %}{% email_info m %}").render(
        Context({"m": inbound.ticket_message})
    )
    assert f"/email/ticket-messages/{inbound.ticket_message_id}/original/" in html
    assert "courriel en file" in html  # the acknowledgement, queued


def test_quarantine_lists_held_mail_with_its_reason(supervisor, box):
    _ticket, inbound = held_stranger_reply(box)
    response = supervisor.get("/email/quarantine/?status=held")
    assert "not a participant" in response.content.decode()
    assert InboundEmail.objects.filter(status="held").count() == 1
