"""The ticket page's routing card: why the ticket went where it did, for agents only."""

import pytest
from django.urls import reverse
from django.utils import translation

from guichet.core.tests import factories
from guichet.routing.actions import do_route_ticket
from guichet.routing.models import RoutingRule
from guichet.routing.tests import builders
from guichet.tickets.actions import do_assign_ticket

pytestmark = pytest.mark.django_db


def card(user, ticket, **headers):
    return builders.client_for(user).get(
        reverse("routing:ticket_card", args=[ticket.pk]), **headers
    )


def test_the_routing_card_says_why_the_ticket_was_routed(brand):
    # given a ticket routed by a rule, with a raised priority and the detected language,
    # then reassigned by a supervisor
    team = builders.team(brand)
    alice = builders.agent(team)
    RoutingRule.objects.create(brand=brand, name="VIP → N2", set_team=team)
    ticket = factories.ticket(brand, language="fr", subject="My printer does not work",
                              body="Hello, since this morning the printer prints nothing.")  # fmt: skip
    predictions = {"priority": ("urgent", 0.83), "language": ("en", 0.97)}
    do_route_ticket(ticket.pk, predictions=predictions)
    supervisor = factories.agent("supervisor")
    supervisor.first_name, supervisor.last_name = "Sam", "Chef"
    supervisor.save()
    do_assign_ticket(supervisor, ticket, assignee=factories.agent("agent"))
    # when an agent opens the card
    html = card(alice, ticket).content.decode()
    # then each assignment says its reason, rule, what was raised and by whom
    assert "Règle de routage" in html and "Règle : VIP → N2" in html
    assert f"Équipe : — → {team.name}" in html
    assert "Priorité relevée par la prédiction : Normale → Urgente (83 %)" in html
    assert "Langue détectée : EN au lieu de FR (97 %)" in html
    assert "Manuel (agent)" in html and "Par Sam Chef" in html
    assert html.index("Manuel (agent)") < html.index("Règle de routage")  # newest first


def test_the_routing_card_shows_the_models_category_and_confidence(brand):
    team = builders.team(brand)
    builders.agent(team)
    category = factories.category(brand, name="Facturation", default_team=team)
    ticket = factories.ticket(brand)
    do_route_ticket(ticket.pk, predictions={"category": (str(category.pk), 0.834)})
    html = card(factories.agent("agent"), ticket).content.decode()
    assert "Suggestion du modèle" in html and "Modèle : Facturation, confiance 83 %" in html


def test_the_routing_card_speaks_english(brand):
    team = builders.team(brand)
    builders.agent(team)
    RoutingRule.objects.create(brand=brand, name="Tout", set_team=team)
    ticket = factories.ticket(brand)
    do_route_ticket(ticket.pk, predictions={})
    html = card(factories.agent("agent"), ticket, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Routing rule" in html and "Rule: Tout" in html and "Routage" not in html


def test_the_ticket_page_loads_the_routing_card(brand):
    ticket = factories.ticket(brand)
    page = builders.client_for(factories.agent("agent")).get(
        reverse("workspace:ticket", args=[ticket.pk])
    )
    assert reverse("routing:ticket_card", args=[ticket.pk]) in page.content.decode()


def test_customers_and_agents_of_other_brands_cannot_see_the_routing_card(brand):
    ticket = factories.ticket(brand)
    assert card(factories.customer(brand), ticket).status_code == 403
    outsider = factories.agent("agent", brands=[factories.brand()])
    assert card(outsider, ticket).status_code == 404


def test_a_ticket_never_routed_says_so(brand):
    with translation.override("fr"):
        html = card(factories.agent("agent"), factories.ticket(brand)).content.decode()
    assert "Aucune affectation enregistrée pour ce ticket." in html
