import pytest
from django.urls import reverse

from guichet.audit.models import Event
from guichet.core.models import CustomField
from guichet.core.tests import factories
from guichet.notifications.models import Notification
from guichet.people.models import Contact
from guichet.tickets.actions import do_update_ticket
from guichet.tickets.message_actions import do_add_note
from guichet.tickets.models import Macro, Message, Ticket, TimeEntry


@pytest.fixture
def admin(brand):
    return factories.agent("admin")


@pytest.fixture
def ticket(brand, admin):
    return factories.ticket(brand, actor=admin, subject="La box ne démarre plus")


def url(name, ticket, **kwargs):
    return reverse(f"workspace:{name}", args=[ticket.pk], **kwargs)


def test_ticket_page_shows_messages_notes_and_events(ticket, admin, agent_client):
    do_add_note(admin, ticket, body="Client VIP, rappeler avant midi")
    do_update_ticket(admin, ticket, priority="high")
    html = agent_client.get(url("ticket", ticket)).content.decode()
    assert "La box ne démarre plus" in html
    assert "msg-note" in html and "Client VIP, rappeler avant midi" in html
    assert "Priorité : Normale → Haute" in html


def test_customer_cannot_open_the_agent_ticket_page(brand, ticket, client_for):
    customer = factories.customer(brand)
    assert client_for(customer).get(url("ticket", ticket)).status_code == 403


def test_ticket_of_another_brand_is_not_found_for_a_restricted_agent(admin, client_for):
    other = factories.ticket(factories.brand(), actor=admin)
    restricted = factories.agent("agent", brands=[factories.brand()])
    assert client_for(restricted).get(url("ticket", other)).status_code == 404


def test_public_reply_with_status(ticket, agent_client):
    response = agent_client.post(
        url("send", ticket), {"kind": "reply", "body": "Bonjour, redémarrez la box.", "status": "pending"}
    )  # fmt: skip
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert ticket.status == "pending"
    assert ticket.messages.filter(kind="reply").get().body_text == "Bonjour, redémarrez la box."


def test_empty_reply_is_refused_and_nothing_sent(ticket, agent_client):
    response = agent_client.post(url("send", ticket), {"kind": "reply", "body": "  "})
    assert response.status_code == 400
    assert not ticket.messages.filter(kind="reply").exists()


def test_note_with_mention_notifies_the_colleague(ticket, agent, agent_client):
    chloe = factories.agent("agent", username="chloe")
    agent_client.post(url("send", ticket), {"kind": "note", "body": "@chloe peux-tu regarder ?"})
    note = ticket.messages.get(kind="note")
    assert list(note.mentions.all()) == [chloe]
    assert Notification.objects.filter(user=chloe, kind="mentioned", ticket=ticket).exists()


def test_mention_completion_lists_agents_who_can_see_the_ticket(brand, ticket, agent_client):
    factories.agent("agent", username="chloe")
    factories.agent("agent", username="charles", brands=[factories.brand()])
    response = agent_client.get(reverse("workspace:mentions"), {"q": "ch", "ticket": ticket.pk})
    assert [r["username"] for r in response.json()["results"]] == ["chloe"]


@pytest.fixture
def macro(brand):
    return Macro.objects.create(
        name="Redémarrage",
        body="Bonjour {{ requester.first_name }}, redémarrez la box. {{ agent.first_name }}",
        set_fields={"status": "pending", "tags_add": ["redemarrage"]},
    )


def test_picking_a_macro_fills_the_composer_with_its_rendered_text(ticket, macro, agent_client):
    ticket.requester.name = "Jeanne Moreau"
    ticket.requester.save()
    response = agent_client.get(
        url("macro_fill", ticket), {"macro": macro.pk, "kind": "reply"}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert "Bonjour Jeanne, redémarrez la box. bob" in html
    assert f'value="{macro.pk}" selected' in html
    assert not ticket.messages.filter(kind="reply").exists()  # nothing sent yet


def test_sending_with_a_macro_applies_its_fields(ticket, macro, agent_client):
    agent_client.post(
        url("send", ticket), {"kind": "reply", "body": "Texte modifié par l'agent", "macro": macro.pk}
    )  # fmt: skip
    ticket.refresh_from_db()
    assert ticket.status == "pending"
    assert [t.name for t in ticket.tags.all()] == ["redemarrage"]
    assert ticket.messages.get(kind="reply").body_text == "Texte modifié par l'agent"
    assert Event.objects.filter(ticket=ticket, verb="macro_applied").exists()
    assert (
        "Macro appliquée : Redémarrage" in agent_client.get(url("ticket", ticket)).content.decode()
    )


def test_a_macro_of_another_brand_cannot_be_used(ticket, agent_client):
    foreign = Macro.objects.create(name="Autre", body="x", brand=factories.brand())
    response = agent_client.get(url("macro_fill", ticket), {"macro": foreign.pk})
    assert response.status_code == 404


def test_update_properties_changes_only_what_differs(ticket, agent, agent_client):
    CustomField.objects.create(target="ticket", key="contrat", label="Contrat", kind="text")
    team = factories.team(1)
    response = agent_client.post(
        url("update", ticket),
        {"status": "open", "priority": "urgent", "type": "incident", "assignee": agent.pk,
         "team": team.pk, "tags": "fibre, panne", "cf_contrat": "C-42"},
    )  # fmt: skip
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert (ticket.status, ticket.priority, ticket.type) == ("open", "urgent", "incident")
    assert (ticket.assignee, ticket.team) == (agent, team)
    assert sorted(t.name for t in ticket.tags.all()) == ["fibre", "panne"]
    assert ticket.custom_fields == {"contrat": "C-42"}
    assert Event.objects.filter(ticket=ticket, verb="ticket_updated").count() == 1


def test_csm_cannot_assign_or_update(brand, ticket, client_for):
    csm = factories.agent("csm")
    client = client_for(csm)
    page = client.get(url("ticket", ticket)).content.decode()
    assert "<fieldset disabled>" in page
    response = client.post(
        url("update", ticket),
        {"status": "new", "priority": "normal", "type": "question", "assignee": csm.pk, "team": "", "tags": ""},
    )  # fmt: skip
    assert response.status_code == 403
    ticket.refresh_from_db()
    assert ticket.assignee is None


def test_csm_may_still_write_notes_and_replies(ticket, client_for):
    client = client_for(factories.agent("csm"))
    client.post(url("send", ticket), {"kind": "note", "body": "Compte stratégique"})
    assert ticket.messages.filter(kind="note").exists()


def test_escalate_to_n2_with_reason(brand, ticket, agent, agent_client):
    n2 = factories.team(2, brand, name="Technique N2")
    do_update_ticket(agent, ticket, assignee=agent)
    response = agent_client.post(url("escalate", ticket), {"tier": 2, "reason": "Panne DSLAM"})
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert (ticket.tier, ticket.team, ticket.assignee) == (2, n2, None)
    event = Event.objects.get(ticket=ticket, verb="ticket_escalated")
    assert event.data["reason"] == "Panne DSLAM"


def test_escalation_needs_a_reason(ticket, agent_client):
    agent_client.post(url("escalate", ticket), {"tier": 2, "reason": ""})
    ticket.refresh_from_db()
    assert ticket.tier == 1


def test_csm_cannot_escalate(ticket, client_for):
    response = client_for(factories.agent("csm")).post(
        url("escalate", ticket), {"tier": 2, "reason": "x"}
    )
    assert response.status_code == 403


def test_merge_ticket_into_another_by_reference(brand, admin, ticket, agent_client):
    target = factories.ticket(brand, actor=admin)
    response = agent_client.post(url("merge", ticket), {"target": target.reference})
    assert response.url == url("ticket", target)
    ticket.refresh_from_db()
    assert ticket.merged_into == target
    assert Message.objects.filter(ticket=target, kind="customer").count() == 2


def test_merge_into_unknown_ticket_changes_nothing(ticket, agent_client):
    agent_client.post(url("merge", ticket), {"target": "TEL-9999"})
    ticket.refresh_from_db()
    assert ticket.merged_into is None


def test_supervisor_merges_the_requester_into_another_contact(brand, ticket, client_for):
    target = factories.contact(brand, email="jeanne@example.test")
    client = client_for(factories.agent("supervisor"))
    client.post(url("merge_contact", ticket), {"target": "Jeanne@Example.test"})
    assert Contact.objects.get(pk=ticket.requester_id).merged_into == target
    assert Ticket.objects.get(pk=ticket.pk).requester == target


def test_agent_cannot_merge_contacts(brand, ticket, agent_client):
    target = factories.contact(brand, email="jeanne@example.test")
    response = agent_client.post(url("merge_contact", ticket), {"target": target.pk})
    assert response.status_code == 403


def test_log_time(ticket, agent, agent_client):
    agent_client.post(url("log_time", ticket), {"minutes": 12, "note": "diagnostic"})
    entry = TimeEntry.objects.get()
    assert (entry.agent, entry.seconds, entry.note) == (agent, 720, "diagnostic")
    ticket.refresh_from_db()
    assert ticket.time_spent_seconds == 720


def test_customer_panel_shows_organisation_and_other_tickets(brand, admin, agent_client):
    org = factories.organisation(brand, name="Groupe Hexa", segment="enterprise", arr=186000)
    requester = factories.contact(brand, org, name="Louis Girard")
    older = factories.ticket(brand, requester, actor=admin, subject="Ancienne demande")
    ticket = factories.ticket(brand, requester, actor=admin)
    html = agent_client.get(url("ticket", ticket)).content.decode()
    assert "Groupe Hexa" in html and "Grand compte" in html
    assert "186" in html and "Ancienne demande" in html and older.reference in html


def test_choosing_no_macro_leaves_the_composer_alone(ticket, agent_client):
    response = agent_client.get(url("macro_fill", ticket), {"macro": ""}, HTTP_HX_REQUEST="true")
    assert response.status_code == 204
