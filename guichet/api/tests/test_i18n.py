"""API error bodies follow the request's language: French by default, English on request."""

from __future__ import annotations

from pathlib import Path

import pytest

from guichet.core.tests.catalogs import untranslated

pytestmark = pytest.mark.django_db

ADMIN = ("read", "write", "admin")


def test_every_api_message_has_an_english_translation():
    assert untranslated(Path(__file__).resolve().parents[1]) == []


def test_an_action_error_body_is_english_when_the_request_is(api, brand, admin):
    client = api(admin, ADMIN)
    url = f"/api/v1/brands/{brand.pk}"
    french = client.patch(url, {"timezone": "Mars/Base"}).json()["error"]
    english = client.patch(url, {"timezone": "Mars/Base"}, HTTP_ACCEPT_LANGUAGE="en").json()
    assert french["message"] == "Fuseau horaire inconnu."
    assert english["error"]["message"] == "Unknown time zone."
    assert french["fields"] == {"timezone": ["Fuseau horaire inconnu."]}


def test_a_permission_error_body_is_english_when_the_request_is(api, customer_a):
    client = api(customer_a)
    french = client.get("/api/v1/agents").json()["error"]
    english = client.get("/api/v1/agents", HTTP_ACCEPT_LANGUAGE="en").json()["error"]
    assert french["message"] == "Seuls les agents peuvent voir ceci."
    assert english["message"] == "Only agents may see this."


def test_an_unknown_endpoint_answers_in_the_callers_language(client):
    french = client.get("/api/v1/nowhere/")
    english = client.get("/api/v1/nowhere/", HTTP_ACCEPT_LANGUAGE="en")
    assert french.status_code == english.status_code == 404
    assert french.json()["error"]["message"] == "Ce point d'accès de l'API n'existe pas."
    assert english.json()["error"]["message"] == "No such API endpoint."
