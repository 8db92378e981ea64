"""The permission matrix: who may see and do what. This table IS the spec (docs/permissions.md
mirrors it); guichet/core/access.py and the actions must give exactly these answers.

The world (see `world` below), all in brand A unless said otherwise:
- organisation A: `customer` (plain portal user, requester of the "own" ticket), `org_admin`
  (an organisation admin) and a colleague without an account (requester of the "colleague" ticket);
- organisation B: `other_org` (portal user, requester of the "other org" ticket) and a colleague;
- each ticket has a customer message and an internal note, each with an attachment;
- `brand_b`: an agent restricted to brand B, which has a ticket of its own;
- `disabled`: an admin whose account was deactivated; `anonymous`: nobody signed in.

Y = allowed, . = refused (NotAllowed, or not in the visible set).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import transaction

from guichet.core import access
from guichet.core.errors import NotAllowed
from guichet.core.tests import factories
from guichet.people import actions as people
from guichet.search.index import rebuild
from guichet.search.queries import search_tickets
from guichet.tickets import actions as tickets
from guichet.tickets import merge_actions, message_actions
from guichet.tickets.models import Macro

pytestmark = pytest.mark.django_db

ROLES = ("admin", "supervisor", "agent", "csm", "incident_manager",
         "customer", "org_admin", "other_org", "anonymous", "brand_b", "disabled")  # fmt: skip

MATRIX = """
                                          admin super agent csm incid cust orgad other anon brndB disab
Tickets
  see own ticket                            Y     Y     Y    Y    Y    Y     Y     .     .    .     .
  see colleague's ticket (same org)         Y     Y     Y    Y    Y    .     Y     .     .    .     .
  see other organisation's ticket           Y     Y     Y    Y    Y    .     .     Y     .    .     .
  read public messages of own ticket        Y     Y     Y    Y    Y    Y     Y     .     .    .     .
  read internal notes of own ticket         Y     Y     Y    Y    Y    .     .     .     .    .     .
  download attachment of a public message   Y     Y     Y    Y    Y    Y     Y     .     .    .     .
  download attachment of an internal note   Y     Y     Y    Y    Y    .     .     .     .    .     .
  find own ticket by its public text        Y     Y     Y    Y    Y    Y     Y     .     .    .     .
  find own ticket by its note's text        Y     Y     Y    Y    Y    .     .     .     .    .     .
  open a ticket (customers: for oneself)    Y     Y     Y    Y    Y    Y     Y     Y     .    .     .
  open a ticket for someone else            Y     Y     Y    Y    Y    .     .     .     .    .     .
  reply publicly (agent reply)              Y     Y     Y    Y    Y    .     .     .     .    .     .
  write a customer message on own ticket    Y     Y     Y    Y    Y    Y     Y     .     .    .     .
  add an internal note                      Y     Y     Y    Y    Y    .     .     .     .    .     .
  update a ticket                           Y     Y     Y    .    Y    .     .     .     .    .     .
  assign a ticket                           Y     Y     Y    .    Y    .     .     .     .    .     .
  escalate a ticket                         Y     Y     Y    .    Y    .     .     .     .    .     .
  merge tickets                             Y     Y     Y    .    .    .     .     .     .    .     .
  link tickets                              Y     Y     Y    .    Y    .     .     .     .    .     .
  log time                                  Y     Y     Y    Y    Y    .     .     .     .    .     .
  delete a ticket                           Y     .     .    .    .    .     .     .     .    .     .
  use a macro                               Y     Y     Y    Y    Y    .     .     .     .    .     .
People
  see a colleague's contact (same org)      Y     Y     Y    Y    Y    .     Y     .     .    .     .
  see a contact of another organisation     Y     Y     Y    Y    Y    .     .     .     .    .     .
  rename the plain customer's contact       Y     Y     Y    Y    .    Y     .     .     .    .     .
  update a contact of another organisation  Y     Y     Y    Y    .    .     .     .     .    .     .
  add an identity to a contact              Y     Y     Y    Y    .    .     .     .     .    .     .
  create a contact                          Y     Y     Y    Y    .    .     .     .     .    .     .
  merge contacts                            Y     Y     .    .    .    .     .     .     .    .     .
  see organisation A                        Y     Y     Y    Y    Y    Y     Y     .     .    .     .
  see organisation B                        Y     Y     Y    Y    Y    .     .     Y     .    .     .
  create an organisation                    Y     Y     .    Y    .    .     .     .     .    .     .
  update an organisation                    Y     Y     .    Y    .    .     .     .     .    .     .
"""

# What each one finds in its ticket list (access.visible_tickets).
TICKET_LISTS = {
    "admin": {"own", "colleague", "other_org", "brand_b"},
    "supervisor": {"own", "colleague", "other_org", "brand_b"},
    "agent": {"own", "colleague", "other_org", "brand_b"},
    "csm": {"own", "colleague", "other_org", "brand_b"},
    "incident_manager": {"own", "colleague", "other_org", "brand_b"},
    "customer": {"own"},
    "org_admin": {"own", "colleague"},
    "other_org": {"other_org"},
    "anonymous": set(),
    "brand_b": {"brand_b"},
    "disabled": set(),
}


def parse_matrix(text: str) -> dict[str, dict[str, bool]]:
    rows: dict[str, dict[str, bool]] = {}
    for line in text.strip().splitlines()[1:]:
        if not line.startswith("  "):
            continue  # a section title
        words = line.split()
        cells = words[-len(ROLES) :]
        name = " ".join(words[: -len(ROLES)])
        assert set(cells) <= {"Y", "."}, line
        rows[name] = {role: cell == "Y" for role, cell in zip(ROLES, cells, strict=True)}
    return rows


EXPECTED = parse_matrix(MATRIX)


# --- The world -----------------------------------------------------------------------------


class World(dict[str, Any]):
    """A dict read and written with attributes (w.own is w["own"])."""

    def __getattr__(self, name: str) -> Any:
        return self[name]

    def __setattr__(self, name: str, value: Any) -> None:
        self[name] = value

    def fresh(self) -> World:
        """The same world re-read from the database: an operation rolled back in its savepoint
        may have changed the Python objects it was given (a deleted ticket loses its pk)."""

        def reread(value: Any) -> Any:
            if isinstance(value, dict):
                return {key: reread(item) for key, item in value.items()}
            if getattr(value, "pk", None) is not None and hasattr(value, "_meta"):
                return type(value)._default_manager.get(pk=value.pk)
            return value

        return World({key: reread(value) for key, value in self.items()})


@pytest.fixture
def world(media_root: Any) -> World:
    w = World()
    w.brand = factories.brand()
    other_brand = factories.brand()
    w.org_a = factories.organisation(w.brand, name="Organisation A")
    w.org_b = factories.organisation(w.brand, name="Organisation B")
    users: dict[str, Any] = {}
    for role in ("admin", "supervisor", "agent", "csm", "incident_manager"):
        users[role] = factories.agent(role)
    users["customer"] = factories.customer(w.brand, w.org_a)
    users["org_admin"] = factories.customer(w.brand, w.org_a, is_org_admin=True)
    users["other_org"] = factories.customer(w.brand, w.org_b)
    users["anonymous"] = AnonymousUser()
    users["brand_b"] = factories.agent("admin", brands=[other_brand])
    users["disabled"] = factories.agent("admin")
    users["disabled"].is_active = False
    users["disabled"].save()
    w.users = users
    w.colleague_a = factories.contact(w.brand, w.org_a)
    w.colleague_b = factories.contact(w.brand, w.org_b)
    admin = users["admin"]
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16
    w.tickets = {}
    for key, requester in (
        ("own", users["customer"].contact),
        ("colleague", w.colleague_a),
        ("other_org", users["other_org"].contact),
    ):
        ticket = factories.ticket(
            w.brand, requester, actor=admin, subject="Imprimante", body="Elle bourre",
            attachments=[("page.png", png)],
        )  # fmt: skip
        message_actions.do_add_note(
            admin, ticket, body="Contentieux en cours", attachments=[("note.png", png)]
        )
        w.tickets[key] = ticket
    w.tickets["brand_b"] = factories.ticket(other_brand, actor=admin)
    w.own = w.tickets["own"]
    w.public_message = w.own.messages.get(kind="customer")
    w.note = w.own.messages.get(kind="note")
    w.macro = Macro.objects.create(name="Bonjour", body="Bonjour {{ requester.name }}")
    rebuild()
    return w


# --- The operations, one per matrix row ----------------------------------------------------


def see_ticket(key: str) -> Callable[[Any, World], bool]:
    def op(user: Any, w: World) -> bool:
        ticket = w.tickets[key]
        by_rule = access.can_view_ticket(user, ticket)
        listed = access.visible_tickets(user).filter(pk=ticket.pk).exists()
        assert by_rule == listed, "can_view_ticket and visible_tickets disagree"
        try:
            access.require_ticket(user, ticket)
        except NotAllowed:
            assert not by_rule, "require_ticket refuses what can_view_ticket allows"
        return by_rule

    return op


def found_by(q: str) -> Callable[[Any, World], bool]:
    def op(user: Any, w: World) -> bool:
        found = search_tickets(access.visible_tickets(user), q, user=user)
        return found.filter(pk=w.own.pk).exists()

    return op


def open_ticket(user: Any, w: World) -> None:
    requester = None if access.contact_of(user) else w.users["customer"].contact
    tickets.do_create_ticket(user, brand=w.brand, requester=requester, subject="S", body="B")


OPERATIONS: dict[str, Callable[[Any, World], Any]] = {
    "see own ticket": see_ticket("own"),
    "see colleague's ticket (same org)": see_ticket("colleague"),
    "see other organisation's ticket": see_ticket("other_org"),
    "read public messages of own ticket": lambda u, w: (
        access.visible_messages(u, w.own).filter(pk=w.public_message.pk).exists()
    ),
    "read internal notes of own ticket": lambda u, w: (
        access.visible_messages(u, w.own).filter(pk=w.note.pk).exists()
    ),
    "download attachment of a public message": lambda u, w: (
        access.visible_attachments(u).filter(message=w.public_message).exists()
    ),
    "download attachment of an internal note": lambda u, w: (
        access.visible_attachments(u).filter(message=w.note).exists()
    ),
    "find own ticket by its public text": found_by("bourre"),
    "find own ticket by its note's text": found_by("contentieux"),
    "open a ticket (customers: for oneself)": open_ticket,
    "open a ticket for someone else": lambda u, w: tickets.do_create_ticket(
        u, brand=w.brand, requester=w.colleague_a, subject="S", body="B"
    ),
    "reply publicly (agent reply)": lambda u, w: message_actions.do_reply(u, w.own, body="R"),
    "write a customer message on own ticket": lambda u, w: message_actions.do_add_customer_message(
        u, w.own, body="C"
    ),
    "add an internal note": lambda u, w: message_actions.do_add_note(u, w.own, body="N"),
    "update a ticket": lambda u, w: tickets.do_update_ticket(u, w.own, priority="high"),
    "assign a ticket": lambda u, w: tickets.do_assign_ticket(u, w.own, assignee=w.users["agent"]),
    "escalate a ticket": lambda u, w: tickets.do_escalate_ticket(u, w.own, tier=2, reason="r"),
    "merge tickets": lambda u, w: merge_actions.do_merge_tickets(u, w.tickets["colleague"], w.own),
    "link tickets": lambda u, w: merge_actions.do_link_tickets(
        u, w.own, w.tickets["colleague"], "related"
    ),
    "log time": lambda u, w: tickets.do_log_time(u, w.own, seconds=60),
    "delete a ticket": lambda u, w: tickets.do_delete_ticket(u, w.own),
    "use a macro": lambda u, w: message_actions.render_macro(u, w.own, w.macro),
    "see a colleague's contact (same org)": lambda u, w: (
        access.visible_contacts(u).filter(pk=w.colleague_a.pk).exists()
    ),
    "see a contact of another organisation": lambda u, w: (
        access.visible_contacts(u).filter(pk=w.colleague_b.pk).exists()
    ),
    "rename the plain customer's contact": lambda u, w: people.do_update_contact(
        u, w.users["customer"].contact, name="Nouveau nom"
    ),
    "update a contact of another organisation": lambda u, w: people.do_update_contact(
        u, w.colleague_b, name="Nouveau nom"
    ),
    "add an identity to a contact": lambda u, w: people.do_add_identity(
        u, w.colleague_b, "phone", "0612345678"
    ),
    "create a contact": lambda u, w: people.do_create_contact(u, brand=w.brand, name="Léa"),
    "merge contacts": lambda u, w: people.do_merge_contacts(
        u, w.colleague_a, w.users["customer"].contact
    ),
    "see organisation A": lambda u, w: (
        access.visible_organisations(u).filter(pk=w.org_a.pk).exists()
    ),
    "see organisation B": lambda u, w: (
        access.visible_organisations(u).filter(pk=w.org_b.pk).exists()
    ),
    "create an organisation": lambda u, w: people.do_create_organisation(
        u, brand=w.brand, name="Nouvelle"
    ),
    "update an organisation": lambda u, w: people.do_update_organisation(u, w.org_a, plan="Pro"),
}


class _Undo(Exception):
    def __init__(self, result: Any) -> None:
        self.result = result


def allowed(operation: Callable[[Any, World], Any], user: Any, w: World) -> bool:
    """Run one operation in a savepoint that is always rolled back; reads answer True/False,
    writes are allowed unless they raise NotAllowed (any other error fails the test)."""
    try:
        with transaction.atomic():
            raise _Undo(operation(user, w))
    except _Undo as outcome:
        return outcome.result is not False
    except NotAllowed:
        return False


# --- The tests -----------------------------------------------------------------------------


def test_every_row_of_the_matrix_has_an_operation_and_back():
    assert set(EXPECTED) == set(OPERATIONS)


@pytest.mark.parametrize("operation", list(EXPECTED))
def test_permission_matrix(world: World, operation: str) -> None:
    actual = {}
    for role in ROLES:
        w = world.fresh()
        actual[role] = allowed(OPERATIONS[operation], w.users[role], w)
    wrong = {role: actual[role] for role in ROLES if actual[role] != EXPECTED[operation][role]}
    assert not wrong, f"{operation!r}: got the opposite of the matrix for {wrong}"


@pytest.mark.parametrize("role", ROLES)
def test_ticket_list_of_each_role(world: World, role: str) -> None:
    names = {pk: key for key, ticket in world.tickets.items() for pk in [ticket.pk]}
    listed = {
        names[pk] for pk in access.visible_tickets(world.users[role]).values_list("pk", flat=True)
    }
    assert listed == TICKET_LISTS[role]


def test_matrix_rows_for_staff_follow_role_permissions():
    """Where a row is exactly one permission of ROLE_PERMISSIONS, the staff columns agree."""
    rows = {
        "update a ticket": "ticket.update",
        "assign a ticket": "ticket.assign",
        "escalate a ticket": "ticket.escalate",
        "merge tickets": "ticket.merge",
        "log time": "ticket.log_time",
        "delete a ticket": "ticket.delete",
        "add an internal note": "ticket.note",
        "reply publicly (agent reply)": "ticket.reply",
        "use a macro": "macro.use",
        "update a contact of another organisation": "contact.update",
        "merge contacts": "contact.merge",
        "update an organisation": "organisation.update",
        "create an organisation": "organisation.update",
        "create a contact": "contact.update",
    }
    for row, permission in rows.items():
        staff = {role for role in access.STAFF_ROLES if EXPECTED[row][role]}
        assert staff == access.ROLE_PERMISSIONS[permission], row


def test_a_merged_away_customer_account_sees_nothing(world: World) -> None:
    customer = world.users["customer"]
    contact = customer.contact
    contact.merged_into = world.colleague_a  # left pointing at its old account
    contact.save()
    customer.refresh_from_db()
    assert access.contact_of(customer) is None
    assert not access.visible_tickets(customer).exists()


def test_docs_permissions_page_mirrors_the_matrix() -> None:
    from django.conf import settings

    page = (settings.BASE_DIR / "docs" / "permissions.md").read_text()
    documented = {}
    for line in page.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == len(ROLES) + 1 and set(cells[1:]) <= {"Y", "."}:
            documented[cells[0]] = dict(zip(ROLES, (c == "Y" for c in cells[1:]), strict=True))
    assert documented == EXPECTED
