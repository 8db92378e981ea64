"""Every action leaves an audit event: who (actor), what (verb), and old -> new where a field
changes. One row per action; the detailed behaviour is tested beside each action."""

import pytest

from guichet.audit.models import Event
from guichet.core.tests import factories
from guichet.people import actions as people
from guichet.tickets import actions as tickets
from guichet.tickets import merge_actions, message_actions
from guichet.tickets.models import Macro

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    brand = factories.brand()
    admin = factories.agent("admin")
    org = factories.organisation(brand)
    customer = factories.customer(brand, org)
    ticket = factories.ticket(brand, requester=customer.contact, actor=admin)
    other = factories.ticket(brand, actor=admin)
    Event.objects.all().delete()
    return {"brand": brand, "admin": admin, "org": org, "customer": customer,
            "ticket": ticket, "other": other}  # fmt: skip


# (name, actor key, call, verb, field whose old -> new must be recorded or None)
ACTIONS = [
    ("create ticket", "admin", lambda w, a: tickets.do_create_ticket(
        a, brand=w["brand"], requester=w["customer"].contact, subject="S", body="B"),
     "ticket_created", None),
    ("update ticket", "admin", lambda w, a: tickets.do_update_ticket(a, w["ticket"], priority="high"),
     "ticket_updated", "priority"),
    ("assign ticket", "admin", lambda w, a: tickets.do_assign_ticket(a, w["ticket"], assignee=a),
     "ticket_updated", "assignee"),
    ("change status", "admin", lambda w, a: tickets.do_change_status(a, w["ticket"], "pending"),
     "ticket_updated", "status"),
    ("escalate", "admin", lambda w, a: tickets.do_escalate_ticket(a, w["ticket"], tier=2, reason="r"),
     "ticket_escalated", "tier"),
    ("log time", "admin", lambda w, a: tickets.do_log_time(a, w["ticket"], seconds=60),
     "time_logged", "time_spent_seconds"),
    ("delete ticket", "admin", lambda w, a: tickets.do_delete_ticket(a, w["other"]),
     "ticket_deleted", None),
    ("reply", "admin", lambda w, a: message_actions.do_reply(a, w["ticket"], body="R"),
     "reply_sent", None),
    ("customer message", "customer",
     lambda w, a: message_actions.do_add_customer_message(a, w["ticket"], body="C"),
     "customer_replied", None),
    ("note", "admin", lambda w, a: message_actions.do_add_note(a, w["ticket"], body="N"),
     "note_added", None),
    ("macro", "admin", lambda w, a: message_actions.do_apply_macro(
        a, w["ticket"], Macro.objects.create(name="M", body="Bonjour")), "macro_applied", None),
    ("merge tickets", "admin", lambda w, a: merge_actions.do_merge_tickets(a, w["other"], w["ticket"]),
     "ticket_merged", "status"),
    ("link tickets", "admin",
     lambda w, a: merge_actions.do_link_tickets(a, w["other"], w["ticket"], "related"),
     "ticket_linked", None),
    ("create contact", "admin",
     lambda w, a: people.do_create_contact(a, brand=w["brand"], name="Léa"), "contact_created", None),
    ("update contact", "admin",
     lambda w, a: people.do_update_contact(a, w["customer"].contact, vip=True),
     "contact_updated", "vip"),
    ("add identity", "admin",
     lambda w, a: people.do_add_identity(a, w["customer"].contact, "phone", "0612345678"),
     "identity_added", None),
    ("merge contacts", "admin", lambda w, a: people.do_merge_contacts(
        a, factories.contact(w["brand"]), w["customer"].contact), "contact_merged", "merged_into"),
    ("create organisation", "admin",
     lambda w, a: people.do_create_organisation(a, brand=w["brand"], name="O"),
     "organisation_created", None),
    ("update organisation", "admin",
     lambda w, a: people.do_update_organisation(a, w["org"], plan="Pro"),
     "organisation_updated", "plan"),
]  # fmt: skip


@pytest.mark.parametrize(
    "actor_key, call, verb, field", [row[1:] for row in ACTIONS], ids=[row[0] for row in ACTIONS]
)
def test_action_records_who_did_what(world, actor_key, call, verb, field):
    actor = world[actor_key]
    call(world, actor)
    event = Event.objects.filter(verb=verb).latest("id")
    assert event.actor == actor
    assert event.created_at is not None
    if field is not None:
        assert field in [change["field"] for change in event.changes]
        change = next(c for c in event.changes if c["field"] == field)
        assert change["old"] != change["new"]
