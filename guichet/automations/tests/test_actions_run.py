"""Every action type really runs from a trigger (through the ticket actions, as the system
actor), and triggers listen to ticket created, ticket updated and SLA warnings."""

import pytest
import time_machine

from guichet.automations.models import Automation, AutomationEmail, Webhook, WebhookDelivery
from guichet.automations.tests.test_triggers import is_, trigger
from guichet.core.tests import factories
from guichet.jobs.tests.support import drain
from guichet.routing.models import Assignment
from guichet.sla.sweep import sweep
from guichet.sla.tests.support import paris, policy, ticket_at
from guichet.tickets.actions import do_update_ticket, tag_names
from guichet.tickets.models import Message

pytestmark = pytest.mark.django_db

MONDAY_10 = paris(2025, 3, 3, 10, 0)


@pytest.fixture
def brand():
    return factories.brand(support_email="support@acme.test")


def test_assign_sets_team_and_assignee(brand):
    team = factories.team(1, brand, slug="n1-reseau")
    agent = factories.agent("agent", username="bob", teams=[team])
    trigger(actions=[{"type": "assign", "team": "n1-reseau", "assignee": "bob"}])

    ticket = factories.ticket(brand)
    drain()

    ticket.refresh_from_db()
    assert (ticket.team, ticket.assignee) == (team, agent)
    # the routing log says the system did it, and which automation
    automation = Automation.objects.get()
    moved = Assignment.objects.filter(ticket=ticket, to_assignee=agent).get()
    assert (moved.reason, moved.detail) == ("system", {"automation": automation.pk})


def test_remove_tags_on_update_and_set_field(brand):
    trigger(event="ticket_updated", conditions={"all": [{"field": "changed", "op": "contains",
                                                         "value": "status"}]},
            actions=[{"type": "remove_tags", "tags": ["attente"]},
                     {"type": "set", "field": "type", "value": "problem"}])  # fmt: skip
    ticket = factories.ticket(brand, tags=["attente", "fibre"])

    do_update_ticket(factories.agent("admin"), ticket, status="open")
    drain()

    ticket.refresh_from_db()
    assert tag_names(ticket) == ["fibre"]
    assert ticket.type == "problem"


def test_note_and_customer_email_are_rendered_from_their_templates(brand):
    trigger(actions=[
        {"type": "add_note", "body": "Reçu de {{ requester.name }} ({{ ticket.reference }})"},
        {"type": "email_customer", "subject": "[{{ ticket.reference }}] Bien reçu",
         "body": "Bonjour {{ requester.first_name }}, {{ brand.name }} vous répond vite."},
    ])  # fmt: skip

    ticket = factories.ticket(brand)
    drain()

    note = Message.objects.get(ticket=ticket, kind="note")
    assert note.body_text == f"Reçu de {ticket.requester.name} ({ticket.reference})"
    email = AutomationEmail.objects.get(ticket=ticket)
    assert email.to == ticket.requester.primary_email and email.from_email == "support@acme.test"
    assert email.subject == f"[{ticket.reference}] Bien reçu"
    assert email.body.startswith(f"Bonjour {ticket.requester.name.split(' ')[0]},")
    assert email.sent_at is not None


def test_webhook_action_queues_a_delivery_with_the_ticket(brand):
    hook = Webhook.objects.create(name="CRM", url="https://crm.example.com/h", secret="s")
    trigger(actions=[{"type": "webhook", "webhook": hook.pk}])

    ticket = factories.ticket(brand)
    drain()

    delivery = WebhookDelivery.objects.get(webhook=hook)
    assert delivery.event == "automation.fired" and delivery.ticket == ticket
    assert delivery.payload["ticket"]["reference"] == ticket.reference


def test_sla_warning_trigger_emails_the_team(brand):
    # Given a team with one agent, a 4-hour first reply, and a trigger on SLA warnings
    team = factories.team(1, brand, slug="support")
    carla = factories.agent("agent", username="carla", teams=[team])
    policy(brand)
    trigger(event="sla_warning", conditions={"all": [is_("sla_metric", "first_reply")]},
            actions=[{"type": "email_agent", "to": "team", "subject": "{{ ticket.reference }} à risque",
                      "body": "Répondez vite."},
                     {"type": "set", "field": "priority", "value": "high"}])  # fmt: skip
    ticket = ticket_at(MONDAY_10, brand)
    with time_machine.travel(MONDAY_10, tick=False):
        do_update_ticket(factories.agent("admin"), ticket, team=team)

    # When the sweep reaches 75 % of the target (15:00)
    with time_machine.travel(paris(2025, 3, 3, 15, 0), tick=False):
        sweep()
        drain()

    # Then the trigger ran once on the warning
    email = AutomationEmail.objects.get(ticket=ticket)
    assert email.to == carla.email and email.subject == f"{ticket.reference} à risque"
    ticket.refresh_from_db()
    assert ticket.priority == "high"
