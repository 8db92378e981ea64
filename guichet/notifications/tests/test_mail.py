"""A notification's email copy goes through a real SMTP server on loopback: both parts, in the
reader's language, marked automatic, retried on temporary errors, its state recorded."""

import email
from email import policy

import pytest

from guichet.accounts.models import UserPreference
from guichet.core.tests import factories
from guichet.jobs.retry import running_attempt
from guichet.notifications import tasks
from guichet.notifications.actions import do_notify
from guichet.notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def ticket():
    return factories.ticket(factories.brand(), subject="L'imprimante n'imprime plus")


def agent_at(address):
    user = factories.agent("agent")
    user.email = address
    user.save(update_fields=["email"])
    return user


def notify(user, ticket, **kwargs):
    return do_notify(
        user, "assigned", f"{ticket.reference} vous est assigné", ticket=ticket, **kwargs
    )


def received(capture):
    assert len(capture.messages) == 1
    return email.message_from_bytes(capture.messages[0][2], policy=policy.default)


def test_the_email_copy_has_both_parts_a_link_and_is_automatic(ticket, smtp_capture):
    agent = agent_at("alice@example.test")
    notification = notify(agent, ticket)
    assert notification.email_state == "queued"
    with running_attempt(1):
        assert tasks.deliver(notification.pk) == "sent"
    mail = received(smtp_capture)
    assert mail["To"] == "alice@example.test"
    assert mail["Auto-Submitted"] == "auto-generated"
    assert mail["Subject"].strip().startswith("[Guichet] Assignation · ")
    text = mail.get_body(("plain",)).get_content()
    html = mail.get_body(("html",)).get_content()
    assert f"/agent/tickets/{ticket.pk}/" in text and f"/agent/tickets/{ticket.pk}/" in html
    assert "Ne répondez pas" in text
    notification.refresh_from_db()
    assert notification.email_state == "sent" and notification.emailed_at is not None


def test_an_english_speaking_agent_gets_it_in_english(ticket, smtp_capture):
    agent = agent_at("bob@example.test")
    UserPreference.objects.create(user=agent, language="en")
    with running_attempt(1):
        tasks.deliver(notify(agent, ticket).pk)
    mail = received(smtp_capture)
    assert mail["Subject"].strip().startswith("[Guichet] Assignment · ")
    assert "Do not reply" in mail.get_body(("plain",)).get_content()


def test_a_temporary_failure_is_retried_then_sent_once(ticket, smtp_capture):
    notification = notify(agent_at("carol@example.test"), ticket)
    smtp_capture.reply = "451 4.3.0 Try again later"
    with running_attempt(1), pytest.raises(Exception, match="451"):
        tasks.deliver(notification.pk)
    notification.refresh_from_db()
    assert notification.email_state == "queued" and "451" in notification.email_error
    smtp_capture.reply = "250 OK"
    with running_attempt(2):
        assert tasks.deliver(notification.pk) == "sent"
    with running_attempt(3):
        tasks.deliver(notification.pk)  # a duplicate run sends nothing
    notification.refresh_from_db()
    assert notification.email_attempts == 2 and notification.email_error == ""
    assert len(smtp_capture.messages) == 1


def test_a_permanent_failure_is_recorded_and_not_retried(ticket, smtp_capture):
    notification = notify(agent_at("dave@example.test"), ticket)
    smtp_capture.reply = "550 5.1.1 No such user"
    with running_attempt(1):
        assert tasks.deliver(notification.pk) == "failed"
    notification.refresh_from_db()
    assert notification.email_state == "failed" and "550" in notification.email_error


def test_no_email_address_or_email_off_queues_nothing(ticket):
    assert notify(agent_at(""), ticket).email_state == ""
    assert notify(agent_at("erin@example.test"), ticket, email=False).email_state == ""
    assert Notification.objects.filter(email_state="queued").count() == 0
