"""do_create_ticket: agents on behalf of a contact, customers for themselves, validation."""

import datetime as dt

import pytest

from guichet.audit.models import Event
from guichet.core.errors import ActionError, NotAllowed
from guichet.core.models import CustomField
from guichet.core.tests import factories
from guichet.people.models import Tier
from guichet.tickets.actions import do_create_ticket, tag_names

pytestmark = pytest.mark.django_db


@pytest.fixture
def brand():
    return factories.brand(ticket_prefix="TEL", default_language="fr")


@pytest.fixture
def agent():
    return factories.agent()


def create(actor, brand, **kwargs):
    kwargs.setdefault("subject", "Box en panne")
    kwargs.setdefault("body", "Elle clignote en rouge.")
    return do_create_ticket(actor, brand=brand, **kwargs)


# --- Who opens a ticket --------------------------------------------------------------------


def test_agent_opens_a_ticket_on_behalf_of_a_contact(brand, agent):
    org = factories.organisation(brand)
    requester = factories.contact(brand, org)
    ticket = create(
        agent, brand, requester=requester, subject="  Box \n en   panne ", channel="phone",
        priority="high", type="incident", tags=["Fibre Optique", "fibre-optique", "VIP"],
    )  # fmt: skip
    ticket.refresh_from_db()
    assert (ticket.reference, ticket.subject, ticket.status) == ("TEL-1", "Box en panne", "new")
    assert (ticket.channel, ticket.priority, ticket.type) == ("phone", "high", "incident")
    assert ticket.requester == requester and ticket.organisation == org
    assert tag_names(ticket) == ["fibre-optique", "vip"]
    message = ticket.messages.get()
    assert (message.kind, message.author_contact, message.author_user) == (
        "customer", requester, None,
    )  # fmt: skip
    assert message.body_text == "Elle clignote en rouge."
    event = Event.objects.get(verb="ticket_created")
    assert (event.actor, event.ticket, event.data["reference"]) == (agent, ticket, "TEL-1")


def test_customer_opens_a_ticket_for_themselves_through_the_portal(brand):
    customer = factories.customer(brand)
    ticket = create(customer, brand, channel="email", tags=["vip"])
    assert ticket.requester == customer.contact
    assert ticket.channel == "portal"  # customers cannot choose internal fields
    assert tag_names(ticket) == []
    assert Event.objects.get(verb="ticket_created").actor == customer


def test_customer_cannot_open_a_ticket_for_someone_else(brand):
    customer = factories.customer(brand)
    with pytest.raises(NotAllowed):
        create(customer, brand, requester=factories.contact(brand))


def test_customer_of_another_brand_cannot_open_a_ticket_here(brand):
    customer = factories.customer(factories.brand())
    with pytest.raises(NotAllowed):
        create(customer, brand)


def test_anonymous_cannot_open_a_ticket(brand):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(NotAllowed):
        create(AnonymousUser(), brand, requester=factories.contact(brand))


def test_agent_of_another_brand_cannot_open_a_ticket_here(brand):
    outsider = factories.agent(brands=[factories.brand()])
    with pytest.raises(NotAllowed):
        create(outsider, brand, requester=factories.contact(brand))


# --- Validation ----------------------------------------------------------------------------


def test_agent_must_name_a_requester(brand, agent):
    with pytest.raises(ActionError) as error:
        create(agent, brand)
    assert error.value.field == "requester"


def test_requester_of_another_brand_is_refused(brand, agent):
    with pytest.raises(ActionError) as error:
        create(agent, brand, requester=factories.contact(factories.brand()))
    assert error.value.field == "requester"


def test_merged_requester_is_refused(brand, agent):
    target = factories.contact(brand)
    merged = factories.contact(brand, merged_into=target)
    with pytest.raises(ActionError) as error:
        create(agent, brand, requester=merged)
    assert error.value.field == "requester"


@pytest.mark.parametrize("subject", ["", "   ", None])
def test_subject_is_required(brand, agent, subject):
    with pytest.raises(ActionError) as error:
        create(agent, brand, requester=factories.contact(brand), subject=subject)
    assert (error.value.field, error.value.code) == ("subject", "required")


def test_long_subject_is_cut(brand, agent):
    ticket = create(agent, brand, requester=factories.contact(brand), subject="x" * 400)
    assert len(ticket.subject) == 250


def test_a_description_is_required(brand, agent):
    with pytest.raises(ActionError) as error:
        create(agent, brand, requester=factories.contact(brand), body="")
    assert error.value.field == "body"


def test_an_attachment_alone_is_a_description(brand, agent, media_root):
    ticket = create(
        agent, brand, requester=factories.contact(brand), body="",
        attachments=[("log.txt", b"error 42")],
    )  # fmt: skip
    assert ticket.messages.get().attachments.get().filename == "log.txt"


@pytest.mark.parametrize(
    "field, value",
    [("priority", "critical"), ("type", "bug"), ("channel", "fax"), ("priority", None)],
)
def test_unknown_choices_are_refused(brand, agent, field, value):
    with pytest.raises(ActionError) as error:
        create(agent, brand, requester=factories.contact(brand), **{field: value})
    assert error.value.field == field


def test_nothing_is_saved_when_validation_fails(brand, agent):
    from guichet.tickets.models import Ticket

    with pytest.raises(ActionError):
        create(agent, brand, requester=factories.contact(brand), body="")
    assert not Ticket.objects.exists()


@pytest.mark.parametrize("tag", ["!!!", "", "   "])
def test_tags_without_letters_are_refused(brand, agent, tag):
    with pytest.raises(ActionError) as error:
        create(agent, brand, requester=factories.contact(brand), tags=[tag])
    assert error.value.field == "tags"


def test_category_of_another_brand_is_refused(brand, agent):
    other = factories.category(factories.brand())
    with pytest.raises(ActionError) as error:
        create(agent, brand, requester=factories.contact(brand), category=other)
    assert error.value.field == "category"


def test_category_gives_its_default_team_and_tier(brand, agent):
    team = factories.team(tier=Tier.N2, brand_=brand)
    category = factories.category(brand, default_team=team, default_tier=Tier.N2)
    ticket = create(agent, brand, requester=factories.contact(brand), category=category)
    assert (ticket.team, ticket.tier, ticket.category) == (team, Tier.N2, category)


def test_language_comes_from_the_requester_unless_given(brand, agent):
    english = factories.contact(brand, preferred_language="en")
    assert create(agent, brand, requester=english).language == "en"
    assert create(agent, brand, requester=english, language="de").language == "de"


def test_numbers_are_allocated_per_brand(agent):
    first, second = factories.brand(ticket_prefix="AAA"), factories.brand(ticket_prefix="BBB")
    refs = [
        create(agent, b, requester=factories.contact(b)).reference
        for b in (first, first, second, first)
    ]
    assert refs == ["AAA-1", "AAA-2", "BBB-1", "AAA-3"]


def test_cc_contacts_follow_the_ticket_but_not_the_requester_twice(brand, agent):
    requester, cc = factories.contact(brand), factories.contact(brand)
    ticket = create(agent, brand, requester=requester, cc=[cc, requester])
    assert [p.contact for p in ticket.participants.all()] == [cc]


def test_cc_of_another_brand_is_refused(brand, agent):
    with pytest.raises(ActionError) as error:
        create(
            agent, brand, requester=factories.contact(brand),
            cc=[factories.contact(factories.brand())],
        )  # fmt: skip
    assert error.value.field == "cc"


def test_created_at_can_be_given_for_imports(brand, agent):
    when = dt.datetime(2024, 5, 1, 9, 30, tzinfo=dt.UTC)
    ticket = create(agent, brand, requester=factories.contact(brand), created_at=when)
    assert ticket.created_at == ticket.updated_at == ticket.messages.get().created_at == when


# --- Typed custom fields -------------------------------------------------------------------


@pytest.fixture
def fields(brand):
    def field(key, kind, **kwargs):
        return CustomField.objects.create(target="ticket", key=key, label=key, kind=kind, **kwargs)

    return {
        "contract": field("contract", "text"),
        "seats": field("seats", "number"),
        "renewal": field("renewal", "date"),
        "plan": field("plan", "choice", choices=["basic", "pro"], visible_to_customers=True),
        "site": field("site", "text", brand=factories.brand()),
        "po": field("po", "text", required=True),
    }


def test_custom_fields_are_stored_with_their_types(brand, agent, fields):
    values = {"contract": 1234, "seats": "12", "renewal": "2025-01-31", "plan": "pro"}
    ticket = create(agent, brand, requester=factories.contact(brand), custom_fields=values)
    ticket.refresh_from_db()
    assert ticket.custom_fields == {
        "contract": "1234", "seats": 12, "renewal": "2025-01-31", "plan": "pro",
    }  # fmt: skip


def test_decimal_number_is_kept_as_a_float(brand, agent, fields):
    ticket = create(
        agent, brand, requester=factories.contact(brand), custom_fields={"seats": "2.5"}
    )
    assert ticket.custom_fields == {"seats": 2.5}


@pytest.mark.parametrize(
    "values, field",
    [
        ({"seats": "douze"}, "seats"),
        ({"seats": "NaN"}, "seats"),
        ({"seats": "Infinity"}, "seats"),
        ({"seats": "1e999999999"}, "seats"),  # would hang int() without a bound
        ({"seats": True}, "seats"),
        ({"renewal": "31/01/2025"}, "renewal"),
        ({"renewal": "2025-02-30"}, "renewal"),
        ({"plan": "gold"}, "plan"),
        ({"unknown": "x"}, "unknown"),
        ({"site": "Lyon"}, "site"),  # defined for another brand only
        ({"po": ""}, "po"),  # required
    ],
)
def test_invalid_custom_field_values_are_refused(brand, agent, fields, values, field):
    with pytest.raises(ActionError) as error:
        create(agent, brand, requester=factories.contact(brand), custom_fields=values)
    assert error.value.field == field


def test_custom_fields_must_be_an_object(brand, agent, fields):
    with pytest.raises(ActionError) as error:
        create(agent, brand, requester=factories.contact(brand), custom_fields=["seats"])
    assert error.value.field == "custom_fields"


def test_customer_may_fill_only_fields_visible_to_customers(brand, fields):
    customer = factories.customer(brand)
    ticket = create(customer, brand, custom_fields={"plan": "basic"})
    assert ticket.custom_fields == {"plan": "basic"}
    with pytest.raises(ActionError) as error:
        create(customer, brand, custom_fields={"contract": "secret"})
    assert error.value.field == "custom_fields"


def test_contacts_already_following_a_ticket_are_not_added_twice(brand):
    from guichet.tickets.actions import add_contact_participants

    ticket = factories.ticket(brand)
    cc = factories.contact(brand)
    add_contact_participants(ticket, [cc, cc, ticket.requester])
    add_contact_participants(ticket, [cc])
    assert [p.contact for p in ticket.participants.all()] == [cc]
