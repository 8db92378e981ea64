"""The queue's organisation filter: a type-ahead over every organisation the agent may see."""

import pytest
from django.urls import reverse

from guichet.core.tests import factories
from guichet.people.models import Organisation
from guichet.workspace import queries
from guichet.workspace.actions import do_save_view

pytestmark = pytest.mark.django_db
URL = reverse("workspace:organisations")


def _radio(org):
    return f'name="organisation" value="{org.pk}"'


def test_the_type_ahead_finds_an_organisation_beyond_the_first_hundreds(brand, agent_client):
    # given many business customers (more than the old 300-item list)
    factories.organisation(brand, name="Aardvark SARL")
    Organisation.objects.bulk_create(
        Organisation(brand=brand, name=f"Entreprise {n:03d}") for n in range(310)
    )
    late = factories.organisation(brand, name="Zénith Logistique")
    # when the agent types part of its name
    response = agent_client.get(URL, {"org_q": "zénith"})
    # then it is offered as a choice of the filter form
    assert response.status_code == 200
    assert _radio(late) in response.content.decode()


def test_the_type_ahead_is_limited_and_says_there_are_more(brand, agent_client):
    orgs = [factories.organisation(brand, name=f"Fibre Pro {n:02d}") for n in range(30)]
    body = agent_client.get(URL, {"org_q": "fibre"}).content.decode()
    offered = [org for org in orgs if _radio(org) in body]
    assert len(offered) == queries.ORGANISATION_MATCHES_MAX
    assert "précisez la recherche" in body


def test_names_starting_with_the_query_come_first(brand, agent):
    inside = factories.organisation(brand, name="Agence Hexa")
    start = factories.organisation(brand, name="Hexa Groupe")
    assert queries.organisation_matches(agent, "hexa") == [start, inside]


def test_the_type_ahead_never_offers_another_brands_organisations(brand):
    other = factories.brand(name="Santé", ticket_prefix="SAN")
    mine = factories.organisation(brand, name="Hexa Télécom")
    theirs = factories.organisation(other, name="Hexa Santé")
    agent = factories.agent("agent", brands=[brand])
    assert queries.organisation_matches(agent, "hexa") == [mine]
    assert queries.visible_organisation(agent, theirs.pk) is None


def test_customers_cannot_use_the_type_ahead(brand, client_for):
    factories.organisation(brand, name="Hexa")
    response = client_for(factories.customer(brand)).get(URL, {"org_q": "hexa"})
    assert response.status_code == 403


def test_an_empty_query_offers_nothing_but_keeps_the_selection(brand, agent_client):
    chosen = factories.organisation(brand, name="Hexa")
    body = agent_client.get(URL, {"org_q": " ", "organisation": chosen.pk}).content.decode()
    assert f"{_radio(chosen)} checked" in body


def test_the_selected_organisation_filters_the_queue_and_stays_selected(brand, agent_client):
    # given tickets of two organisations
    hexa = factories.organisation(brand, name="Hexa")
    other = factories.organisation(brand, name="Autre")
    mine = factories.ticket(brand, factories.contact(brand, hexa), subject="Ligne coupée Hexa")
    factories.ticket(brand, factories.contact(brand, other), subject="Facture Autre")
    # when the queue is filtered by one
    response = agent_client.get(
        reverse("workspace:queue"), {"queue": "all", "organisation": hexa.pk}
    )
    body = response.content.decode()
    # then only its tickets are listed and the filter shows it selected
    assert mine.subject in body
    assert "Facture Autre" not in body
    assert f"{_radio(hexa)} checked" in body


def test_a_saved_view_keeps_the_organisation(brand, agent, agent_client):
    hexa = factories.organisation(brand, name="Hexa")
    view = do_save_view(
        agent, name="Hexa", filters={"queue": "all", "organisation": str(hexa.pk), "org_q": "he"}
    )
    assert view.filters == {"queue": "all", "organisation": str(hexa.pk)}
    response = agent_client.get(reverse("workspace:saved_view", args=[view.pk]))
    assert f"organisation={hexa.pk}" in response["Location"]
