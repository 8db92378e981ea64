import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from guichet.core.tests import factories
from guichet.tickets.message_actions import do_add_customer_message, do_add_note, do_reply
from guichet.workspace.actions import do_touch_presence
from guichet.workspace.models import Presence
from guichet.workspace.queries import active_presence, latest_message_id

T0 = dt.datetime(2025, 3, 10, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def admin(brand):
    return factories.agent("admin")


@pytest.fixture
def ticket(brand, admin):
    return factories.ticket(brand, actor=admin)


@pytest.fixture
def chloe(brand):
    chloe = factories.agent("agent", username="chloe")
    chloe.first_name, chloe.last_name = "Chloé", "Dubois"
    chloe.save()
    return chloe


def presence_url(ticket):
    return reverse("workspace:presence", args=[ticket.pk])


def test_another_agent_viewing_shows_a_banner(ticket, chloe, agent_client):
    do_touch_presence(chloe, ticket, "viewing")
    response = agent_client.post(presence_url(ticket), {"state": "viewing"})
    assert "Chloé Dubois" in response.content.decode()
    assert "consulte ce ticket" in response.content.decode()


def test_another_agent_replying_is_shown_as_replying(ticket, chloe, agent_client):
    do_touch_presence(chloe, ticket, "replying")
    html = agent_client.post(presence_url(ticket), {"state": "viewing"}).content.decode()
    assert "est en train de répondre" in html


def test_my_own_presence_is_not_shown_to_me(ticket, agent, agent_client):
    html = agent_client.post(presence_url(ticket), {"state": "replying"}).content.decode()
    assert "banner" not in html
    assert Presence.objects.get(user=agent).state == "replying"


def test_presence_expires_after_thirty_seconds(ticket, chloe, agent):
    with time_machine.travel(T0, tick=False):
        do_touch_presence(chloe, ticket, "viewing")
    assert active_presence(ticket, agent, now=T0 + dt.timedelta(seconds=20))
    assert not active_presence(ticket, agent, now=T0 + dt.timedelta(seconds=31))


def test_leaving_the_page_removes_presence(ticket, agent, agent_client):
    do_touch_presence(agent, ticket, "viewing")
    response = agent_client.post(presence_url(ticket), {"state": "gone"})
    assert response.status_code == 204
    assert not Presence.objects.exists()


def test_presence_poll_announces_new_customer_messages(ticket, admin, agent_client):
    seen = latest_message_id(ticket)
    do_add_customer_message(admin, ticket, body="Toujours en panne !")
    html = agent_client.post(presence_url(ticket), {"state": "viewing", "seen": seen}).content
    assert "Un nouveau message" in html.decode()


def test_customer_cannot_post_presence(brand, ticket, client_for):
    assert client_for(factories.customer(brand)).post(presence_url(ticket)).status_code == 403


def test_stale_reply_is_held_back_with_the_new_messages(ticket, admin, agent_client):
    # Given the agent loaded the page, then the customer wrote again
    seen = latest_message_id(ticket)
    do_add_customer_message(admin, ticket, body="En fait ça remarche.")
    # When the agent sends the reply written on the stale page
    response = agent_client.post(
        reverse("workspace:send", args=[ticket.pk]),
        {"kind": "reply", "body": "Avez-vous redémarré ?", "seen": seen},
    )
    # Then nothing is sent, the new message is highlighted and the draft is kept
    assert response.status_code == 409
    html = response.content.decode()
    assert "data-stale-warning" in html and "is-new" in html
    assert "Avez-vous redémarré ?" in html
    assert not ticket.messages.filter(kind="reply").exists()


def test_confirmed_stale_reply_is_sent(ticket, admin, agent_client):
    seen = latest_message_id(ticket)
    do_reply(admin, ticket, body="Je m'en occupe.")
    response = agent_client.post(
        reverse("workspace:send", args=[ticket.pk]),
        {"kind": "reply", "body": "Avez-vous redémarré ?", "seen": seen, "confirm_stale": "1"},
    )
    assert response.status_code == 302
    assert ticket.messages.filter(kind="reply").count() == 2


def test_new_internal_notes_do_not_block_a_reply(ticket, admin, agent_client):
    seen = latest_message_id(ticket)
    do_add_note(admin, ticket, body="note")
    response = agent_client.post(
        reverse("workspace:send", args=[ticket.pk]),
        {"kind": "reply", "body": "Bonjour", "seen": seen},
    )
    assert response.status_code == 302
