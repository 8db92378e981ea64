"""Contacts (with identities) and organisations, through guichet.people.actions."""

from __future__ import annotations

import pytest

from guichet.core.tests import factories
from guichet.people.models import Contact

pytestmark = pytest.mark.django_db


def test_agent_creates_a_contact_with_identities(api, brand, agent, org_a):
    response = api(agent).post(
        "/api/v1/contacts",
        {"brand": brand.pk, "name": "Ada Lovelace", "emails": ["ADA@example.test"],
         "phones": ["06 12 34 56 78"], "organisation": org_a.pk},
        format="json",
    )  # fmt: skip
    assert response.status_code == 201, response.content
    identities = {(i["kind"], i["value"]) for i in response.json()["identities"]}
    assert identities == {("email", "ada@example.test"), ("phone", "+33612345678")}


def test_an_email_of_another_contact_is_refused(api, brand, agent):
    factories.contact(brand, email="taken@example.test")
    response = api(agent).post(
        "/api/v1/contacts",
        {"brand": brand.pk, "name": "Bob", "emails": ["taken@example.test"]},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "identity_taken"


def test_customers_cannot_create_contacts(api, brand, customer_a):
    response = api(customer_a).post("/api/v1/contacts", {"brand": brand.pk, "name": "X"})
    assert response.status_code == 403


def test_identity_is_added_and_listed(api, brand, agent):
    contact = factories.contact(brand)
    client = api(agent)
    added = client.post(
        f"/api/v1/contacts/{contact.pk}/identities", {"kind": "whatsapp", "value": "0611223344"}
    )
    assert added.status_code == 201, added.content
    listed = client.get(f"/api/v1/contacts/{contact.pk}/identities").json()
    assert {i["kind"] for i in listed} == {"email", "whatsapp"}


def test_customer_renames_themselves_but_not_their_vip_flag(api, customer_a):
    client = api(customer_a)
    url = f"/api/v1/contacts/{customer_a.contact.pk}"
    assert client.patch(url, {"name": "Zoé"}).json()["name"] == "Zoé"
    assert client.patch(url, {"vip": True}).status_code == 403


def test_contacts_merge_into_the_target(api, brand):
    supervisor = factories.agent("supervisor")
    source, target = factories.contact(brand), factories.contact(brand)
    response = api(supervisor).post(f"/api/v1/contacts/{source.pk}/merge", {"into": target.pk})
    assert response.status_code == 200, response.content
    assert Contact.objects.get(pk=source.pk).merged_into_id == target.pk


def test_csm_creates_and_updates_an_organisation(api, brand):
    csm = factories.agent("csm")
    client = api(csm)
    created = client.post(
        "/api/v1/organisations", {"brand": brand.pk, "name": "Initech", "segment": "enterprise"}
    )
    assert created.status_code == 201, created.content
    org_id = created.json()["id"]
    updated = client.patch(f"/api/v1/organisations/{org_id}", {"arr": "12000.00"})
    assert updated.json()["arr"] == "12000.00"


def test_plain_agents_cannot_change_organisations(api, agent, org_a):
    assert api(agent).patch(f"/api/v1/organisations/{org_a.pk}", {"name": "X"}).status_code == 403


def test_customer_sees_their_organisation_without_commercial_fields(api, customer_a, org_a):
    body = api(customer_a).get(f"/api/v1/organisations/{org_a.pk}").json()
    assert body["name"] == "Org A"
    assert not {"arr", "plan", "segment", "csm_owner"} & set(body)
