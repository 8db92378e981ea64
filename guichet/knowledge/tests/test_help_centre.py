"""Help-centre pages: clean URLs and 301s, metadata, search as you type, "still need help"."""

import pytest

from guichet.knowledge.actions.articles import ArticleInput, do_update_article
from guichet.knowledge.models import ArticleView, SearchEvent
from guichet.knowledge.tests import factories as kb

pytestmark = pytest.mark.django_db


@pytest.fixture
def printer(brand):
    return kb.article(
        brand,
        "Configurer l'imprimante",
        "Choisissez le bac des ordonnances.",
        summary="Paramétrer l'imprimante.",
        section_=kb.section(brand),
    )


def test_brand_root_goes_to_the_default_language(client, brand):
    assert client.get("/help/asclepia/")["Location"] == "/help/asclepia/fr/"


def test_an_unknown_language_is_a_404(client, brand):
    assert client.get("/help/asclepia/de/").status_code == 404


def test_the_article_page_has_title_description_and_canonical(client, printer):
    page = client.get(f"/help/asclepia/fr/articles/{printer.pk}-{printer.slug}").content.decode()
    assert "<title>Configurer l&#x27;imprimante · Asclépia</title>" in page
    assert '<meta name="description" content="Paramétrer l&#x27;imprimante.">' in page
    assert (
        f'<link rel="canonical" href="http://testserver/help/asclepia/fr/articles/'
        f'{printer.pk}-configurer-limprimante">'
    ) in page


def test_a_changed_slug_redirects_permanently(client, printer):
    old = f"/help/asclepia/fr/articles/{printer.pk}-{printer.slug}"
    do_update_article(kb.admin(), printer, ArticleInput(slug="reglage-imprimante"))
    response = client.get(old + "?search=3")
    assert response.status_code == 301
    assert (
        response["Location"]
        == f"/help/asclepia/fr/articles/{printer.pk}-reglage-imprimante?search=3"
    )


def test_an_id_without_slug_or_in_the_wrong_language_redirects_permanently(client, printer):
    assert client.get(f"/help/asclepia/fr/articles/{printer.pk}").status_code == 301
    response = client.get(f"/help/asclepia/en/articles/{printer.pk}-{printer.slug}")
    assert response.status_code == 301 and "/fr/" in response["Location"]


def test_markdown_is_rendered_and_scripts_are_stripped(client, brand):
    article = kb.article(
        brand,
        "Piège",
        "**gras** <script>alert(1)</script> "
        '<a href="javascript:alert(2)" onclick="x()">lien</a> <img src=x onerror=y>',
    )
    page = client.get(f"/help/asclepia/fr/articles/{article.pk}-{article.slug}").content.decode()
    assert "<strong>gras</strong>" in page
    assert "<script>alert" not in page and "javascript:" not in page
    assert "onclick" not in page and "onerror" not in page


def test_search_as_you_type_folds_keystrokes_into_one_search(client, printer):
    for q in ("imp", "imprim", "imprimante"):
        response = client.get(f"/help/asclepia/fr/search/live/?q={q}", HTTP_HX_REQUEST="true")
        assert "Configurer" in response.content.decode()
    event = SearchEvent.objects.get()
    assert (event.query, event.result_count, event.source) == ("imprimante", 1, "help")


def test_a_new_search_starts_a_new_event(client, printer):
    client.get("/help/asclepia/fr/search/live/?q=imprimante")
    client.get("/help/asclepia/fr/search/live/?q=facture")
    assert list(SearchEvent.objects.order_by("pk").values_list("query", "result_count")) == [
        ("imprimante", 1),
        ("facture", 0),
    ]


def test_opening_a_result_records_the_click_and_the_view(client, printer):
    client.get("/help/asclepia/fr/search/?q=imprimante")
    event = SearchEvent.objects.get()
    client.get(f"/help/asclepia/fr/articles/{printer.pk}-{printer.slug}?search={event.pk}")
    event.refresh_from_db()
    assert event.clicked_article == printer
    assert ArticleView.objects.get().search == event


def test_someone_elses_search_id_is_ignored(client, printer):
    client.get("/help/asclepia/fr/search/?q=imprimante")
    event = SearchEvent.objects.get()
    client.logout()
    client.cookies.clear()
    client.get(f"/help/asclepia/fr/articles/{printer.pk}-{printer.slug}?search={event.pk}")
    event.refresh_from_db()
    assert event.clicked_article is None


def test_still_need_help_opens_the_ticket_form_prefilled_with_the_search(client, customer, printer):
    client.get("/help/asclepia/fr/search/?q=imprimante+bloquée")
    event = SearchEvent.objects.get()
    response = client.get(f"/help/asclepia/fr/contact/?q=imprimante+bloquée&search={event.pk}")
    assert response["Location"] == "/portal/asclepia/tickets/new/?subject=imprimante+bloqu%C3%A9e"
    event.refresh_from_db()
    assert event.asked_for_help
    client.force_login(customer)
    form = client.get(response["Location"]).content.decode()
    assert 'value="imprimante bloquée"' in form


def test_the_portal_form_loads_the_suggestions_panel(client, customer, brand):
    client.force_login(customer)
    page = client.get("/portal/asclepia/tickets/new/").content.decode()
    assert 'hx-get="/help/asclepia/suggest/"' in page and "kb-suggest" in page


def test_pages_speak_the_language_of_the_url(client, brand, printer):
    english = kb.article(brand, "Set up the printer", "Pick the tray.", language="en")
    page = client.get(f"/help/asclepia/en/articles/{english.pk}-{english.slug}").content.decode()
    assert '<html lang="en">' in page
    assert "Was this article helpful?" in page
