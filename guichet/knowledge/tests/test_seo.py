"""What crawlers see: canonical slugs (301) and links for categories and flows, the sitemap's
categories and flows, /robots.txt pointing at each help centre's sitemap."""

import pytest

from guichet.knowledge.actions.flows import do_save_flow
from guichet.knowledge.models import Category, Flow, FlowRun
from guichet.knowledge.tests import factories as kb
from guichet.knowledge.tests.test_flowgraph import FLOW

pytestmark = pytest.mark.django_db


@pytest.fixture
def printer(brand):
    return kb.article(brand, "Configurer l'imprimante", "Bac des ordonnances.",
                      section_=kb.section(brand, "Pilotes", "Impression"))  # fmt: skip


@pytest.fixture
def category(printer):
    return Category.objects.get(name="Impression")


@pytest.fixture
def flow(brand):
    return do_save_flow(kb.admin(), brand, title="Imprimante bloquée", language="fr",
                        definition=FLOW, state="published")  # fmt: skip


# --- Categories ---------------------------------------------------------------------------------


def test_a_category_under_an_old_slug_redirects_permanently_keeping_the_query(client, category):
    # Given a category renamed after its pages were linked
    Category.objects.filter(pk=category.pk).update(slug="impression-et-pilotes")
    # When a visitor follows the old link
    response = client.get(f"/help/asclepia/fr/categories/{category.pk}-impression/?x=1")
    # Then they are sent, once and for good, to the new address
    assert response.status_code == 301
    assert response["Location"] == (
        f"/help/asclepia/fr/categories/{category.pk}-impression-et-pilotes/?x=1"
    )


def test_the_category_canonical_is_the_clean_absolute_url(client, category):
    page = client.get(f"/help/asclepia/fr/categories/{category.pk}-impression/?utm=mail")
    assert page.status_code == 200
    assert (
        f'<link rel="canonical" href="http://testserver/help/asclepia/fr/categories/'
        f'{category.pk}-impression/">'
    ) in page.content.decode()


def test_the_home_canonical_has_no_query_string(client, printer):
    page = client.get("/help/asclepia/fr/?utm=mail").content.decode()
    assert '<link rel="canonical" href="http://testserver/help/asclepia/fr/">' in page


# --- Flows --------------------------------------------------------------------------------------


def test_a_flow_under_an_old_slug_redirects_permanently_without_starting_a_run(client, flow):
    Flow.objects.filter(pk=flow.pk).update(slug="imprimante-en-panne")
    response = client.get(f"/help/asclepia/fr/flows/{flow.pk}-imprimante-bloquee/")
    assert response.status_code == 301
    assert response["Location"] == f"/help/asclepia/fr/flows/{flow.pk}-imprimante-en-panne/"
    assert not FlowRun.objects.exists()


def test_the_flow_start_page_is_canonical_and_later_steps_are_not_indexed(client, flow):
    base = f"/help/asclepia/fr/flows/{flow.pk}-{flow.slug}/"
    page = client.get(base + "?ref=home").content.decode()
    assert f'<link rel="canonical" href="http://testserver{base}">' in page
    step = client.get(client.post(base + "start/", {"option": 1})["Location"]).content.decode()
    assert '<meta name="robots" content="noindex">' in step and 'rel="canonical"' not in step


def test_a_step_under_an_old_slug_redirects_to_the_same_run(client, flow):
    base = f"/help/asclepia/fr/flows/{flow.pk}-{flow.slug}/"
    run_url = client.post(base + "start/", {"option": 1})["Location"]
    Flow.objects.filter(pk=flow.pk).update(slug="imprimante-en-panne")
    response = client.get(run_url)
    token = FlowRun.objects.get().token
    assert response.status_code == 301
    assert response["Location"] == (
        f"/help/asclepia/fr/flows/{flow.pk}-imprimante-en-panne/{token}/"
    )


# --- Sitemap and robots.txt ---------------------------------------------------------------------


def test_the_sitemap_lists_public_categories_and_published_flows(client, brand, category, flow):
    # Given a category with only an internal article, and a draft flow
    kb.article(brand, "Procédure interne", "Secret", visibility="internal",
               section_=kb.section(brand, "Interne", "Coulisses"))  # fmt: skip
    hidden = Category.objects.get(name="Coulisses")
    do_save_flow(kb.admin(), brand, title="Brouillon", language="fr", definition=FLOW)
    # When a crawler reads the sitemap
    xml = client.get("/help/asclepia/sitemap.xml").content.decode()
    # Then it lists the public category and the published flow, not the others
    base = "http://testserver/help/asclepia/fr"
    assert f"<loc>{base}/categories/{category.pk}-impression/</loc>" in xml
    assert f"<loc>{base}/flows/{flow.pk}-{flow.slug}/</loc>" in xml
    assert f"categories/{hidden.pk}-" not in xml and "brouillon" not in xml
    assert "<loc>http://testserver/help/asclepia/en/</loc>" in xml


def test_robots_txt_points_to_every_help_centre_sitemap(client, brand, other_brand):
    response = client.get("/robots.txt")
    body = response.content.decode()
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain")
    assert "User-agent: *" in body and "Disallow: /agent/" in body
    for slug in (brand.slug, other_brand.slug):
        assert f"Sitemap: http://testserver/help/{slug}/sitemap.xml\n" in body


def test_robots_txt_on_a_brands_own_host_names_only_its_sitemap(
    client, brand, other_brand, settings
):
    settings.ALLOWED_HOSTS = ["aide.asclepia.test", "testserver"]
    brand.host = "aide.asclepia.test"
    brand.save(update_fields=["host"])
    body = client.get("/robots.txt", HTTP_HOST="aide.asclepia.test").content.decode()
    assert "Sitemap: http://aide.asclepia.test/help/asclepia/sitemap.xml" in body
    assert f"/help/{other_brand.slug}/" not in body
