import pytest
from django.urls import reverse

from guichet.core.models import CustomField
from guichet.core.tests import factories
from guichet.tickets.actions import do_update_ticket

QUEUE = reverse("workspace:queue")


def refs(response):
    return [t.reference for t in response.context["page"].rows]


@pytest.fixture
def admin(brand):
    return factories.agent("admin")


def test_anonymous_visitor_is_sent_to_login(client, db):
    response = client.get(QUEUE)
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def test_customer_is_refused_the_workspace(brand, client_for):
    customer = factories.customer(brand)
    assert client_for(customer).get(QUEUE).status_code == 403


def test_home_sends_agents_to_their_queue_and_customers_to_the_portal(brand, agent, client_for):
    assert client_for(agent).get("/").url == QUEUE
    assert client_for(factories.customer(brand)).get("/").url == "/portal/"


def test_mine_lists_only_my_unsolved_tickets(brand, agent, admin, agent_client):
    # Given one ticket assigned to me, one to nobody and one of mine already solved
    mine = factories.ticket(brand, actor=admin)
    do_update_ticket(admin, mine, assignee=agent)
    factories.ticket(brand, actor=admin)
    solved = factories.ticket(brand, actor=admin)
    do_update_ticket(admin, solved, assignee=agent, status="solved")
    # When I open my queue
    response = agent_client.get(QUEUE)
    # Then only the unsolved one assigned to me shows
    assert response.status_code == 200
    assert refs(response) == [mine.reference]


def test_unassigned_team_and_tier_queues(brand, agent, admin, agent_client):
    team = factories.team(1, brand)
    agent.agent.teams.add(team)
    unassigned = factories.ticket(brand, actor=admin)
    of_team = factories.ticket(brand, actor=admin)
    do_update_ticket(admin, of_team, team=team, assignee=admin)
    at_n2 = factories.ticket(brand, actor=admin)
    do_update_ticket(admin, at_n2, tier=2, assignee=admin)
    assert set(refs(agent_client.get(QUEUE, {"queue": "unassigned"}))) == {unassigned.reference}
    assert refs(agent_client.get(QUEUE, {"queue": "team"})) == [of_team.reference]
    assert refs(agent_client.get(QUEUE, {"queue": "n2"})) == [at_n2.reference]


def test_filters_narrow_the_queue(brand, admin, agent_client):
    CustomField.objects.create(
        target="ticket", key="offre", label="Offre", kind="choice", choices=["Fibre", "ADSL"]
    )
    wanted = factories.ticket(
        brand, actor=admin, priority="urgent", channel="email", custom_fields={"offre": "Fibre"},
        tags=["panne"],
    )  # fmt: skip
    factories.ticket(brand, actor=admin, priority="urgent", channel="phone", tags=["panne"])
    factories.ticket(brand, actor=admin, priority="low", channel="email")
    factories.ticket(brand, actor=admin, priority="urgent", custom_fields={"offre": "ADSL"})
    params = {"queue": "all", "priority": "urgent", "channel": "email", "tag": "panne"}
    assert refs(agent_client.get(QUEUE, params)) == [wanted.reference]
    assert refs(agent_client.get(QUEUE, {"queue": "all", "cf_offre": "Fibre"})) == [
        wanted.reference
    ]


def test_number_custom_field_filter_compares_numbers(brand, admin, agent_client):
    CustomField.objects.create(target="ticket", key="lignes", label="Lignes", kind="number")
    five = factories.ticket(brand, actor=admin, custom_fields={"lignes": 5})
    factories.ticket(brand, actor=admin, custom_fields={"lignes": 50})
    assert refs(agent_client.get(QUEUE, {"queue": "all", "cf_lignes": "5"})) == [five.reference]
    assert refs(agent_client.get(QUEUE, {"queue": "all", "cf_lignes": "cinq"})) == []


def test_brand_restricted_agent_sees_only_their_brand(brand, admin, client_for):
    other = factories.brand()
    restricted = factories.agent("agent", brands=[brand])
    ours = factories.ticket(brand, actor=admin)
    factories.ticket(other, actor=admin)
    response = client_for(restricted).get(QUEUE, {"queue": "all"})
    assert refs(response) == [ours.reference]


def test_priority_sort_puts_urgent_first_and_oldest_first_within(brand, admin, agent_client):
    low = factories.ticket(brand, actor=admin, priority="low")
    urgent_old = factories.ticket(brand, actor=admin, priority="urgent")
    urgent_new = factories.ticket(brand, actor=admin, priority="urgent")
    response = agent_client.get(QUEUE, {"queue": "all", "sort": "-priority"})
    assert refs(response) == [urgent_old.reference, urgent_new.reference, low.reference]


def test_queue_pages_with_cursors(brand, admin, agent_client, monkeypatch):
    monkeypatch.setattr("guichet.workspace.queries.PAGE_SIZE", 2)
    tickets = [factories.ticket(brand, actor=admin) for _ in range(5)]
    first = agent_client.get(QUEUE, {"queue": "all"})
    second = agent_client.get(QUEUE, {"queue": "all", "after": first.context["page"].next_cursor})
    assert refs(first) + refs(second) == [t.reference for t in reversed(tickets)][:4]
    assert 'rel="next"' in second.content.decode() and 'rel="prev"' in second.content.decode()


def test_search_box_uses_the_search_app(
    brand, admin, agent_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        box = factories.ticket(brand, actor=admin, subject="La box clignote en rouge")
        factories.ticket(brand, actor=admin, subject="Facture de mars")
    response = agent_client.get(QUEUE, {"queue": "all", "q": "clignote"})
    assert refs(response) == [box.reference]
    assert response.context["spec"].sort == "relevance"


def test_page_shows_french_labels_by_default(brand, agent, admin, agent_client):
    ticket = factories.ticket(brand, actor=admin, priority="urgent")
    do_update_ticket(admin, ticket, assignee=agent)
    html = agent_client.get(QUEUE).content.decode()
    assert "Mes tickets" in html and "Urgente" in html and "Nouveau" in html


def test_page_is_in_english_when_english_is_asked(brand, agent_client, settings):
    html = agent_client.get(QUEUE, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "My tickets" in html and "Mes tickets" not in html
