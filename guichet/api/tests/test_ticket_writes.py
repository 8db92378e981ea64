"""POST/PATCH/DELETE /tickets: every write goes through guichet.tickets.actions."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from guichet.audit.models import Event
from guichet.core.tests import factories
from guichet.tickets.models import Ticket

pytestmark = pytest.mark.django_db


def test_agent_opens_a_ticket_for_a_contact(api, brand, agent):
    requester = factories.contact(brand)
    response = api(agent).post(
        "/api/v1/tickets",
        {"brand": brand.pk, "requester": requester.pk, "subject": "VPN down",
         "body": "Since 9am.", "priority": "high", "tags": ["vpn"]},
        format="json",
    )  # fmt: skip
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["reference"], body["priority"], body["tags"]) == ("ACME-1", "high", ["vpn"])
    assert body["channel"] == "api"
    assert Ticket.objects.get(pk=body["id"]).messages.get().body_text == "Since 9am."


def test_agent_must_name_a_requester(api, brand, agent):
    response = api(agent).post(
        "/api/v1/tickets", {"brand": brand.pk, "subject": "x", "body": "y"}, format="json"
    )
    assert response.status_code == 400
    assert "requester" in response.json()["error"]["fields"]


def test_customer_opens_a_ticket_for_themselves(api, brand, customer_a):
    response = api(customer_a).post(
        "/api/v1/tickets", {"brand": brand.pk, "subject": "Help", "body": "Please"}, format="json"
    )
    assert response.status_code == 201
    ticket = Ticket.objects.get(pk=response.json()["id"])
    assert ticket.requester == customer_a.contact
    assert "assignee" not in response.json()


def test_customer_cannot_open_a_ticket_in_another_brand(api, customer_a):
    other = factories.brand()
    response = api(customer_a).post(
        "/api/v1/tickets", {"brand": other.pk, "subject": "x", "body": "y"}, format="json"
    )
    assert response.status_code == 400
    assert "brand" in response.json()["error"]["fields"]


def test_ticket_opens_with_uploaded_attachments(api, brand, agent):
    requester = factories.contact(brand)
    upload = SimpleUploadedFile("log.txt", b"error at line 3", content_type="text/plain")
    response = api(agent).post(
        "/api/v1/tickets",
        {"brand": brand.pk, "requester": requester.pk, "subject": "Crash",
         "attachments": [upload]},
        format="multipart",
    )  # fmt: skip
    assert response.status_code == 201, response.content
    message = Ticket.objects.get(pk=response.json()["id"]).messages.get()
    assert [a.filename for a in message.attachments.all()] == ["log.txt"]


def test_oversized_attachment_is_refused(api, brand, agent, settings):
    settings.ATTACHMENT_MAX_BYTES = 10
    requester = factories.contact(brand)
    upload = SimpleUploadedFile("big.bin", b"x" * 11)
    response = api(agent).post(
        "/api/v1/tickets",
        {"brand": brand.pk, "requester": requester.pk, "subject": "x", "attachments": [upload]},
        format="multipart",
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "too_large"


def test_patch_changes_only_the_fields_sent_and_is_audited(api, brand, agent):
    ticket = factories.ticket(brand, priority="low")
    response = api(agent).patch(
        f"/api/v1/tickets/{ticket.pk}",
        {"status": "pending", "assignee": agent.pk, "tags": ["billing"]},
        format="json",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["status"], body["assignee"], body["tags"]) == ("pending", agent.pk, ["billing"])
    assert body["priority"] == "low"
    assert Event.objects.filter(ticket=ticket, verb="ticket_updated").exists()


def test_patch_with_a_category_of_another_brand_is_refused(api, brand, agent):
    ticket = factories.ticket(brand)
    foreign = factories.category(factories.brand())
    response = api(agent).patch(f"/api/v1/tickets/{ticket.pk}", {"category": foreign.pk})
    assert response.status_code == 400
    assert "category" in response.json()["error"]["fields"]


def test_only_admins_delete_tickets(api, brand, agent, admin):
    ticket = factories.ticket(brand)
    assert api(agent).delete(f"/api/v1/tickets/{ticket.pk}").status_code == 403
    assert api(admin).delete(f"/api/v1/tickets/{ticket.pk}").status_code == 204
    assert not Ticket.objects.filter(pk=ticket.pk).exists()
