"""Renaming and describing categories and sections from /agent/kb/categories/ (kb.manage)."""

import pytest

from guichet.audit.models import Event
from guichet.core.tests import factories
from guichet.knowledge.models import Category, Section
from guichet.knowledge.tests import factories as kb

pytestmark = pytest.mark.django_db


@pytest.fixture
def printers(brand):
    return kb.section(brand, "Imprimantes", "Matériel")


def form(**overrides):
    return {"name": "Périphériques", "description": "Tout le matériel.", "name_en": "Hardware",
            "description_en": "", **overrides}  # fmt: skip


def test_the_categories_page_links_to_the_edit_forms(client, supervisor, printers):
    client.force_login(supervisor)
    page = client.get(f"/agent/kb/categories/?brand={printers.category.brand_id}").content
    assert f'href="/agent/kb/categories/{printers.category.pk}/edit/"'.encode() in page
    assert f'href="/agent/kb/sections/{printers.pk}/edit/"'.encode() in page


def test_a_supervisor_renames_a_category_and_its_slug_follows(client, brand, supervisor, printers):
    # given a category with a translation in another language
    category = printers.category
    category.translations = {"de": {"name": "Geräte"}}
    category.save()
    client.force_login(supervisor)
    edit = client.get(f"/agent/kb/categories/{category.pk}/edit/").content.decode()
    assert 'value="Matériel"' in edit and 'name="csrfmiddlewaretoken"' in edit
    # when they rename it with an English name
    response = client.post(f"/agent/kb/categories/{category.pk}/edit/", form())
    # then it is saved through the action, and they are back on the list with a message
    assert response["Location"] == f"/agent/kb/categories/?brand={brand.pk}"
    category.refresh_from_db()
    assert (category.name, category.slug, category.description) == (
        "Périphériques", "peripheriques", "Tout le matériel.")  # fmt: skip
    assert category.translations == {"de": {"name": "Geräte"}, "en": {"name": "Hardware"}}
    assert Event.objects.filter(verb="kb_category_updated").count() == 1
    assert "Catégorie enregistrée." in client.get(response["Location"]).content.decode()


def test_a_supervisor_renames_a_section_and_clears_its_english_name(client, supervisor, printers):
    printers.translations = {"en": {"name": "Printers", "description": "Old"}}
    printers.save()
    client.force_login(supervisor)
    client.post(f"/agent/kb/sections/{printers.pk}/edit/",
                form(name="Consommables", name_en="", description_en="Toner"))  # fmt: skip
    printers.refresh_from_db()
    assert (printers.name, printers.slug) == ("Consommables", "consommables")
    assert printers.translations == {"en": {"description": "Toner"}}
    assert Event.objects.filter(verb="kb_section_updated").count() == 1


def test_a_name_clash_is_shown_on_the_form(client, brand, supervisor, printers):
    other = kb.section(brand, "Pilotes", "Logiciels").category
    client.force_login(supervisor)
    response = client.post(f"/agent/kb/categories/{other.pk}/edit/", form(name="Matériel"))
    assert response.status_code == 200
    assert "Une catégorie porte déjà ce nom." in response.content.decode()
    assert Category.objects.get(pk=other.pk).name == "Logiciels"


def test_a_section_name_clash_is_shown_on_the_form(client, brand, supervisor, printers):
    drivers = kb.section(brand, "Pilotes", "Matériel")
    client.force_login(supervisor)
    page = client.post(f"/agent/kb/sections/{drivers.pk}/edit/", form(name="Imprimantes"))
    assert "Une section porte déjà ce nom." in page.content.decode()
    assert Section.objects.get(pk=drivers.pk).name == "Pilotes"


def test_a_blank_name_is_refused_by_the_form(client, supervisor, printers):
    client.force_login(supervisor)
    page = client.post(f"/agent/kb/categories/{printers.category.pk}/edit/", form(name=" "))
    assert page.status_code == 200 and 'class="errorlist' in page.content.decode()
    assert Category.objects.get().name == "Matériel"


def test_agents_without_kb_manage_get_403(client, writer, printers):
    client.force_login(writer)
    for url in (f"/agent/kb/categories/{printers.category.pk}/edit/",
                f"/agent/kb/sections/{printers.pk}/edit/"):  # fmt: skip
        assert client.get(url).status_code == 403
        assert client.post(url, form()).status_code == 403
    assert Category.objects.get().name == "Matériel"


def test_another_brands_supervisor_gets_404(client, other_brand, printers):
    client.force_login(factories.agent("supervisor", brands=[other_brand]))
    assert client.get(f"/agent/kb/categories/{printers.category.pk}/edit/").status_code == 404
    assert client.post(f"/agent/kb/sections/{printers.pk}/edit/", form()).status_code == 404
    assert Section.objects.get().name == "Imprimantes"


def test_customers_get_403(client, brand, printers):
    client.force_login(factories.customer(brand))
    assert client.get(f"/agent/kb/categories/{printers.category.pk}/edit/").status_code == 403


def test_the_edit_form_checks_csrf(brand, supervisor, printers):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(supervisor)
    response = client.post(f"/agent/kb/categories/{printers.category.pk}/edit/", form())
    assert response.status_code == 403
    assert Category.objects.get().name == "Matériel"


def test_the_edit_form_speaks_english(client, supervisor, printers):
    client.force_login(supervisor)
    url = f"/agent/kb/sections/{printers.pk}/edit/"
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Edit section" in page and "English description" in page
