"""Guided flows: admin editing with validation, a visitor's run ending in a prefilled ticket."""

import datetime as dt
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client

from guichet.core.errors import ActionError, NotAllowed
from guichet.knowledge.actions.flows import do_save_flow
from guichet.knowledge.models import FlowRun
from guichet.knowledge.tests import factories as kb
from guichet.knowledge.tests.test_flowgraph import FLOW

pytestmark = pytest.mark.django_db


@pytest.fixture
def flow(brand):
    return do_save_flow(kb.admin(), brand, title="Imprimante", language="fr", definition=FLOW,
                        state="published")  # fmt: skip


def test_an_invalid_tree_is_refused_with_its_errors(brand):
    bad = {"start": "a", "steps": {"a": {"text": "A", "options": [{"label": "x", "next": "a"}]}}}
    with pytest.raises(ActionError, match="boucle"):
        do_save_flow(kb.admin(), brand, title="F", language="fr", definition=bad)


def test_an_agent_cannot_edit_flows(brand, writer):
    with pytest.raises(NotAllowed):
        do_save_flow(writer, brand, title="F", language="fr", definition=FLOW)


def test_a_visitor_walks_to_a_prefilled_ticket_that_carries_the_path(client, flow):
    start = client.get(f"/help/asclepia/fr/flows/{flow.pk}-{flow.slug}/")
    assert "Le voyant est-il vert ?" in start.content.decode()
    response = client.post(f"/help/asclepia/fr/flows/{flow.pk}-{flow.slug}/start/", {"option": 1})
    run_url = response["Location"]
    response = client.post(run_url, {"option": 1})
    page = client.get(response["Location"]).content.decode()
    assert "Ouvrir une demande préremplie" in page
    run = FlowRun.objects.get()
    assert run.outcome == "ticket" and run.path[-1] == ["call", None]
    link = (
        page.split("data-flow-ticket")[0].rsplit('href="', 1)[1].split('"')[0].replace("&amp;", "&")
    )
    query = parse_qs(urlsplit(link).query)
    assert urlsplit(link).path == "/portal/asclepia/tickets/new/"
    assert query["subject"] == ["Imprimante"]
    assert "Le voyant est-il vert ? → Non" in query["description"][0]
    assert "Rebranchez. Vert ? → Non" in query["description"][0]


def test_the_ticket_form_is_prefilled_with_the_path(client, customer, flow):
    client.force_login(customer)
    page = client.get(
        "/portal/asclepia/tickets/new/?subject=Imprimante&description=Voyant+%E2%86%92+Non"
    )
    assert "Voyant → Non</textarea>" in page.content.decode()


def test_back_returns_to_the_previous_question(client, flow):
    response = client.post(f"/help/asclepia/fr/flows/{flow.pk}-{flow.slug}/start/", {"option": 1})
    client.post(response["Location"], {"back": "1"})
    assert FlowRun.objects.get().path == [["light", None]]


def test_a_run_belongs_to_its_visitor(client, flow):
    response = client.post(f"/help/asclepia/fr/flows/{flow.pk}-{flow.slug}/start/", {"option": 0})
    client.cookies.clear()
    assert client.get(response["Location"]).status_code == 404


def test_a_draft_flow_is_not_public(client, brand):
    draft = do_save_flow(kb.admin(), brand, title="Brouillon", language="fr", definition=FLOW)
    assert client.get(f"/help/asclepia/fr/flows/{draft.pk}-{draft.slug}/").status_code == 404


def test_the_admin_page_shows_step_analytics(client, supervisor, flow):
    client.post(f"/help/asclepia/fr/flows/{flow.pk}-{flow.slug}/start/", {"option": 0})
    client.force_login(supervisor)
    page = client.get(f"/agent/kb/flows/{flow.pk}/").content.decode()
    assert (
        'data-step="done"><td><code>done</code> Résolu. <span class="chip">resolved</span></td><td>1</td>'
        in page
    )


def test_the_admin_form_reports_json_and_tree_errors(client, supervisor, brand, flow):
    client.force_login(supervisor)
    data = {"title": "Imprimante", "language": "fr", "state": "published", "description": ""}
    page = client.post(
        f"/agent/kb/flows/{flow.pk}/", {**data, "definition": "{oops"}
    ).content.decode()
    assert "JSON invalide" in page
    cyclic = (
        '{"start": "a", "steps": {"a": {"text": "A", "options": [{"label": "x", "next": "a"}]}}}'
    )
    page = client.post(
        f"/agent/kb/flows/{flow.pk}/", {**data, "definition": cyclic}
    ).content.decode()
    assert "Le parcours tourne en boucle" in page


def test_opening_a_flow_starts_one_run_per_visitor_that_the_first_answer_continues(client, flow):
    start = f"/help/asclepia/fr/flows/{flow.pk}-{flow.slug}/"
    client.get(start)
    client.get(start)  # a reload is the same visit
    run = FlowRun.objects.get()
    assert run.path == [["light", None]] and run.outcome == "in_progress"
    response = client.post(start + "start/", {"option": 0})
    assert response["Location"].endswith(f"/{run.token}/")
    assert FlowRun.objects.get().path == [["light", 0], ["done", None]]
    Client().get(start)  # another visitor
    assert FlowRun.objects.count() == 2


def test_a_visitor_who_leaves_at_the_first_question_is_reached_and_dropped_there(
    client, supervisor, flow
):
    client.get(f"/help/asclepia/fr/flows/{flow.pk}-{flow.slug}/")
    an_hour_ago = FlowRun.objects.get().updated_at - dt.timedelta(hours=1)
    FlowRun.objects.update(created_at=an_hour_ago, updated_at=an_hour_ago)
    client.force_login(supervisor)
    page = client.get(f"/agent/kb/flows/{flow.pk}/").content.decode()
    row = page.split('data-step="light">', 1)[1].split("</tr>", 1)[0]
    assert row.endswith("<td>1</td><td>1</td><td>0</td><td>0</td>")
