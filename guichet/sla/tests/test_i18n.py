"""The SLA and automation pages speak French by default and English on request."""

import re
from pathlib import Path

import pytest
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext

from guichet.api.token_actions import do_create_api_token
from guichet.core.tests import factories

APPS = Path(__file__).resolve().parents[2]
CATALOGS = [
    APPS / app / "locale" / "en" / "LC_MESSAGES" / "django.po" for app in ("sla", "automations")
]
ENTRY = re.compile(r'^msgid "(.+)"$', re.M)


def entries(catalog):
    return [m.replace('\\"', '"') for m in ENTRY.findall(catalog.read_text(encoding="utf-8"))]


@pytest.mark.parametrize("catalog", CATALOGS, ids=lambda p: p.parts[-5])
def test_french_source_strings_are_not_hijacked_by_another_catalog(catalog):
    with translation.override("fr"):
        assert [m for m in entries(catalog) if gettext(m) != m] == []


@pytest.mark.parametrize("catalog", CATALOGS, ids=lambda p: p.parts[-5])
def test_every_french_string_has_an_english_translation(catalog):
    with translation.override("en"):
        assert [m for m in entries(catalog) if gettext(m) == m and not m.isascii()] == []


def test_countdown_reads_in_english():
    from guichet.sla.countdown import Countdown, describe

    clock = Countdown(1, 1, "first_reply", "breached", None, -900, None)
    with translation.override("en"):
        assert describe(clock) == "First reply: overdue by 15 min"


@pytest.mark.django_db
def test_the_api_refuses_another_brands_rates_in_the_requests_language():
    # given an agent of one brand, with an API token
    brand = factories.brand()
    restricted = factories.agent("agent", brands=[factories.brand()])
    _token, raw = do_create_api_token(None, owner=restricted, name="t", scopes=["read"])
    client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    url = "/api/v1/sla/escalation-rates"
    # when it asks for another brand's escalation rates, by default then in English
    french = client.get(url, {"brand": brand.pk}).json()["error"]
    english = client.get(url, {"brand": brand.pk}, HTTP_ACCEPT_LANGUAGE="en").json()["error"]
    # then the same code, in the language asked for
    assert french["code"] == english["code"] == "forbidden"
    assert french["message"] == "Vous ne travaillez pas pour cette marque."
    assert english["message"] == "You do not work for this brand."


@pytest.mark.django_db
def test_the_api_tells_a_customer_that_sla_data_is_for_agents():
    brand = factories.brand()
    _token, raw = do_create_api_token(
        None, owner=factories.customer(brand), name="t", scopes=["read"]
    )
    client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    french = client.get("/api/v1/sla/at-risk").json()["error"]
    english = client.get("/api/v1/sla/at-risk", HTTP_ACCEPT_LANGUAGE="en").json()["error"]
    assert french["message"] == "Les données SLA sont réservées aux agents."
    assert english["message"] == "SLA data is for agents."
