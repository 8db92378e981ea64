"""The agent workspace in a real browser (see docs/workspace.md)."""

import re

import pytest
from playwright.sync_api import expect

from guichet.core.tests import factories
from guichet.notifications.models import Notification
from guichet.tickets.models import Macro, Ticket
from guichet.workspace.models import SavedView
from tests.e2e.helpers import enrol_totp, login_agent, snap

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def named_agent(username, first, last, **kwargs):
    user = factories.agent(username=username, **kwargs)
    user.first_name, user.last_name = first, last
    user.save()
    return user


@pytest.fixture
def world():
    brand = factories.brand(slug="tel", name="Télécom Ouest", ticket_prefix="TEL")
    n1 = factories.team(1, brand, name="Support N1", slug="support-n1")
    factories.team(2, brand, name="Technique N2", slug="tech-n2")
    bob = named_agent("bob", "Bruno", "Leroy", teams=[n1])
    chloe = named_agent("chloe", "Chloé", "Dubois", tier=2)
    org = factories.organisation(brand, name="Groupe Hexa", segment="enterprise", arr=186000)
    jeanne = factories.contact(brand, org, name="Jeanne Moreau")
    urgent = factories.ticket(
        brand, jeanne, subject="Plus de connexion internet", priority="urgent", channel="email"
    )
    factories.ticket(brand, subject="Facture de mars incorrecte", priority="normal")
    factories.ticket(brand, subject="Option TV à activer", priority="low")
    Macro.objects.create(
        name="Demande de redémarrage",
        body="Bonjour {{ requester.first_name }},\n\nPouvez-vous redémarrer votre box ?",
        set_fields={"status": "pending"},
    )
    return {"bob": bob, "chloe": chloe, "ticket": urgent, "bob_secret": enrol_totp(bob),
            "chloe_secret": enrol_totp(chloe)}  # fmt: skip


def test_agent_works_a_ticket_from_queue_to_escalation_while_a_colleague_watches(
    page, browser, base_url, world
):
    ticket = world["ticket"]

    # An agent signs in with TOTP and lands on the workspace
    login_agent(page, base_url, "bob", factories.PASSWORD, world["bob_secret"])
    expect(page).to_have_url(re.compile(r"/agent/"))

    # ...filters the "all tickets" queue down to urgent tickets
    page.get_by_role("link", name="Tous les tickets").click()
    page.get_by_label("Priorité").select_option("urgent")
    page.get_by_role("button", name="Filtrer").click()
    rows = page.locator("table.tickets tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Plus de connexion internet")

    # ...saves that as a personal view, which appears in the sidebar
    page.get_by_text("Enregistrer la vue").click()
    page.get_by_label("Nom de la vue").fill("Urgences")
    page.locator(".popover").get_by_role("button", name="Enregistrer").click()
    expect(page.locator(".sidenav a[aria-current=page]")).to_contain_text("Urgences")
    assert SavedView.objects.get().filters == {"queue": "all", "priority": "urgent"}
    snap(page, "workspace-queue-saved-view")

    # ...opens the ticket
    page.get_by_role("link", name="Plus de connexion internet").click()
    expect(page.locator("h1")).to_have_text("Plus de connexion internet")
    expect(page.locator(".side")).to_contain_text("Groupe Hexa")

    # ...picks a macro: the composer fills with its rendered text, then sends it
    page.get_by_label("Macro").select_option(label="Demande de redémarrage")
    expect(page.locator("#composer-text")).to_have_value(re.compile(r"^Bonjour Jeanne,"))
    snap(page, "workspace-macro-filled")
    page.get_by_role("button", name="Envoyer la réponse").click()
    expect(page.locator(".flash")).to_contain_text("Réponse envoyée")
    expect(page.locator(".msg-reply")).to_contain_text("Pouvez-vous redémarrer votre box ?")
    ticket.refresh_from_db()
    assert ticket.status == "pending"  # set by the macro

    # ...writes an internal note mentioning a colleague (keyboard: n, @-completion, Ctrl+Enter)
    page.locator("h1").click()
    page.keyboard.press("n")
    composer = page.locator("#composer-text")
    expect(composer).to_be_focused()
    composer.press_sequentially("Peux-tu vérifier la ligne ? @chl")
    expect(page.locator("#mention-list")).to_contain_text("@chloe")
    composer.press("Enter")
    expect(composer).to_have_value("Peux-tu vérifier la ligne ? @chloe ")
    composer.press("Control+Enter")
    expect(page.locator(".msg-note").last).to_contain_text("@chloe")
    assert Notification.objects.filter(user=world["chloe"], kind="mentioned").exists()

    # ...escalates to N2 with a reason (keyboard: e)
    page.locator("h1").click()
    page.keyboard.press("e")
    dialog = page.locator("#escalate-dialog")
    expect(dialog).to_be_visible()
    dialog.get_by_label("Vers le niveau").select_option("2")
    dialog.get_by_label("Motif de l'escalade").fill("Ligne coupée côté DSLAM, besoin du N2.")
    dialog.get_by_role("button", name="Escalader").click()
    expect(page.locator(".flash")).to_contain_text("Ticket escaladé en N2")
    expect(page.locator(".tl-event.escalated")).to_contain_text("Ligne coupée côté DSLAM")
    ticket.refresh_from_db()
    assert (ticket.tier, ticket.team.name) == (2, "Technique N2")
    snap(page, "workspace-ticket-escalated")

    # A second agent opens the same ticket in another browser
    other = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
    try:
        colleague = other.new_page()
        login_agent(colleague, base_url, "chloe", factories.PASSWORD, world["chloe_secret"])
        colleague.goto(f"{base_url}/agent/tickets/{ticket.pk}/")

        # The first agent starts typing a reply: the colleague is warned
        page.get_by_role("radio", name=re.compile("Réponse publique")).check()
        page.locator("#composer-text").fill("Bonjour, le technicien passe demain.")
        expect(colleague.locator("#presence")).to_contain_text(
            "Bruno Leroy est en train de répondre", timeout=15_000
        )
        expect(page.locator("#presence")).to_contain_text(
            "Chloé Dubois consulte ce ticket", timeout=15_000
        )
        snap(colleague, "workspace-collision-banner")

        # The colleague replies first; the first agent's reply is now stale and held back
        colleague.get_by_label("Message", exact=True).fill("Je prends la suite, merci.")
        colleague.get_by_role("button", name="Envoyer la réponse").click()
        expect(colleague.locator(".flash")).to_contain_text("Réponse envoyée")
        page.get_by_role("button", name="Envoyer la réponse").click()
        expect(page.locator("[data-stale-warning]")).to_be_visible()
        expect(page.locator(".tl-msg.is-new")).to_contain_text("Je prends la suite")
        expect(page.locator("#composer-text")).to_have_value("Bonjour, le technicien passe demain.")
        snap(page, "workspace-stale-reply")
        assert Ticket.objects.get(pk=ticket.pk).messages.filter(kind="reply").count() == 2

        # Confirming sends it
        page.get_by_label("J'ai lu les nouveaux messages, envoyer quand même").check()
        page.get_by_role("button", name="Envoyer quand même").click()
        expect(page.locator(".flash")).to_contain_text("Réponse envoyée")
        assert Ticket.objects.get(pk=ticket.pk).messages.filter(kind="reply").count() == 3
    finally:
        other.close()
