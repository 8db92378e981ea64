"""Ticket actions as endpoints: messages, reply, note, escalate, merge, link, time, macro."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from guichet.core.tests import factories
from guichet.tickets.message_actions import do_add_note
from guichet.tickets.models import Macro, Ticket, TicketLink

pytestmark = pytest.mark.django_db


@pytest.fixture
def ticket(brand, customer_a):
    return factories.ticket(brand, customer_a.contact)


def test_reply_is_public_and_opens_a_new_ticket(api, agent, ticket):
    response = api(agent).post(f"/api/v1/tickets/{ticket.pk}/reply", {"body": "Bonjour"})
    assert response.status_code == 201
    assert response.json()["kind"] == "reply"
    ticket.refresh_from_db()
    assert ticket.status == "open"


def test_reply_may_set_the_status(api, agent, ticket):
    api(agent).post(f"/api/v1/tickets/{ticket.pk}/reply", {"body": "Fixed", "status": "solved"})
    ticket.refresh_from_db()
    assert ticket.status == "solved"


def test_reply_carries_attachments(api, agent, ticket):
    upload = SimpleUploadedFile("fix.txt", b"run the updater")
    response = api(agent).post(
        f"/api/v1/tickets/{ticket.pk}/reply",
        {"body": "See attached", "attachments": [upload]},
        format="multipart",
    )
    assert response.status_code == 201
    [attachment] = response.json()["attachments"]
    assert attachment["filename"] == "fix.txt"
    assert attachment["download_url"] == f"/api/v1/attachments/{attachment['id']}/download"


def test_note_is_internal(api, agent, ticket):
    response = api(agent).post(f"/api/v1/tickets/{ticket.pk}/note", {"body": "Call them"})
    assert response.status_code == 201
    assert response.json()["kind"] == "note"


def test_customers_cannot_write_notes(api, customer_a, ticket):
    response = api(customer_a).post(f"/api/v1/tickets/{ticket.pk}/note", {"body": "x"})
    assert response.status_code == 403


def test_customer_writes_on_their_own_ticket(api, customer_a, ticket):
    response = api(customer_a).post(f"/api/v1/tickets/{ticket.pk}/messages", {"body": "Still?"})
    assert response.status_code == 201, response.content
    assert response.json()["kind"] == "customer"
    assert response.json()["author_contact"] == customer_a.contact.pk


def test_messages_read_oldest_first_and_customers_never_see_notes(api, agent, customer_a, ticket):
    do_add_note(agent, ticket, body="internal")
    api(agent).post(f"/api/v1/tickets/{ticket.pk}/reply", {"body": "public"})
    as_agent = api(agent).get(f"/api/v1/tickets/{ticket.pk}/messages").json()["results"]
    as_customer = api(customer_a).get(f"/api/v1/tickets/{ticket.pk}/messages").json()["results"]
    assert [m["kind"] for m in as_agent] == ["customer", "note", "reply"]
    assert [m["kind"] for m in as_customer] == ["customer", "reply"]


def test_escalation_moves_the_ticket_to_the_tier_team(api, brand, agent, ticket):
    n2 = factories.team(2, brand)
    response = api(agent).post(
        f"/api/v1/tickets/{ticket.pk}/escalate", {"tier": 2, "reason": "Needs a developer"}
    )
    assert response.status_code == 200, response.content
    assert (response.json()["tier"], response.json()["team"]) == (2, n2.pk)


def test_escalation_needs_a_reason(api, agent, ticket):
    response = api(agent).post(f"/api/v1/tickets/{ticket.pk}/escalate", {"tier": 2})
    assert response.status_code == 400
    assert "reason" in response.json()["error"]["fields"]


def test_merge_folds_the_ticket_into_the_target(api, brand, agent, ticket):
    target = factories.ticket(brand)
    response = api(agent).post(f"/api/v1/tickets/{ticket.pk}/merge", {"into": target.pk})
    assert response.status_code == 200, response.content
    assert response.json()["id"] == target.pk
    ticket.refresh_from_db()
    assert ticket.merged_into == target


def test_merging_a_merged_ticket_again_is_a_conflict(api, brand, agent, ticket):
    target = factories.ticket(brand)
    client = api(agent)
    client.post(f"/api/v1/tickets/{ticket.pk}/merge", {"into": target.pk})
    response = client.post(f"/api/v1/tickets/{ticket.pk}/merge", {"into": target.pk})
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "merged"


def test_link_to_a_problem(api, brand, agent, ticket):
    problem = factories.ticket(brand, type="problem")
    response = api(agent).post(
        f"/api/v1/tickets/{ticket.pk}/links", {"target": problem.pk, "kind": "caused_by"}
    )
    assert response.status_code == 201
    assert TicketLink.objects.filter(source=ticket, target=problem).exists()


def test_log_time_adds_to_the_ticket(api, agent, ticket):
    response = api(agent).post(f"/api/v1/tickets/{ticket.pk}/time", {"seconds": 600})
    assert response.status_code == 201
    assert Ticket.objects.get(pk=ticket.pk).time_spent_seconds == 600


def test_log_time_refuses_zero(api, agent, ticket):
    response = api(agent).post(f"/api/v1/tickets/{ticket.pk}/time", {"seconds": 0})
    assert response.status_code == 400
    assert "seconds" in response.json()["error"]["fields"]


def test_apply_macro_replies_and_sets_fields(api, agent, ticket):
    macro = Macro.objects.create(
        name="Solved", body="Bonjour {{ requester.first_name }}", set_fields={"status": "solved"}
    )
    response = api(agent).post(f"/api/v1/tickets/{ticket.pk}/apply-macro", {"macro": macro.pk})
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "solved"
    assert ticket.messages.filter(kind="reply", body_text__startswith="Bonjour").exists()


def test_macros_list_for_agents_only(api, agent, customer_a):
    Macro.objects.create(name="Hello", body="Hi")
    assert len(api(agent).get("/api/v1/macros").json()["results"]) == 1
    assert api(customer_a).get("/api/v1/macros").status_code == 403
