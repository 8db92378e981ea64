"""Every workspace URL refuses customers (403) and sends anonymous visitors to the login page."""

import pytest
from django.urls import reverse

from guichet.core.tests import factories
from guichet.notifications.actions import do_notify
from guichet.workspace.actions import do_save_view


@pytest.fixture
def endpoints(brand, agent):
    ticket = factories.ticket(brand)
    view = do_save_view(agent, name="Vue", filters={})
    notification = do_notify(agent, "assigned", "x", ticket=ticket, email=False)
    t = [ticket.pk]
    return [
        ("get", reverse("workspace:queue")),
        ("post", reverse("workspace:bulk")),
        ("post", reverse("workspace:save_view")),
        ("get", reverse("workspace:saved_view", args=[view.pk])),
        ("post", reverse("workspace:delete_view", args=[view.pk])),
        ("get", reverse("workspace:ticket", args=t)),
        ("post", reverse("workspace:send", args=t)),
        ("get", reverse("workspace:macro_fill", args=t)),
        ("post", reverse("workspace:update", args=t)),
        ("post", reverse("workspace:escalate", args=t)),
        ("post", reverse("workspace:merge", args=t)),
        ("post", reverse("workspace:merge_contact", args=t)),
        ("post", reverse("workspace:log_time", args=t)),
        ("post", reverse("workspace:presence", args=t)),
        ("get", reverse("workspace:notifications")),
        ("get", reverse("workspace:bell")),
        ("post", reverse("workspace:mark_read")),
        ("post", reverse("workspace:open_notification", args=[notification.pk])),
        ("get", reverse("workspace:mentions")),
    ]


def test_customers_get_403_everywhere(brand, endpoints, client_for):
    # Given a signed-in customer whose own ticket is the one in the URLs
    customer = factories.customer(brand)
    client = client_for(customer)
    statuses = {url: getattr(client, method)(url).status_code for method, url in endpoints}
    assert set(statuses.values()) == {403}, statuses


def test_anonymous_visitors_are_sent_to_login_everywhere(endpoints, client):
    for method, url in endpoints:
        response = getattr(client, method)(url)
        assert response.status_code == 302 and "/accounts/login/" in response.url, url
