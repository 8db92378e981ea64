"""`demo_setup` loads the demo data set into the database: brands, logins, tickets, history."""

from __future__ import annotations

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count

from guichet.audit.models import Event
from guichet.brands.models import Brand, Category
from guichet.core import access
from guichet.core.models import CustomField
from guichet.demo.logins import DEMO_PASSWORD, login_lines
from guichet.demo.models import DemoDataset, TicketLabel
from guichet.people.models import Agent, Contact, Organisation, Team
from guichet.routing.actions import do_route_ticket
from guichet.search.queries import search_contacts, search_tickets
from guichet.sla.system import SYSTEM_USERNAME
from guichet.tickets.actions import do_create_ticket
from guichet.tickets.models import Macro, Ticket

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("demo")]
NOW = "2026-06-30T18:00:00+02:00"
TICKETS = 80


@pytest.fixture(scope="module", autouse=True)
def demo_data(django_db_setup, django_db_blocker):
    """Load once for the module, inside a transaction rolled back at the end."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("demo_setup", tickets=TICKETS, now=NOW, verbosity=0)
        yield
        transaction.set_rollback(True)


def test_three_brands_are_loaded():
    assert sorted(Brand.objects.values_list("slug", flat=True)) == ["asclepia", "kolibri", "telvia"]


def test_each_brand_has_a_category_tree_with_default_team_and_tier():
    for brand in Brand.objects.all():
        categories = Category.objects.filter(brand=brand)
        assert categories.filter(parent__isnull=True).count() >= 5
        leaves = categories.filter(parent__isnull=False)
        assert leaves.count() >= 12
        assert not leaves.filter(default_team__isnull=True).exists()
        assert not leaves.filter(description="").exists()


def test_each_brand_has_teams_from_n1_to_n3():
    for brand in Brand.objects.all():
        assert set(Team.objects.filter(brand=brand).values_list("tier", flat=True)) == {1, 2, 3}


def test_every_role_is_staffed():
    roles = set(Agent.objects.values_list("role", flat=True))
    assert roles == {"admin", "supervisor", "agent", "csm", "incident_manager"}


def test_every_demo_login_accepts_the_demo_password():
    # One shared password hash: checking it once covers every login (PBKDF2 is slow).
    user = authenticate(username="agent.n1", password=DEMO_PASSWORD)
    assert user is not None
    logins = get_user_model().objects.filter(username__in=[u for u, _ in login_lines()])
    assert logins.count() == 5
    assert set(logins.values_list("password", flat=True)) == {user.password}


@pytest.mark.parametrize(
    ("username", "role", "tier"),
    [("admin", "admin", 3), ("agent.n1", "agent", 1), ("agent.n2", "agent", 2),
     ("supervisor", "supervisor", 2)],
)  # fmt: skip
def test_staff_logins_have_their_role_and_tier(username, role, tier):
    agent = Agent.objects.get(user__username=username)
    assert (agent.role, agent.tier) == (role, tier)


def test_the_admin_login_can_open_the_django_admin():
    user = get_user_model().objects.get(username="admin")
    assert user.is_staff and user.is_superuser


def test_the_customer_login_is_a_plain_contact_with_tickets():
    user = get_user_model().objects.get(username="customer")
    contact = access.contact_of(user)
    assert contact is not None and not contact.is_org_admin
    assert contact.organisation is not None
    assert access.visible_tickets(user).count() >= 3


def test_the_customer_is_the_actor_of_their_own_requests():
    user = get_user_model().objects.get(username="customer")
    created = Event.objects.filter(verb="ticket_created", ticket__requester__user=user)
    assert created.exists()
    assert set(created.values_list("actor", flat=True)) == {user.pk}


def test_each_brand_has_the_requested_tickets_numbered_in_arrival_order():
    for brand in Brand.objects.all():
        rows = list(
            Ticket.objects.filter(brand=brand)
            .order_by("number")
            .values_list("number", "reference", "created_at")
        )
        assert [r[0] for r in rows] == list(range(1, TICKETS + 1))
        assert all(ref == f"{brand.ticket_prefix}-{n}" for n, ref, _ in rows)
        assert [r[2] for r in rows] == sorted(r[2] for r in rows)
        assert brand.next_ticket_number == TICKETS + 1


def test_some_recent_tickets_wait_in_the_queues():
    assert Ticket.objects.filter(status__in=["new", "open", "pending", "on_hold"]).exists()


def test_tickets_have_messages_internal_notes_and_audit_events():
    kinds = set(Ticket.objects.values_list("messages__kind", flat=True))
    assert kinds == {"customer", "reply", "note"}
    assert not Ticket.objects.annotate(n=Count("events")).filter(n=0).exists()


def test_escalation_events_match_the_tickets_tier_and_team():
    escalations = Event.objects.filter(verb="ticket_escalated").select_related("ticket")
    assert escalations.exists()
    team_ids = set(Team.objects.values_list("id", flat=True))
    for event in escalations:
        changes = {c["field"]: c for c in event.changes}
        assert event.data["reason"]
        assert changes["tier"]["new"] == event.data["to_tier"] <= event.ticket.tier
        assert changes["team"]["new"] in team_ids


def test_reopen_counts_match_the_reopening_events():
    reopened = Event.objects.filter(
        verb="ticket_updated", changes__0__old="solved", changes__0__new="open"
    ).count()
    assert reopened == sum(Ticket.objects.values_list("reopen_count", flat=True))


def test_events_about_messages_point_at_messages_of_the_same_ticket():
    event = Event.objects.filter(verb="reply_sent").select_related("ticket").first()
    assert event is not None and event.target_type == "message"
    assert event.ticket.messages.filter(pk=event.target_id, kind="reply").exists()


def test_organisations_have_segment_plan_arr_and_csm_owners():
    kolibri = Organisation.objects.filter(brand__slug="kolibri")
    assert set(kolibri.values_list("segment", flat=True)) <= {"smb", "enterprise"}
    assert not kolibri.filter(plan="").exists()
    owners = kolibri.filter(csm_owner__isnull=False)
    assert owners.exists()
    assert set(owners.values_list("csm_owner__agent__role", flat=True)) == {"csm"}


def test_macros_and_typed_custom_fields_exist_for_each_brand():
    for brand in Brand.objects.all():
        assert Macro.objects.filter(brand=brand).count() >= 3
        assert CustomField.objects.filter(brand=brand).count() >= 2


def test_every_ticket_has_its_ground_truth_label():
    assert TicketLabel.objects.count() == Ticket.objects.count()


def test_demo_tickets_and_contacts_can_be_searched():
    agent = get_user_model().objects.get(username="agent.n1")
    for ticket in (
        Ticket.objects.order_by("number").first(),
        Ticket.objects.order_by("number").last(),
    ):
        word = max(ticket.subject.split(), key=len)  # loaded by core, then by history
        found = search_tickets(access.visible_tickets(agent), word, user=agent)
        assert found.filter(pk=ticket.pk).exists(), word
    customer = Contact.objects.get(user__username="customer")
    assert search_contacts(access.visible_contacts(agent), "Dupuis").filter(pk=customer.pk).exists()


def test_the_dataset_records_its_parameters():
    dataset = DemoDataset.objects.get()
    assert (dataset.seed, dataset.tickets_per_brand) == (42, TICKETS)
    assert dataset.core_loaded_at and dataset.history_loaded_at


def test_if_empty_leaves_existing_data_alone():
    before = Ticket.objects.count()
    call_command("demo_setup", if_empty=True, verbosity=0)
    assert Ticket.objects.count() == before


def test_demo_agents_are_online_with_their_brands_category_slugs_as_skills():
    for agent in Agent.objects.exclude(user__username=SYSTEM_USERNAME):
        assert agent.availability == "online", agent
        brand_ids = access.agent_brand_ids(agent)
        categories = Category.objects.all()
        if brand_ids is not None:
            categories = categories.filter(brand_id__in=brand_ids)
        assert set(agent.skills) <= set(categories.values_list("slug", flat=True)), agent


def test_a_new_demo_ticket_is_routed_to_an_agent_with_the_skill():
    # given a new Telvia ticket about a SIM card (under "mobile"), from a French-speaking customer
    brand = Brand.objects.get(slug="telvia")
    requester = Contact.objects.filter(brand=brand, preferred_language="fr").first()
    ticket = do_create_ticket(
        get_user_model().objects.get(username="admin"), brand=brand, requester=requester,
        subject="Ma carte SIM est bloquée", body="Le code PUK est demandé.",
        category=Category.objects.get(brand=brand, slug="sim-esim"),
    )  # fmt: skip
    # when routing runs (as after triage)
    assert do_route_ticket(ticket.pk, predictions={}).assignee_id
    # then an online agent of the N1 team, who lists "mobile", has it
    ticket.refresh_from_db()
    assert ticket.team is not None and ticket.team.slug == "telvia-n1-accueil"
    assert "mobile" in ticket.assignee.agent.skills
