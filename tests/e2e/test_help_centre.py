"""The help centre, the contextual widget and a guided flow in a real browser."""

import re
import threading
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest
from django.template.loader import render_to_string
from playwright.sync_api import expect

from guichet.core.tests import factories
from guichet.knowledge.actions.flows import do_save_flow
from guichet.knowledge.actions.widget import do_configure_widget, do_save_rule
from guichet.knowledge.models import ArticleTicketLink, SuggestionSession
from guichet.knowledge.tests import factories as kb
from guichet.tickets.models import Ticket
from tests.e2e.helpers import enrol_totp, login_agent, login_customer, snap

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@contextmanager
def customer_product(html):
    """The customer's own product: another origin, served on loopback (Chromium lets a page load
    scripts from loopback only when the page itself comes from a local address)."""

    class Page(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - http.server's name
            body = html.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Page)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def brand():
    return factories.brand(slug="asclepia", name="Asclépia", ticket_prefix="ASC")


@pytest.fixture
def printer(brand):
    section = kb.section(brand, "Imprimante et pilotes", "Impression")
    kb.article(brand, "Créer une feuille de soins électronique", "Insérez la carte Vitale.",
               section_=kb.section(brand, "FSE", "Facturation"))  # fmt: skip
    kb.article(brand, "Procédure interne imprimante", "Code technicien 4321", visibility="internal",
               section_=section)  # fmt: skip
    return kb.article(
        brand,
        "Installer et configurer l'imprimante d'ordonnances",
        "## Symptôme\n\nL'ordonnance ne s'imprime pas et reste dans la file d'attente.\n\n"
        "## Résolution\n\n1. Ouvrez **Paramètres › Impression**.\n2. Choisissez le bac des "
        "ordonnances sécurisées.\n3. Redémarrez le spouleur d'impression.",
        summary="Paramétrer l'imprimante et le bac des ordonnances sécurisées.",
        section_=section,
        tags=["imprimante"],
    )


def test_search_as_you_type_finds_the_printer_article_from_a_symptom(page, base_url, printer):
    # Given the public help centre
    page.goto(f"{base_url}/help/asclepia/fr/")
    expect(page.get_by_role("heading", name="Parcourir par thème")).to_be_visible()
    snap(page, "help-home")

    # When a visitor types a symptom, with a typo on the way
    page.get_by_role("searchbox").press_sequentially("mon ordonance ne s'imprime pas", delay=15)

    # Then the printer article comes first, without the internal one, words highlighted
    results = page.locator("#live-results .result-list")
    expect(results.locator("a.result").first).to_contain_text(
        "Installer et configurer l'imprimante"
    )
    expect(page.locator("#live-results")).not_to_contain_text("interne")
    expect(results.locator("mark").first).to_be_visible()
    snap(page, "help-search-as-you-type")

    # When they open it and say it helped
    results.locator("a.result").first.click()
    expect(page.locator("h1")).to_have_text("Installer et configurer l'imprimante d'ordonnances")
    page.get_by_role("button", name="Oui").click()
    expect(page.get_by_text("Merci pour votre retour !")).to_be_visible()
    snap(page, "help-article")

    # And "Still need help?" carries what they searched to the ticket form (sign-in first)
    page.go_back()
    page.get_by_role("searchbox").fill("ordonnance bloquée rouge")
    page.locator("#live-results [data-still-need-help]").click()
    expect(page).to_have_url(re.compile(r"/portal/asclepia/login/\?next=.*subject%3Dordonnance"))


def test_the_widget_on_a_customer_page_shows_contextual_articles_search_and_contact(
    page, base_url, brand, printer
):
    # Given a customer product on its own origin that embeds the widget
    host_page = render_to_string("knowledge/widget_sample.html",
                                 {"brand": brand, "script_origin": base_url})  # fmt: skip
    with customer_product(host_page) as host:
        do_configure_widget(kb.admin(), brand, enabled=True, allowed_origins=[host])
        do_save_rule(kb.admin(), brand, name="Ordonnances", url_pattern="/ordonnances/*",
                     articles=[printer])  # fmt: skip
        requests = []
        page.on("request", lambda request: requests.append(request.url))
        page.goto(f"{host}/ordonnances/aujourd-hui?patient=dr.martin@example.test#dossier")
        widget_scenario(page, base_url)
    assert all(url.startswith((host, base_url)) for url in requests), requests
    # And Guichet learns the page's address, never its query string or fragment
    sent = [parse_qs(urlsplit(url).query) for url in requests if "/widget/context.json" in url]
    assert sent and all(query["url"] == [f"{host}/ordonnances/aujourd-hui"] for query in sent)
    assert not any("dr.martin" in url for url in requests if url.startswith(base_url))


def widget_scenario(page, base_url):
    # When the user opens the help
    launcher = page.get_by_role("button", name="Aide")
    expect(launcher).to_have_attribute("aria-expanded", "false")
    launcher.click()

    # Then the articles for this page show, in a labelled dialog
    dialog = page.get_by_role("dialog", name="Besoin d'aide ?")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_role("link", name=re.compile("Installer et configurer"))).to_be_visible()
    expect(dialog.get_by_role("status")).to_have_text("1 article trouvé")  # read out
    expect(page.get_by_role("link", name="Contacter le support")).to_have_attribute(
        "href", f"{base_url}/portal/asclepia/tickets/new/"
    )
    snap(page, "widget-open")

    # When they search
    dialog.get_by_role("searchbox").fill("feuille de soins")
    expect(dialog.get_by_role("link", name=re.compile("feuille de soins"))).to_be_visible()
    results = dialog.get_by_role("listitem").count()
    expect(dialog.get_by_role("status")).to_have_text(
        "1 article trouvé" if results == 1 else f"{results} articles trouvés"
    )
    expect(page.get_by_role("link", name="Contacter le support")).to_have_attribute(
        "href", re.compile(r"/help/asclepia/fr/contact/\?q=feuille.*&ws=")
    )
    snap(page, "widget-search")

    # Escape closes it and gives the focus back
    page.keyboard.press("Escape")
    expect(launcher).to_be_focused()


# A host page with keyboard shortcuts of its own: it records every key it sees and reloads on
# Enter (as a page whose Enter submits a form would)
HOST_SHORTCUTS = """<script>
  window.hostKeys = [];
  document.addEventListener("keydown", function (event) {
    window.hostKeys.push(event.key);
    if (event.key === "Enter") location.reload();
  });
</script>
"""


def test_the_widget_is_usable_from_the_keyboard_alone(page, base_url, brand, printer):
    # Given a second printer article, and a customer page with shortcuts of its own
    kb.article(brand, "Changer le papier de l'imprimante", "Ouvrez le bac et posez le papier.",
               section_=printer.section)  # fmt: skip
    host_page = render_to_string("knowledge/widget_sample.html",
                                 {"brand": brand, "script_origin": base_url})  # fmt: skip
    with customer_product(host_page.replace("</body>", HOST_SHORTCUTS + "</body>")) as host:
        do_configure_widget(kb.admin(), brand, enabled=True, allowed_origins=[host])
        do_save_rule(kb.admin(), brand, name="Ordonnances", url_pattern="/ordonnances/*",
                     articles=[printer])  # fmt: skip
        page.goto(f"{host}/ordonnances/")
        page.evaluate("window.notReloaded = true")
        keyboard_scenario(page, host)


def keyboard_scenario(page, host):
    # When a keyboard user opens the help with Enter on the launcher
    launcher = page.get_by_role("button", name="Aide")
    launcher.focus()
    page.keyboard.press("Enter")

    # Then the search field has the focus and the page's articles are listed
    dialog = page.get_by_role("dialog", name="Besoin d'aide ?")
    search = dialog.get_by_role("searchbox", name="Rechercher dans l'aide")
    expect(search).to_be_focused()
    suggested = dialog.get_by_role("link", name=re.compile("Installer et configurer"))
    expect(suggested).to_be_visible()

    # And Tab from the launcher walks the panel in reading order: search field, results, contact
    # link, the help centre, then the close button (Shift+Tab goes back)
    page.keyboard.press("Shift+Tab")
    expect(launcher).to_be_focused()
    order = [search, suggested, dialog.get_by_role("link", name="Contacter le support"),
             dialog.get_by_role("link", name="Tout le centre d'aide"),
             dialog.get_by_role("button", name="Fermer")]  # fmt: skip
    for target in order:
        page.keyboard.press("Tab")
        expect(target).to_be_focused()
    snap(page, "widget-keyboard")

    # When they type a search and press Enter
    search.focus()
    page.keyboard.type("imprimante")
    page.keyboard.press("Enter")

    # Then both printer articles are listed and the count is announced (never the internal one)
    expect(dialog.get_by_role("link", name=re.compile("Changer le papier"))).to_be_visible()
    expect(dialog.get_by_role("heading", name="Résultats")).to_be_visible()
    results = dialog.get_by_role("list").get_by_role("link")
    expect(dialog).not_to_contain_text("interne")
    count = results.count()
    assert count >= 2
    expect(dialog.get_by_role("status")).to_have_text(f"{count} articles trouvés")
    # And the host page neither reloaded nor saw a key
    assert page.evaluate("window.notReloaded") is True
    assert page.evaluate("window.hostKeys") == []
    assert page.url == f"{host}/ordonnances/"

    # When they Tab to the first result and press Enter
    page.keyboard.press("Tab")
    first = results.first
    expect(first).to_be_focused()
    title = first.evaluate("link => link.firstChild.textContent")
    with page.expect_popup() as opened:
        page.keyboard.press("Enter")

    # Then that article opens (in a new tab, the customer's page stays as it was)
    article = opened.value
    expect(article.locator("h1")).to_have_text(title)
    assert "from=widget" in article.url
    article.close()

    # When a search finds nothing, that is announced too
    search.focus()
    page.keyboard.press("Control+A")
    page.keyboard.type("xqzjw")
    page.keyboard.press("Enter")
    expect(dialog.get_by_role("status")).to_have_text("Aucun article ne correspond.")
    assert page.evaluate("window.hostKeys") == []


def test_a_guided_flow_ends_in_a_ticket_prefilled_with_the_path(page, base_url, brand, printer):
    # Given a printer flow and a signed-in customer
    do_save_flow(kb.admin(), brand, title="Mon ordonnance ne s'imprime pas", language="fr",
                        state="published", definition={"start": "light", "steps": {
        "light": {"text": "Le voyant de l'imprimante est-il vert ?", "options": [
            {"label": "Oui", "next": "done"}, {"label": "Non", "next": "paper"}]},
        "paper": {"text": "Le bac des ordonnances contient-il du papier ?", "options": [
            {"label": "Oui, il est plein", "next": "call"}, {"label": "Non", "next": "done"}]},
        "done": {"text": "Parfait.", "end": "resolved"},
        "call": {"text": "Un technicien va vous aider.", "end": "ticket",
                 "subject": "Impression des ordonnances impossible"}}})  # fmt: skip
    factories.contact(brand, with_user=True, email="dr.martin@example.test", name="Dr Martin")
    login_customer(page, base_url, "asclepia", "dr.martin@example.test", factories.PASSWORD)

    # When they walk the flow from the help centre
    page.goto(f"{base_url}/help/asclepia/fr/")
    page.get_by_role("link", name=re.compile("Mon ordonnance ne s'imprime pas")).click()
    expect(page.get_by_text("Le voyant de l'imprimante est-il vert ?")).to_be_visible()
    page.get_by_role("button", name="Non").click()
    page.get_by_role("button", name="Oui, il est plein").click()
    expect(page.get_by_text("Un technicien va vous aider.")).to_be_visible()
    snap(page, "flow-end-ticket")
    page.get_by_role("link", name="Ouvrir une demande préremplie").click()

    # Then the ticket form carries the subject and the path taken, and suggests the article
    expect(page.locator("input[name=subject]")).to_have_value(
        "Impression des ordonnances impossible"
    )
    description = page.locator("textarea[name=description]")
    expect(description).to_contain_text("Le voyant de l'imprimante est-il vert ? → Non")
    expect(description).to_contain_text("Le bac des ordonnances contient-il du papier ? → Oui")
    expect(page.locator(".kb-suggest")).to_contain_text("Installer et configurer l'imprimante")
    snap(page, "flow-prefilled-ticket")

    # And the submitted ticket keeps the path, and settles the form's suggestions as a ticket
    page.get_by_role("button", name="Envoyer la demande").click()
    expect(page.locator("h1")).to_contain_text("Impression des ordonnances impossible")
    ticket = Ticket.objects.get()
    assert "→ Non" in ticket.messages.get().body_text
    session = SuggestionSession.objects.get()
    assert (session.outcome, session.ticket) == ("ticket", ticket)


def test_an_agent_links_an_article_from_the_ticket_page_and_unlinks_it(
    page, base_url, brand, printer
):
    # Given a ticket about the printer and an agent who signs in
    ticket = factories.ticket(brand, subject="L'ordonnance ne s'imprime plus")
    agent = factories.agent("agent", username="alice")
    login_agent(page, base_url, "alice", factories.PASSWORD, enrol_totp(agent))

    # When they search the knowledge base from the ticket page and link the article
    page.goto(f"{base_url}/agent/tickets/{ticket.pk}/")
    panel = page.locator("#kb-ticket-articles")
    expect(panel).to_contain_text("Aucun article lié à ce ticket.")
    # (typed key by key: the panel arrives by htmx, and a fill could land before it listens)
    panel.get_by_label("Lier un article").press_sequentially("imprimante", delay=40)
    link = page.get_by_role("button", name=re.compile(r"Lier «\s*Installer et configurer"))
    expect(link).to_be_visible(timeout=30_000)
    link.click()

    # Then the panel lists it, as does the database
    expect(panel.locator(".kb-ticket-linked")).to_contain_text("Installer et configurer")
    assert ArticleTicketLink.objects.get().article == printer
    snap(page, "ticket-kb-panel")

    # And "Insérer" puts the article's title and public help-centre link into the reply, at the
    # caret (after what was already typed)
    reply = page.locator("#composer-text")
    reply.fill("Bonjour, voici la marche à suivre :")
    insert = panel.locator(".kb-ticket-linked").get_by_role("button", name=re.compile("Insérer"))
    insert.click()
    url = f"{base_url}/help/asclepia/{printer.language}/articles/{printer.pk}-{printer.slug}"
    expect(reply).to_have_value(f"Bonjour, voici la marche à suivre :\n{printer.title} : {url}")
    expect(reply).to_be_focused()

    # And "Retirer" unlinks it
    panel.get_by_role("button", name=re.compile("Retirer le lien")).click()
    expect(panel).to_contain_text("Aucun article lié à ce ticket.")
    assert not ArticleTicketLink.objects.exists()
