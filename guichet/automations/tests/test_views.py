"""Admins edit automations and webhooks in the workspace, with validation errors shown."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from guichet.automations.models import Automation, Webhook
from guichet.automations.presets import PRESETS
from guichet.core.tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client():
    client = Client()
    client.force_login(factories.agent("admin"))
    return client


def form(**overrides):
    data = {"name": "Tag VIP", "kind": "trigger", "event": "ticket_created", "position": 0,
            "active": "on", "conditions": json.dumps({"all": [{"field": "vip", "op": "is", "value": True}]}),
            "actions": json.dumps([{"type": "add_tags", "tags": ["vip"]}])}  # fmt: skip
    data.update(overrides)
    return data


def test_admin_creates_a_trigger(admin_client):
    response = admin_client.post(reverse("automations:new"), form())

    assert response.status_code == 302
    automation = Automation.objects.get()
    assert automation.actions == [{"type": "add_tags", "tags": ["vip"]}]


def test_invalid_json_is_reported_on_its_field(admin_client):
    response = admin_client.post(reverse("automations:new"), form(actions="[{"))

    assert response.status_code == 400
    assert not Automation.objects.exists()


def test_invalid_action_is_reported_with_its_reason(admin_client):
    response = admin_client.post(
        reverse("automations:new"),
        form(actions=json.dumps([{"type": "assign", "team": "inconnue"}])),
    )

    assert response.status_code == 400
    assert "équipe « inconnue » inconnue" in response.content.decode()


def test_a_trigger_needs_an_event_and_a_schedule_needs_a_duration(admin_client):
    no_event = admin_client.post(reverse("automations:new"), form(event=""))
    no_duration = admin_client.post(reverse("automations:new"), form(kind="scheduled"))

    assert no_event.status_code == no_duration.status_code == 400
    assert "hours_in_status" in no_duration.content.decode()


def test_admin_adds_a_preset(admin_client):
    response = admin_client.post(reverse("automations:add_preset", args=["close"]))

    assert response.status_code == 302
    assert Automation.objects.get().name == PRESETS["close"]["name"]


def test_agents_cannot_edit_automations():
    client = Client()
    client.force_login(factories.agent("supervisor"))

    assert client.get(reverse("automations:home")).status_code == 403
    assert client.post(reverse("automations:new"), form()).status_code == 403


def test_webhook_form_refuses_a_private_address_and_shows_why(admin_client):
    response = admin_client.post(
        reverse("automations:webhook_new"),
        {"name": "Interne", "url": "http://192.168.1.10/h", "active": "on"},
    )

    assert response.status_code == 400
    assert "192.168.1.10" in response.content.decode()
    assert not Webhook.objects.exists()


def test_webhook_page_shows_its_secret(admin_client):
    response = admin_client.post(
        reverse("automations:webhook_new"),
        {"name": "CRM", "url": "https://crm.example.com/h", "active": "on"},
    )
    webhook = Webhook.objects.get()

    page = admin_client.get(response.url).content.decode()

    assert webhook.secret in page and "X-Guichet-Signature" in page


def test_webhook_form_accepts_a_private_address_when_the_admin_ticks_the_box(admin_client):
    response = admin_client.post(
        reverse("automations:webhook_new"),
        {"name": "Interne", "url": "http://192.168.1.10/h", "active": "on",
         "allow_private_network": "on"},
    )  # fmt: skip

    assert response.status_code == 302
    assert Webhook.objects.get().allow_private_network is True
