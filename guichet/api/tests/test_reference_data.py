"""Brands, categories, teams, agents and custom fields: read by all, written by admins."""

from __future__ import annotations

import pytest

from guichet.core.models import CustomField
from guichet.core.tests import factories
from guichet.people.models import Agent

pytestmark = pytest.mark.django_db

ADMIN = ("read", "write", "admin")


def test_admin_creates_a_brand(api, admin):
    response = api(admin, ADMIN).post(
        "/api/v1/brands",
        {"name": "Globex", "slug": "globex", "ticket_prefix": "glx", "timezone": "Europe/Paris"},
    )
    assert response.status_code == 201, response.content
    assert response.json()["ticket_prefix"] == "GLX"


def test_duplicate_brand_slug_is_refused(api, brand, admin):
    response = api(admin, ADMIN).post(
        "/api/v1/brands", {"name": "Twin", "slug": brand.slug, "ticket_prefix": "TWN"}
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "duplicate"


def test_unknown_time_zone_is_refused(api, brand, admin):
    response = api(admin, ADMIN).patch(f"/api/v1/brands/{brand.pk}", {"timezone": "Mars/Base"})
    assert response.status_code == 400


def test_customer_sees_only_their_brand(api, brand, customer_a):
    factories.brand()
    assert [b["id"] for b in api(customer_a).get("/api/v1/brands").json()["results"]] == [brand.pk]


def test_admin_creates_categories_in_a_tree(api, brand, admin):
    client = api(admin, ADMIN)
    parent = client.post("/api/v1/categories", {"brand": brand.pk, "name": "Billing",
                                                "slug": "billing"}).json()  # fmt: skip
    child = client.post(
        "/api/v1/categories",
        {"brand": brand.pk, "name": "Refunds", "slug": "refunds", "parent": parent["id"]},
    )
    assert child.status_code == 201, child.content
    loop = client.patch(f"/api/v1/categories/{parent['id']}", {"parent": child.json()["id"]})
    assert loop.status_code == 400


def test_supervisor_manages_teams(api, brand):
    supervisor = factories.agent("supervisor")
    response = api(supervisor, ADMIN).post(
        "/api/v1/teams", {"name": "N2 Réseau", "slug": "n2-reseau", "tier": 2, "brand": brand.pk}
    )
    assert response.status_code == 201, response.content


def test_admin_creates_an_agent_without_a_password(api, admin):
    team = factories.team(1)
    response = api(admin, ADMIN).post(
        "/api/v1/agents",
        {"username": "marie", "email": "marie@example.test", "role": "supervisor", "tier": 2,
         "teams": [team.pk], "languages": ["fr", "en"]},
        format="json",
    )  # fmt: skip
    assert response.status_code == 201, response.content
    agent = Agent.objects.get(user__username="marie")
    assert (agent.role, agent.tier, list(agent.teams.all())) == ("supervisor", 2, [team])
    assert not agent.user.has_usable_password()


def test_admin_cannot_change_their_own_role(api, admin):
    response = api(admin, ADMIN).patch(f"/api/v1/agents/{admin.agent.pk}", {"role": "agent"})
    assert response.status_code == 403


def test_admin_updates_an_agent(api, admin, agent):
    response = api(admin, ADMIN).patch(
        f"/api/v1/agents/{agent.agent.pk}", {"capacity": 5, "availability": "online"}
    )
    assert response.status_code == 200, response.content
    assert (response.json()["capacity"], response.json()["availability"]) == (5, "online")


def test_agent_skills_are_category_slugs_of_their_brands(api, brand, admin):
    # given an agent of one brand, and categories in that brand and in another
    factories.category(brand, slug="billing")
    factories.category(factories.brand(), slug="elsewhere")
    person = factories.agent("agent", brands=[brand])
    client = api(admin, ADMIN)
    url = f"/api/v1/agents/{person.agent.pk}"
    # when the admin sets skills: a slug of the agent's brand is kept (lower-cased)
    response = client.patch(url, {"skills": ["Billing"]}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["skills"] == ["billing"]
    # a free word or another brand's category is refused, naming the field
    for skills in (["management"], ["elsewhere"]):
        refused = client.patch(url, {"skills": skills}, format="json")
        assert refused.status_code == 400
        assert "skills" in refused.json()["error"]["fields"]
    assert Agent.objects.get(pk=person.agent.pk).skills == ["billing"]


def test_new_agent_skills_are_checked_against_the_brands_in_the_same_request(api, brand, admin):
    factories.category(brand, slug="billing")
    other = factories.brand()
    response = api(admin, ADMIN).post(
        "/api/v1/agents",
        {"username": "lea", "brands": [other.pk], "skills": ["billing"]},
        format="json",
    )
    assert response.status_code == 400
    assert not Agent.objects.filter(user__username="lea").exists()


def test_capacity_out_of_range_is_refused(api, admin, agent):
    response = api(admin, ADMIN).patch(f"/api/v1/agents/{agent.agent.pk}", {"capacity": 5000})
    assert response.status_code == 400


def test_admin_defines_a_choice_custom_field(api, admin):
    response = api(admin, ADMIN).post(
        "/api/v1/custom-fields",
        {"target": "ticket", "key": "plan", "kind": "choice", "label": "Plan",
         "choices": ["free", "pro"], "visible_to_customers": True},
        format="json",
    )  # fmt: skip
    assert response.status_code == 201, response.content


def test_choice_custom_field_needs_choices(api, admin):
    response = api(admin, ADMIN).post(
        "/api/v1/custom-fields", {"target": "ticket", "key": "plan", "kind": "choice"}
    )
    assert response.status_code == 400
    assert "choices" in response.json()["error"]["fields"]


def test_customers_see_only_custom_fields_visible_to_them(api, customer_a):
    CustomField.objects.create(target="ticket", key="os", label="OS", kind="text",
                               visible_to_customers=True)  # fmt: skip
    CustomField.objects.create(target="ticket", key="churn", label="Churn", kind="text")
    keys = [f["key"] for f in api(customer_a).get("/api/v1/custom-fields").json()["results"]]
    assert keys == ["os"]
