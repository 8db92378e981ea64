import pytest
from django.urls import reverse

from guichet.core.tests import factories
from guichet.notifications.actions import do_notify
from guichet.notifications.models import Notification


@pytest.fixture
def ticket(brand):
    return factories.ticket(brand)


def test_bell_shows_the_unread_count(agent, ticket, agent_client):
    for _ in range(3):
        do_notify(agent, "assigned", "TEL-1 vous est assigné", ticket=ticket, email=False)
    html = agent_client.get(reverse("workspace:bell"), HTTP_HX_REQUEST="true").content.decode()
    assert 'class="bell-count"' in html and ">3<" in html


def test_notification_list_shows_mine_only(agent, ticket, agent_client):
    do_notify(agent, "mentioned", "bob mentionné", ticket=ticket, email=False)
    do_notify(factories.agent(), "mentioned", "quelqu'un d'autre", ticket=ticket, email=False)
    html = agent_client.get(reverse("workspace:notifications")).content.decode()
    assert "bob mentionné" in html and "quelqu&#x27;un d&#x27;autre" not in html


def test_opening_a_notification_marks_it_read_and_goes_to_the_ticket(agent, ticket, agent_client):
    notification = do_notify(agent, "customer_replied", "réponse", ticket=ticket, email=False)
    response = agent_client.post(reverse("workspace:open_notification", args=[notification.pk]))
    assert response.url == reverse("workspace:ticket", args=[ticket.pk])
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_mark_all_read(agent, ticket, agent_client):
    for _ in range(2):
        do_notify(agent, "assigned", "x", ticket=ticket, email=False)
    agent_client.post(reverse("workspace:mark_read"), {"all": "1"})
    assert not Notification.objects.filter(read_at__isnull=True).exists()


def test_cannot_open_someone_elses_notification(ticket, agent_client):
    other = do_notify(factories.agent(), "assigned", "x", ticket=ticket, email=False)
    response = agent_client.post(reverse("workspace:open_notification", args=[other.pk]))
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.read_at is None
