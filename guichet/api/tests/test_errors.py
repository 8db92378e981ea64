"""Every error has the same shape: {"error": {"code", "message", "fields"}}."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from guichet.api.errors import exception_handler
from guichet.core.tests import factories
from guichet.tickets.actions import do_change_status

pytestmark = pytest.mark.django_db


def error_of(response):
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "fields"}
    return body["error"]


def test_validation_error_lists_each_field(api, agent):
    response = api(agent).post("/api/v1/tickets", {"priority": "someday"}, format="json")
    assert response.status_code == 400
    error = error_of(response)
    assert error["code"] == "invalid"
    assert {"brand", "subject", "priority"} <= set(error["fields"])


def test_action_error_is_400_with_its_code_and_field(api, brand, agent):
    ticket = factories.ticket(brand)
    response = api(agent).post(
        f"/api/v1/tickets/{ticket.pk}/escalate", {"tier": 0, "reason": "?"}, format="json"
    )
    assert response.status_code == 400
    assert error_of(response)["fields"] == {"tier": [error_of(response)["message"]]}


@pytest.mark.parametrize("code", ["closed", "invalid_transition"])
def test_state_conflicts_are_409(api, brand, agent, code):
    ticket = factories.ticket(brand)
    do_change_status(agent, ticket, "solved")
    do_change_status(agent, ticket, "closed")
    if code == "closed":
        response = api(agent).post(f"/api/v1/tickets/{ticket.pk}/reply", {"body": "Hi"})
    else:
        response = api(agent).patch(f"/api/v1/tickets/{ticket.pk}", {"status": "open"})
    assert response.status_code == 409
    assert error_of(response)["code"] == code


def test_not_allowed_is_403(api, brand, customer_a):
    ticket = factories.ticket(brand, customer_a.contact)
    response = api(customer_a).patch(f"/api/v1/tickets/{ticket.pk}", {"priority": "urgent"})
    assert response.status_code == 403
    assert error_of(response)["code"] == "forbidden"


def test_missing_object_is_404(api, agent):
    response = api(agent).get("/api/v1/tickets/999999")
    assert response.status_code == 404
    assert error_of(response)["code"] == "not_found"


def test_unknown_endpoint_is_404_in_the_same_format(api, agent):
    response = api(agent).post("/api/v1/no-such-thing/3", {})
    assert response.status_code == 404
    assert error_of(response)["code"] == "not_found"


def test_unsupported_method_is_405(api, brand, agent):
    ticket = factories.ticket(brand)
    response = api(agent).put(f"/api/v1/tickets/{ticket.pk}", {})
    assert response.status_code == 405
    assert error_of(response)["code"] == "method_not_allowed"


def test_malformed_json_is_400_parse_error(api, agent):
    response = api(agent).post("/api/v1/tickets", "{nope", content_type="application/json")
    assert response.status_code == 400
    assert error_of(response)["code"] == "parse_error"


def test_unsupported_media_type_is_415(api, agent):
    response = api(agent).post("/api/v1/tickets", "x", content_type="text/csv")
    assert response.status_code == 415
    assert error_of(response)["code"] == "unsupported_media_type"


def test_unauthenticated_is_401(db):
    response = APIClient().get("/api/v1/brands")
    assert response.status_code == 401
    assert error_of(response)["code"] == "not_authenticated"


def test_unexpected_exception_becomes_a_500_in_the_same_format(caplog):
    response = exception_handler(RuntimeError("boom"), {})
    assert response.status_code == 500
    assert response.data["error"]["code"] == "server_error"
    assert "boom" not in str(response.data)
