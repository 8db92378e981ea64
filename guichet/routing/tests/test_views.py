"""The routing pages: who may open them, what they save, and the header availability control."""

import pytest
from django.test import Client
from django.urls import reverse

from guichet.core.tests import factories
from guichet.people.models import Agent
from guichet.routing.models import AgentRoutingProfile, CategoryThreshold, RoutingRule, TeamRouting
from guichet.routing.tests import builders

pytestmark = pytest.mark.django_db


PAGES = ["routing:home", "routing:rule_new"]


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("role", ["admin", "supervisor"])
def test_admins_and_supervisors_open_the_routing_pages(brand, page, role):
    assert builders.client_for(factories.agent(role)).get(reverse(page)).status_code == 200


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("role", ["agent", "csm", "incident_manager"])
def test_other_roles_are_refused(brand, page, role):
    assert builders.client_for(factories.agent(role)).get(reverse(page)).status_code == 403


def test_customers_are_refused_and_visitors_sent_to_login(brand):
    assert (
        builders.client_for(factories.customer(brand)).get(reverse("routing:home")).status_code
        == 403
    )
    response = Client().get(reverse("routing:home"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_an_agent_cannot_post_a_rule(brand):
    response = builders.client_for(factories.agent("agent")).post(
        reverse("routing:rule_new"), {"name": "x", "position": 1, "set_priority": "high"}
    )
    assert response.status_code == 403
    assert not RoutingRule.objects.exists()


def test_home_shows_rules_teams_agents_and_transfer_rate(brand):
    team = builders.team(brand, "skills")
    builders.agent(team)
    RoutingRule.objects.create(brand=brand, name="Factures", set_team=team)
    html = (
        builders.client_for(factories.agent("supervisor"))
        .get(reverse("routing:home"))
        .content.decode()
    )
    assert "Factures" in html and team.name in html
    assert "Par compétences" in html
    assert f'data-transfer-rate="{brand.slug}"' in html


def test_saving_a_rule(brand):
    team = factories.team(brand_=brand)
    category = factories.category(brand)
    response = builders.client_for(factories.agent("admin")).post(
        reverse("routing:rule_new"),
        {"name": "Grands comptes", "brand": brand.pk, "position": 5, "active": "on",
         "segments": ["enterprise"], "channels": ["chat", "email"], "languages": "fr, EN",
         "keywords": "panne, urgent", "categories": [category.pk], "set_team": team.pk,
         "set_tier": "2"},
    )  # fmt: skip
    assert response.status_code == 302
    rule = RoutingRule.objects.get()
    assert (rule.segments, rule.channels, rule.languages) == (
        ["enterprise"],
        ["chat", "email"],
        ["fr", "en"],
    )
    assert (rule.keywords, rule.set_team, rule.set_tier) == (["panne", "urgent"], team, 2)
    assert list(rule.categories.all()) == [category]


def test_a_rule_without_effect_is_refused_on_the_form(brand):
    response = builders.client_for(factories.agent("admin")).post(
        reverse("routing:rule_new"), {"name": "Rien", "position": 1}
    )
    assert response.status_code == 400
    assert "au moins" in response.content.decode()
    assert not RoutingRule.objects.exists()


def test_a_rule_cannot_send_to_a_team_of_another_brand(brand):
    foreign = factories.team(brand_=factories.brand())
    response = builders.client_for(factories.agent("admin")).post(
        reverse("routing:rule_new"),
        {"name": "X", "brand": brand.pk, "position": 1, "set_team": foreign.pk},
    )
    assert response.status_code == 400
    assert not RoutingRule.objects.exists()


def test_deleting_a_rule(brand):
    rule = RoutingRule.objects.create(brand=brand, name="Vieille", set_priority="low")
    client = builders.client_for(factories.agent("supervisor"))
    assert client.post(reverse("routing:rule_delete", args=[rule.pk])).status_code == 302
    assert not RoutingRule.objects.exists()


def test_saving_a_team_strategy(brand):
    team = factories.team(brand_=brand)
    response = builders.client_for(factories.agent("supervisor")).post(
        reverse("routing:team_edit", args=[team.pk]),
        {"strategy": "round_robin"},
    )
    assert response.status_code == 302
    assert TeamRouting.objects.get(team=team).strategy == "round_robin"


def test_saving_an_agents_skills_and_capacity(brand):
    category = factories.category(brand)
    person = factories.agent("agent")
    response = builders.client_for(factories.agent("admin")).post(
        reverse("routing:agent_edit", args=[person.agent.pk]),
        {"tier": 2, "languages": "fr, en", "skills": [category.slug], "capacity": 5,
         "max_chats": 2, "out_of_office_from": "2026-12-24", "out_of_office_until": "2026-12-31"},
    )  # fmt: skip
    assert response.status_code == 302
    person.agent.refresh_from_db()
    profile = AgentRoutingProfile.objects.get(agent=person.agent)
    assert (person.agent.tier, person.agent.languages) == (2, ["fr", "en"])
    assert (person.agent.skills, person.agent.capacity, profile.max_chats) == (
        [category.slug],
        5,
        2,
    )


def test_the_agent_form_offers_the_category_slugs_of_the_agents_brands(brand):
    factories.category(brand, slug="billing", name="Billing")
    factories.category(factories.brand(), slug="elsewhere")
    person = factories.agent("agent", brands=[brand], skills=["billing"], capacity=12)
    html = (
        builders.client_for(factories.agent("admin"))
        .get(reverse("routing:agent_edit", args=[person.agent.pk]))
        .content.decode()
    )
    assert 'value="billing"' in html and "checked" in html and "elsewhere" not in html
    assert 'name="capacity" value="12"' in html


def test_out_of_office_must_end_after_it_starts(brand):
    person = factories.agent("agent")
    response = builders.client_for(factories.agent("admin")).post(
        reverse("routing:agent_edit", args=[person.agent.pk]),
        {"tier": 1, "capacity": 20, "max_chats": 3, "out_of_office_from": "2026-12-24",
         "out_of_office_until": "2026-12-01"},
    )  # fmt: skip
    assert response.status_code == 400
    assert "La fin de l&#x27;absence précède son début." in response.content.decode()


def test_setting_and_removing_a_category_threshold(brand):
    category = factories.category(brand)
    client = builders.client_for(factories.agent("admin"))
    client.post(reverse("routing:threshold_set"), {"category": category.pk, "threshold": "0.85"})
    assert CategoryThreshold.objects.get(category=category).threshold == 0.85
    client.post(reverse("routing:threshold_set"), {"category": category.pk, "threshold": ""})
    assert not CategoryThreshold.objects.exists()


def test_a_threshold_above_one_is_refused(brand):
    category = factories.category(brand)
    builders.client_for(factories.agent("admin")).post(
        reverse("routing:threshold_set"), {"category": category.pk, "threshold": "1.5"}
    )
    assert not CategoryThreshold.objects.exists()


def test_workspace_header_shows_the_availability_control(brand):
    html = (
        builders.client_for(factories.agent("agent"))
        .get(reverse("workspace:queue"))
        .content.decode()
    )
    assert 'action="/agent/routing/availability/"' in html


def test_an_agent_sets_their_own_availability(brand):
    person = factories.agent("agent", availability="offline")
    response = builders.client_for(person).post(
        reverse("routing:availability"), {"availability": "online", "next": "/agent/"}
    )
    assert response.status_code == 302 and response["Location"] == "/agent/"
    assert Agent.objects.get(user=person).availability == "online"


def test_availability_must_be_a_known_value(brand):
    person = factories.agent("agent", availability="offline")
    builders.client_for(person).post(reverse("routing:availability"), {"availability": "asleep"})
    assert Agent.objects.get(user=person).availability == "offline"


def test_rebalance_button_is_for_managers(brand):
    person = factories.agent("agent")
    url = reverse("routing:agent_rebalance", args=[person.agent.pk])
    assert builders.client_for(factories.agent("agent")).post(url).status_code == 403
    assert builders.client_for(factories.agent("supervisor")).post(url).status_code == 302


def test_a_brand_restricted_supervisor_cannot_edit_another_brands_team(brand):
    supervisor = factories.agent("supervisor", brands=[brand])
    foreign = factories.team(brand_=factories.brand())
    url = reverse("routing:team_edit", args=[foreign.pk])
    assert builders.client_for(supervisor).get(url).status_code == 403


def test_the_routing_page_speaks_english_on_request(brand):
    client = builders.client_for(factories.agent("admin"))
    french = client.get(reverse("routing:home")).content.decode()
    english = client.get(reverse("routing:home"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Routage des tickets" in french
    assert "Ticket routing" in english and "Ma disponibilité" not in english


def test_the_agents_table_shows_availability_in_the_active_language(brand):
    builders.agent(builders.team(brand), availability="away")
    client = builders.client_for(factories.agent("admin"))
    french = client.get(reverse("routing:home")).content.decode()
    english = client.get(reverse("routing:home"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'data-availability="away">Absent un moment</span>' in french
    assert 'data-availability="away">Away</span>' in english
