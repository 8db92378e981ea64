"""Contacts (create, update, identities, merge) and organisations (create, update)."""

import pytest

from guichet.audit.models import Event
from guichet.core import access
from guichet.core.errors import ActionError, NotAllowed
from guichet.core.models import CustomField
from guichet.core.tests import factories
from guichet.people.actions import (
    do_add_identity,
    do_create_contact,
    do_create_organisation,
    do_merge_contacts,
    do_update_contact,
    do_update_organisation,
)
from guichet.people.identities import normalise_phone
from guichet.people.models import Contact, ContactIdentity, Organisation
from guichet.tickets.message_actions import do_add_customer_message

pytestmark = pytest.mark.django_db


@pytest.fixture
def brand():
    return factories.brand(default_language="fr")


@pytest.fixture
def agent():
    return factories.agent()


@pytest.fixture
def supervisor():
    return factories.agent("supervisor")


def identities(contact):
    return sorted(contact.identities.values_list("kind", "value"))


# --- Creating contacts ---------------------------------------------------------------------


def test_contact_identities_are_normalised(brand, agent):
    contact = do_create_contact(
        agent, brand=brand, name="  Léa   Martin ", emails=[" Lea.Martin@Example.FR "],
        phones=["06 12 34 56 78"], whatsapp=["0033 7-12-34-56-78"],
    )  # fmt: skip
    assert contact.name == "Léa Martin"
    assert identities(contact) == [
        ("email", "lea.martin@example.fr"),
        ("phone", "+33612345678"),
        ("whatsapp", "+33712345678"),
    ]
    event = Event.objects.get(verb="contact_created")
    assert (event.actor, event.target_id) == (agent, contact.pk)


@pytest.mark.parametrize(
    "raw, e164",
    [("06 12 34 56 78", "+33612345678"), ("+44 20 7946 0958", "+442079460958"),
     ("0044 20 7946 0958", "+442079460958"), ("(06) 12.34.56.78", "+33612345678")],
)  # fmt: skip
def test_phone_numbers_become_e164(raw, e164):
    assert normalise_phone(raw) == e164


def test_language_comes_from_the_organisation_then_the_brand(brand, agent):
    english_org = factories.organisation(brand, language="en")
    assert do_create_contact(agent, brand=brand, name="A", organisation=english_org)
    assert Contact.objects.get(name="A").preferred_language == "en"
    assert do_create_contact(agent, brand=brand, name="B").preferred_language == "fr"


@pytest.mark.parametrize(
    "kwargs, field",
    [
        ({"emails": ["pas-un-email"]}, "email"),
        ({"phones": ["12"]}, "phone"),
        ({"name": "   "}, "name"),
    ],
)
def test_invalid_contact_is_refused_and_nothing_is_kept(brand, agent, kwargs, field):
    kwargs = {"name": "Léa", **kwargs}
    with pytest.raises(ActionError) as error:
        do_create_contact(agent, brand=brand, **kwargs)
    assert error.value.field == field
    assert not Contact.objects.exists()


def test_an_identity_already_taken_in_the_brand_is_refused(brand, agent):
    do_create_contact(agent, brand=brand, name="Léa", emails=["lea@example.fr"])
    with pytest.raises(ActionError) as error:
        do_create_contact(agent, brand=brand, name="Autre Léa", emails=["LEA@example.fr"])
    assert error.value.code == "identity_taken"
    assert Contact.objects.count() == 1


def test_the_same_identity_may_exist_in_another_brand(brand, agent):
    do_create_contact(agent, brand=brand, name="Léa", emails=["lea@example.fr"])
    other = do_create_contact(agent, brand=factories.brand(), name="Léa", emails=["lea@example.fr"])
    assert identities(other) == [("email", "lea@example.fr")]


def test_an_identity_given_twice_is_kept_once(brand, agent):
    contact = do_create_contact(
        agent, brand=brand, name="Léa", emails=["lea@example.fr", "LEA@example.fr"]
    )
    assert identities(contact) == [("email", "lea@example.fr")]


def test_organisation_of_another_brand_is_refused(brand, agent):
    with pytest.raises(ActionError) as error:
        do_create_contact(
            agent, brand=brand, name="Léa", organisation=factories.organisation(factories.brand())
        )
    assert error.value.field == "organisation"


def test_the_system_creates_contacts_without_an_actor(brand):
    contact = do_create_contact(None, brand=brand, name="Expéditeur", emails=["x@example.fr"])
    assert Event.objects.get(verb="contact_created").actor is None
    assert contact.pk


@pytest.mark.parametrize("role", ["incident_manager"])
def test_roles_without_contact_update_cannot_create_contacts(brand, role):
    with pytest.raises(NotAllowed):
        do_create_contact(factories.agent(role), brand=brand, name="Léa")


def test_agent_of_another_brand_cannot_create_contacts_here(brand):
    with pytest.raises(NotAllowed):
        do_create_contact(factories.agent(brands=[factories.brand()]), brand=brand, name="Léa")


def test_contact_custom_fields_are_typed(brand, agent):
    CustomField.objects.create(target="contact", key="born", label="Né le", kind="date")
    contact = do_create_contact(
        agent, brand=brand, name="Léa", custom_fields={"born": "1990-02-01"}
    )
    assert contact.custom_fields == {"born": "1990-02-01"}
    with pytest.raises(ActionError):
        do_create_contact(agent, brand=brand, name="Paul", custom_fields={"born": "hier"})


# --- Updating contacts ---------------------------------------------------------------------


def test_contact_update_is_audited_old_to_new(brand, agent):
    org = factories.organisation(brand)
    contact = factories.contact(brand, name="Léa")
    do_update_contact(agent, contact, name=" Léa  Martin ", organisation=org, vip=True)
    contact.refresh_from_db()
    assert (contact.name, contact.organisation, contact.vip) == ("Léa Martin", org, True)
    event = Event.objects.get(verb="contact_updated")
    assert event.actor == agent
    assert event.changes == [
        {"field": "name", "old": "Léa", "new": "Léa Martin"},
        {"field": "organisation", "old": None, "new": org.pk},
        {"field": "vip", "old": False, "new": True},
    ]


def test_contact_update_without_change_records_nothing(brand, agent):
    contact = factories.contact(brand, name="Léa")
    do_update_contact(agent, contact, name="Léa")
    assert not Event.objects.filter(verb="contact_updated").exists()


def test_contact_update_refuses_unknown_fields_and_foreign_organisations(brand, agent):
    contact = factories.contact(brand)
    with pytest.raises(ActionError):
        do_update_contact(agent, contact, brand=None)
    with pytest.raises(ActionError) as error:
        do_update_contact(agent, contact, organisation=factories.organisation(factories.brand()))
    assert error.value.field == "organisation"


def test_customer_changes_their_own_name_and_language_only(brand):
    customer = factories.customer(brand, name="Léa")
    do_update_contact(customer, customer.contact, name="Léa M.", preferred_language="en")
    customer.contact.refresh_from_db()
    assert (customer.contact.name, customer.contact.preferred_language) == ("Léa M.", "en")
    with pytest.raises(NotAllowed):
        do_update_contact(customer, customer.contact, vip=True)
    with pytest.raises(NotAllowed):
        do_update_contact(customer, factories.contact(brand), name="Piratée")


def test_agent_cannot_update_a_contact_of_a_brand_they_do_not_serve(brand):
    outsider = factories.agent(brands=[factories.brand()])
    with pytest.raises(NotAllowed):
        do_update_contact(outsider, factories.contact(brand), name="x")


# --- Identities ----------------------------------------------------------------------------


def test_adding_an_identity_normalises_it_and_is_audited(brand, agent):
    contact = factories.contact(brand)
    identity = do_add_identity(agent, contact, "phone", "06.12.34.56.78")
    assert (identity.contact, identity.value) == (contact, "+33612345678")
    event = Event.objects.get(verb="identity_added")
    assert (event.actor, event.data) == (agent, {"kind": "phone", "value": "+33612345678"})


def test_adding_an_identity_of_someone_else_is_refused(brand, agent):
    factories.contact(brand, email="pris@example.fr")
    with pytest.raises(ActionError) as error:
        do_add_identity(agent, factories.contact(brand), "email", "Pris@example.fr")
    assert error.value.code == "identity_taken"


def test_adding_an_identity_to_an_unseen_contact_is_refused(brand):
    outsider = factories.agent(brands=[factories.brand()])
    with pytest.raises(NotAllowed):
        do_add_identity(outsider, factories.contact(brand), "email", "x@example.fr")


def test_unknown_identity_kind_is_refused(brand, agent):
    with pytest.raises(ActionError):
        do_add_identity(agent, factories.contact(brand), "fax", "0123")


# --- Merging contacts ----------------------------------------------------------------------


def test_merge_moves_identities_tickets_messages_and_copies(brand, agent, supervisor):
    org = factories.organisation(brand)
    source = factories.customer(brand, org, email="jean@old.example").contact
    target = factories.contact(brand, email="jean@new.example")
    ticket = factories.ticket(brand, requester=source, actor=agent)
    other = factories.ticket(brand, actor=agent)
    other.participants.create(contact=source)
    do_add_customer_message(source.user, ticket, body="Relance")

    do_merge_contacts(supervisor, source, target)

    source.refresh_from_db()
    target.refresh_from_db()
    assert source.merged_into == target
    assert identities(target) == [("email", "jean@new.example"), ("email", "jean@old.example")]
    assert not source.identities.exists()
    ticket.refresh_from_db()
    assert ticket.requester == target
    assert set(
        ticket.messages.filter(kind="customer").values_list("author_contact", flat=True)
    ) == {target.pk}
    assert [p.contact for p in other.participants.all()] == [target]
    assert target.organisation == org  # the target had none
    assert target.user is not None and source.user is None  # the portal account follows


def test_merge_is_audited_on_both_contacts(brand, supervisor):
    source, target = factories.contact(brand), factories.contact(brand)
    do_merge_contacts(supervisor, source, target)
    merged = Event.objects.get(verb="contact_merged")
    assert (merged.actor, merged.target_id) == (supervisor, source.pk)
    assert merged.changes == [{"field": "merged_into", "old": None, "new": target.pk}]
    assert merged.data["into"] == target.pk
    received = Event.objects.get(verb="contact_merge_received")
    assert (received.target_id, received.data) == (target.pk, {"from": source.pk})


def test_a_cc_present_on_both_sides_is_kept_once(brand, agent, supervisor):
    source, target = factories.contact(brand), factories.contact(brand)
    ticket = factories.ticket(brand, actor=agent)
    ticket.participants.create(contact=source)
    ticket.participants.create(contact=target)
    do_merge_contacts(supervisor, source, target)
    assert [p.contact for p in ticket.participants.all()] == [target]


def test_merged_customer_account_follows_to_the_target(brand, agent, supervisor):
    source = factories.customer(brand)
    target = factories.contact(brand)
    do_merge_contacts(supervisor, source.contact, target)
    source.refresh_from_db()
    assert access.contact_of(source) == target


@pytest.mark.parametrize("case", ["itself", "another brand", "already merged"])
def test_impossible_merges_are_refused(brand, supervisor, case):
    source = factories.contact(brand)
    if case == "itself":
        target = source
    elif case == "another brand":
        target = factories.contact(factories.brand())
    else:
        target = factories.contact(brand)
        Contact.objects.filter(pk=source.pk).update(merged_into=factories.contact(brand))
        source.refresh_from_db()
    with pytest.raises((ActionError, NotAllowed)):
        do_merge_contacts(supervisor, source, target)


@pytest.mark.parametrize("role", ["agent", "csm", "incident_manager"])
def test_only_admins_and_supervisors_merge_contacts(brand, role):
    with pytest.raises(NotAllowed):
        do_merge_contacts(factories.agent(role), factories.contact(brand), factories.contact(brand))


# --- Organisations -------------------------------------------------------------------------


def test_organisation_is_created_with_its_fields_and_audited(brand, supervisor):
    csm = factories.agent("csm")
    org = do_create_organisation(
        supervisor, brand=brand, name=" ACME ", segment="enterprise", plan="Pro",
        arr="12000.50", csm_owner=csm, domains=["acme.test"],
    )  # fmt: skip
    org.refresh_from_db()
    assert (org.name, org.segment, org.plan, str(org.arr)) == (
        "ACME",
        "enterprise",
        "Pro",
        "12000.50",
    )
    assert (org.csm_owner, org.domains) == (csm, ["acme.test"])
    event = Event.objects.get(verb="organisation_created")
    assert (event.actor, event.target_id) == (supervisor, org.pk)


@pytest.mark.parametrize(
    "values, field",
    [
        ({"name": " "}, "name"),
        ({"name": "A", "segment": "galactic"}, "segment"),
        ({"name": "A", "arr": "beaucoup"}, "arr"),
        ({"name": "A", "csm_owner": "not-an-agent"}, "csm_owner"),
    ],
)
def test_invalid_organisation_is_refused(brand, supervisor, values, field):
    if values.get("csm_owner") == "not-an-agent":
        values["csm_owner"] = factories.customer(brand)
    with pytest.raises(ActionError) as error:
        do_create_organisation(supervisor, brand=brand, **values)
    assert error.value.field == field
    assert not Organisation.objects.exists()


def test_unknown_organisation_field_is_refused(brand, supervisor):
    with pytest.raises(ActionError):
        do_create_organisation(supervisor, brand=brand, name="A", owner="x")


def test_organisation_update_is_audited_old_to_new(brand, supervisor):
    org = factories.organisation(brand, name="ACME", plan="Basic")
    do_update_organisation(supervisor, org, name="ACME SA", plan="Pro")
    event = Event.objects.get(verb="organisation_updated")
    assert event.actor == supervisor
    assert event.changes == [
        {"field": "name", "old": "ACME", "new": "ACME SA"},
        {"field": "plan", "old": "Basic", "new": "Pro"},
    ]


def test_organisation_update_without_change_records_nothing(brand, supervisor):
    org = factories.organisation(brand, name="ACME")
    do_update_organisation(supervisor, org, name="ACME")
    assert not Event.objects.filter(verb="organisation_updated").exists()


def test_organisation_custom_fields_are_typed(brand, supervisor):
    CustomField.objects.create(target="organisation", key="seats", label="Postes", kind="number")
    org = do_create_organisation(supervisor, brand=brand, name="A", custom_fields={"seats": "40"})
    assert org.custom_fields == {"seats": 40}


@pytest.mark.parametrize("role", ["agent", "incident_manager"])
def test_roles_without_organisation_update_cannot_change_organisations(brand, role):
    actor = factories.agent(role)
    with pytest.raises(NotAllowed):
        do_create_organisation(actor, brand=brand, name="A")
    with pytest.raises(NotAllowed):
        do_update_organisation(actor, factories.organisation(brand), name="B")


def test_agent_of_another_brand_cannot_touch_its_organisations(brand):
    outsider = factories.agent("supervisor", brands=[factories.brand()])
    with pytest.raises(NotAllowed):
        do_create_organisation(outsider, brand=brand, name="A")
    with pytest.raises(NotAllowed):
        do_update_organisation(outsider, factories.organisation(brand), name="B")


def test_identity_values_are_unique_per_brand_in_the_database(brand):
    contact = factories.contact(brand, email="a@example.fr")
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        ContactIdentity.objects.create(
            contact=contact, brand=brand, kind="email", value="a@example.fr"
        )
