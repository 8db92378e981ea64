"""GET /tickets: visibility, newest first, cursor pages, filters (custom fields too)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from guichet.core.models import CustomField
from guichet.core.tests import factories
from guichet.tickets.actions import do_assign_ticket, do_update_ticket

pytestmark = pytest.mark.django_db


def references(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [ticket["reference"] for ticket in response.json()["results"]]


def test_tickets_come_newest_first(api, brand, agent):
    now = timezone.now()
    for days in (3, 1, 2):
        factories.ticket(brand, subject=f"{days}", created_at=now - dt.timedelta(days=days))
    subjects = [t["subject"] for t in api(agent).get("/api/v1/tickets").json()["results"]]
    assert subjects == ["1", "2", "3"]


def test_cursor_pages_walk_every_ticket_once_without_counting(api, brand, agent):
    for _ in range(5):
        factories.ticket(brand)
    client = api(agent)
    page = client.get("/api/v1/tickets?page_size=2").json()
    assert "count" not in page
    seen = [t["id"] for t in page["results"]]
    while page["next"]:
        page = client.get(page["next"]).json()
        seen += [t["id"] for t in page["results"]]
    assert len(seen) == len(set(seen)) == 5
    assert seen == sorted(seen, reverse=True)


def test_list_costs_the_same_queries_for_few_or_many_tickets(api, brand, agent):
    client = api(agent)

    def queries_for_list() -> int:
        with CaptureQueriesContext(connection) as context:
            assert client.get("/api/v1/tickets").status_code == 200
        return len(context.captured_queries)

    factories.ticket(brand, tags=["a"])
    queries_for_list()  # the first use of a token also records it
    few = queries_for_list()
    for _ in range(6):
        factories.ticket(brand, tags=["b", "c"], category=factories.category(brand))
    assert queries_for_list() == few


def test_agent_limited_to_a_brand_sees_only_its_tickets(api, brand):
    other = factories.brand()
    factories.ticket(brand)
    factories.ticket(other)
    limited = factories.agent("agent", brands=[other])
    assert references(api(limited).get("/api/v1/tickets")) == [f"{other.ticket_prefix}-1"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status=open", ["ACME-2"]),
        ("status=open&status=new", ["ACME-3", "ACME-2", "ACME-1"]),
        ("priority=urgent", ["ACME-3"]),
        ("type=incident", ["ACME-1"]),
        ("channel=email", ["ACME-1"]),
        ("tag=vip", ["ACME-3"]),
        ("tier=2", []),
        ("assignee=none", ["ACME-3", "ACME-1"]),
        ("team=none", ["ACME-3", "ACME-2", "ACME-1"]),
    ],
)
def test_list_filters_on_ticket_fields(api, brand, agent, query, expected):
    factories.ticket(brand, type="incident", channel="email")
    second = factories.ticket(brand)
    factories.ticket(brand, priority="urgent", tags=["vip"])
    do_update_ticket(agent, second, status="open")
    do_assign_ticket(agent, second, assignee=agent)
    assert references(api(agent).get(f"/api/v1/tickets?{query}")) == expected


def test_list_filters_on_people_and_brand(api, brand, agent, org_a):
    mine = factories.contact(brand, org_a)
    factories.ticket(brand, mine)
    factories.ticket(brand)
    client = api(agent)
    assert references(client.get(f"/api/v1/tickets?organisation={org_a.pk}")) == ["ACME-1"]
    assert references(client.get(f"/api/v1/tickets?requester={mine.pk}")) == ["ACME-1"]
    assert len(references(client.get(f"/api/v1/tickets?brand={brand.pk}"))) == 2


def test_list_filters_on_dates(api, brand, agent):
    now = timezone.now()
    factories.ticket(brand, created_at=now - dt.timedelta(days=10))
    factories.ticket(brand, created_at=now - dt.timedelta(days=1))
    since = (now - dt.timedelta(days=5)).isoformat()
    client = api(agent)
    assert references(client.get("/api/v1/tickets", {"created_after": since})) == ["ACME-2"]
    assert references(client.get("/api/v1/tickets", {"created_before": since})) == ["ACME-1"]
    assert references(client.get("/api/v1/tickets", {"updated_after": since})) == ["ACME-2"]


def test_bad_filter_value_is_a_400(api, agent):
    response = api(agent).get("/api/v1/tickets?created_after=yesterday")
    assert response.status_code == 400
    assert "created_after" in response.json()["error"]["fields"]


@pytest.fixture
def custom_fields(brand):
    CustomField.objects.create(target="ticket", key="contract", label="Contract", kind="text")
    CustomField.objects.create(target="ticket", key="seats", label="Seats", kind="number")


def test_list_filters_on_custom_fields_with_their_type(api, brand, agent, custom_fields):
    factories.ticket(brand, custom_fields={"contract": "gold", "seats": 12})
    factories.ticket(brand, custom_fields={"contract": "silver", "seats": 3})
    factories.ticket(brand)
    client = api(agent)
    assert references(client.get("/api/v1/tickets?cf_contract=gold")) == ["ACME-1"]
    assert references(client.get("/api/v1/tickets?cf_seats=3")) == ["ACME-2"]
    assert references(client.get("/api/v1/tickets?cf_seats=3.0&cf_contract=silver")) == ["ACME-2"]
    assert references(client.get("/api/v1/tickets?cf_contract=")) == ["ACME-3"]


def test_unknown_or_mistyped_custom_field_filter_is_a_400(api, agent, custom_fields):
    client = api(agent)
    unknown = client.get("/api/v1/tickets?cf_nope=1")
    assert unknown.status_code == 400
    assert "cf_nope" in unknown.json()["error"]["fields"]
    assert client.get("/api/v1/tickets?cf_seats=many").status_code == 400


def test_customers_cannot_filter_on_internal_custom_fields(api, brand, customer_a, custom_fields):
    assert api(customer_a).get("/api/v1/tickets?cf_contract=gold").status_code == 400


def test_q_searches_tickets(api, brand, agent, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # the search index is built on commit
        factories.ticket(brand, subject="Imprimante en panne")
        factories.ticket(brand, subject="Facture en double")
    assert references(api(agent).get("/api/v1/tickets?q=imprimante")) == ["ACME-1"]


def test_customer_list_costs_the_same_queries_for_few_or_many_tickets(api, brand, org_a):
    boss = factories.customer(brand, org_a, is_org_admin=True)
    client = api(boss)

    def queries_for_list() -> int:
        with CaptureQueriesContext(connection) as context:
            assert client.get("/api/v1/tickets").status_code == 200
        return len(context.captured_queries)

    factories.ticket(brand, boss.contact, tags=["a"])
    queries_for_list()  # the first use of a token also records it
    few = queries_for_list()
    for _ in range(6):
        factories.ticket(brand, factories.contact(brand, org_a), tags=["b"])
    assert queries_for_list() == few


def test_filtered_list_is_one_query_without_distinct(api, brand, agent):
    # DISTINCT would make the database sort every matching ticket before the first page.
    factories.ticket(brand, tags=["vip"])
    client = api(agent)
    with CaptureQueriesContext(connection) as context:
        response = client.get("/api/v1/tickets?status=new&status=open&priority=normal&tag=vip")
    assert references(response) == ["ACME-1"]
    ticket_queries = [q["sql"] for q in context.captured_queries if "tickets_ticket" in q["sql"]]
    assert ticket_queries
    assert not any("DISTINCT" in sql for sql in ticket_queries)
