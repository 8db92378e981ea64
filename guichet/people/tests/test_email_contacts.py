"""Contacts created together from email addresses by mail intake (create_email_contacts)."""

import pytest
from django.db import IntegrityError, transaction

from guichet.audit.models import Event
from guichet.core.tests import factories
from guichet.people.actions import NewEmailContact, create_email_contacts
from guichet.people.models import Contact, ContactIdentity

pytestmark = pytest.mark.django_db


def test_each_address_becomes_a_contact_as_do_create_contact_makes_it():
    brand = factories.brand(default_language="fr")
    org = factories.organisation(brand, language="en")
    new = [
        NewEmailContact("  Alice   Martin ", "alice@customer.example"),
        NewEmailContact("", "bob@acme.example", org),
    ]

    alice, bob = create_email_contacts(brand, new)

    assert (alice.name, alice.preferred_language, alice.organisation) == (
        "Alice Martin",
        "fr",
        None,
    )
    assert (bob.name, bob.preferred_language, bob.organisation) == ("bob", "en", org)
    identities = ContactIdentity.objects.filter(brand=brand).order_by("value")
    assert [(i.contact, i.kind, i.value) for i in identities] == [
        (alice, "email", "alice@customer.example"),
        (bob, "email", "bob@acme.example"),
    ]
    events = Event.objects.filter(verb="contact_created", target_type="contact")
    assert sorted(events.values_list("target_id", flat=True)) == [alice.pk, bob.pk]
    assert all(event.ticket_id is None and event.actor_id is None for event in events)


def test_the_mailbox_language_goes_first():
    brand = factories.brand(default_language="fr")
    (contact,) = create_email_contacts(
        brand, [NewEmailContact("A", "a@x.example")], preferred_language="en"
    )
    assert contact.preferred_language == "en"


def test_an_address_another_contact_has_rolls_the_caller_back():
    brand = factories.brand()
    factories.contact(brand, email="taken@x.example")
    before = Contact.objects.count()
    with pytest.raises(IntegrityError), transaction.atomic():
        create_email_contacts(
            brand,
            [NewEmailContact("New", "new@x.example"), NewEmailContact("T", "taken@x.example")],
        )
    assert Contact.objects.count() == before
    assert not ContactIdentity.objects.filter(value="new@x.example").exists()
