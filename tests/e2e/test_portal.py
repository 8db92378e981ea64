"""The customer portal in a real browser."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from guichet.core.tests import factories
from guichet.tickets.message_actions import do_reply
from guichet.tickets.models import Ticket
from tests.e2e.helpers import enrol_totp, login_agent, login_customer, snap

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def brand():
    return factories.brand(slug="acme", name="Acme Télécom", ticket_prefix="ACM")


def test_customer_submits_a_ticket_with_attachment_and_sees_the_agent_reply(
    page, base_url, brand, tmp_path
):
    # Given a customer with a portal password
    org = factories.organisation(brand, name="Dupont SA")
    factories.contact(brand, org, with_user=True, email="marie@example.test", name="Marie Curie")
    login_customer(page, base_url, "acme", "marie@example.test", factories.PASSWORD)
    snap(page, "portal-list-empty")

    # When she opens a ticket with an attachment
    page.get_by_role("link", name="Nouvelle demande").first.click()
    page.fill("input[name=subject]", "Box internet en panne")
    page.fill("textarea[name=description]", "Le voyant clignote en rouge depuis ce matin.")
    report = tmp_path / "diagnostic.txt"
    report.write_text("ligne: KO\nsynchro: 0 kb/s\n")
    page.set_input_files("input[name=attachments]", str(report))
    snap(page, "portal-new-ticket")
    page.get_by_role("button", name="Envoyer la demande").click()

    # Then she lands on the ticket, attachment listed
    expect(page.locator("h1")).to_contain_text("Box internet en panne")
    expect(page.get_by_role("link", name="diagnostic.txt")).to_be_visible()
    ticket = Ticket.objects.get()
    assert ticket.messages.get().attachments.get().filename == "diagnostic.txt"

    # When an agent replies, and she reloads the page
    agent = factories.agent()
    agent.first_name = "Julie"
    agent.save()
    do_reply(agent, ticket, body="Bonjour, nous relançons la ligne.")
    page.reload()

    # Then she reads the reply and the new status
    expect(page.locator(".conversation")).to_contain_text("nous relançons la ligne")
    expect(page.locator("#ticket-status")).to_have_text("En cours")
    snap(page, "portal-ticket-with-reply")
    page.get_by_role("link", name="Mes demandes", exact=True).click()
    expect(page.locator("table.tickets")).to_contain_text(ticket.reference)
    snap(page, "portal-list")


def test_customer_of_another_organisation_cannot_open_the_ticket_by_url(page, base_url, brand):
    # Given a ticket of one organisation
    owner = factories.contact(brand, factories.organisation(brand), email="a@example.test")
    ticket = factories.ticket(brand, owner, subject="Contrat confidentiel")
    # And an org admin of another organisation, signed in
    factories.contact(
        brand, factories.organisation(brand), with_user=True, is_org_admin=True,
        email="b@example.test",
    )  # fmt: skip
    login_customer(page, base_url, "acme", "b@example.test", factories.PASSWORD)
    # When she types the ticket's URL
    response = page.goto(f"{base_url}/portal/acme/tickets/{ticket.reference}/")
    # Then it does not exist for her
    assert response.status == 404
    expect(page.locator("body")).not_to_contain_text("Contrat confidentiel")


def test_customer_signs_in_with_a_magic_link_from_her_mailbox(page, base_url, brand, settings):
    # Given a customer known by email only (no portal account yet)
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
            "QUEUES": ["default", "mail", "ai"],
        }
    }
    factories.contact(brand, email="paul@example.test", name="Paul Martin")
    # When she asks for a link and opens it
    page.goto(f"{base_url}/portal/acme/login/link/")
    page.fill("input[name=email]", "paul@example.test")
    page.get_by_role("button", name="Envoyer le lien").click()
    expect(page.locator("h1")).to_have_text("Vérifiez votre messagerie")
    link = re.search(r"http://\S+/login/link/\S+/", mail.outbox[-1].body).group(0)
    page.goto(link)
    page.get_by_role("button", name="Me connecter").click()
    # Then she is in her (empty) portal
    expect(page.locator("h1")).to_have_text("Mes demandes")
    # And the link does not work a second time
    page.context.clear_cookies()
    page.goto(link)
    expect(page.locator("h1")).to_have_text("Ce lien n'est plus valable")


def test_agent_signs_in_with_password_and_totp_code(page, base_url):
    # The helper the agent-workspace scenarios use, checked once here.
    agent = factories.agent(username="julie")
    secret = enrol_totp(agent)
    login_agent(page, base_url, "julie", factories.PASSWORD, secret)
    page.goto(f"{base_url}/accounts/security/")
    expect(page.locator("main")).to_contain_text("Active depuis le")
