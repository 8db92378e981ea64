"""Triage in the workspace: the ticket card, queue marks, corrections, the evaluation page,
"train now", the API, and bounded query counts."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django_tasks_db.models import DBTaskResult

from guichet.api.tests.conftest import client_for as api_client_for
from guichet.core.tests import factories
from guichet.tickets.models import Ticket
from guichet.triage.actions import do_train_and_maybe_promote
from guichet.triage.models import TicketPrediction
from guichet.triage.tasks import triage_ticket
from guichet.triage.tests.history import categories, resolved_history
from guichet.triage.ticket_actions import do_correct_prediction

pytestmark = pytest.mark.django_db


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def triaged(brand: Any, subject: str = "Imprimante en panne", body: str = "") -> Ticket:
    body = body or "Inacceptable !! L'imprimante est bloquée, c'est urgent."
    ticket = factories.ticket(brand, subject=subject, body=body)
    triage_ticket.call(ticket.pk, ticket.messages.get().pk)
    return ticket


def prediction(ticket: Ticket, target: str) -> TicketPrediction:
    return TicketPrediction.objects.get(ticket=ticket, target=target, is_current=True)


# --- Ticket page and queue -------------------------------------------------------------------


def card(client: Client, ticket: Ticket) -> str:
    response = client.get(reverse("triage:ticket_card", args=[ticket.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_ticket_page_loads_the_triage_card() -> None:
    ticket = triaged(factories.brand())

    page = signed_in(factories.agent()).get(reverse("workspace:ticket", args=[ticket.pk]))

    assert reverse("triage:ticket_card", args=[ticket.pk]) in page.content.decode()


def test_card_shows_each_prediction_with_confidence_and_version() -> None:
    brand = factories.brand()
    categories(brand)
    ticket = triaged(brand)

    html = card(signed_in(factories.agent()), ticket)

    assert 'id="triage-card"' in html
    for target in ("category", "priority", "type", "sentiment", "language"):
        assert f'data-target="{target}"' in html
    assert "Printing" in html  # the category's name, not its id
    assert "Négatif" in html and "anger:inacceptable" in html
    assert "cold-start/1" in html and " %" in html
    assert "Corriger" in html and "every 15s" not in html


def test_card_speaks_english_on_request() -> None:
    ticket = triaged(factories.brand())
    client = signed_in(factories.agent())

    with translation.override("en"):
        html = client.get(
            reverse("triage:ticket_card", args=[ticket.pk]), HTTP_ACCEPT_LANGUAGE="en"
        ).content.decode()

    assert "Automatic triage" in html and "Negative" in html


def test_card_of_a_new_ticket_waits_for_its_triage() -> None:
    ticket = factories.ticket(factories.brand())

    html = card(signed_in(factories.agent()), ticket)

    assert "pas encore disponible" in html and 'hx-trigger="every 15s"' in html


def test_csm_sees_the_card_without_correction_forms() -> None:
    ticket = triaged(factories.brand())

    html = card(signed_in(factories.agent("csm")), ticket)

    assert 'data-target="priority"' in html and "Corriger" not in html


def test_card_of_another_brands_ticket_is_not_found() -> None:
    brand, other = factories.brand(), factories.brand()
    ticket = triaged(brand)

    response = signed_in(factories.agent(brands=[other])).get(
        reverse("triage:ticket_card", args=[ticket.pk])
    )

    assert response.status_code == 404


def test_queue_marks_angry_and_urgent_tickets() -> None:
    brand = factories.brand()
    angry = triaged(brand)
    calm = triaged(brand, subject="Question", body="Merci beaucoup, tout est parfait.")

    page = signed_in(factories.agent("admin")).get(reverse("workspace:queue"), {"queue": "all"})

    html = page.content.decode()
    assert "Ressenti négatif" in row_of(html, angry) and "Urgence probable" in row_of(html, angry)
    assert "triage-marks" not in row_of(html, calm)


def row_of(html: str, ticket: Ticket) -> str:
    start = html.index(f'<tr data-href="{reverse("workspace:ticket", args=[ticket.pk])}"')
    return html[start : html.index("</tr>", start)]


# --- Corrections -------------------------------------------------------------------------------


def test_htmx_correction_returns_the_card_with_the_new_label() -> None:
    ticket = triaged(factories.brand())
    row = prediction(ticket, "priority")

    response = signed_in(factories.agent()).post(
        reverse("triage:correct", args=[row.pk]), {"label": "low"}, HTTP_HX_REQUEST="true"
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="triage-card"' in html and "Correction enregistrée" in html
    assert "Basse" in html and "100 %" in html
    row.refresh_from_db()
    assert row.corrected_label == "low"


def test_correction_shows_in_the_ticket_timeline() -> None:
    ticket = triaged(factories.brand())
    do_correct_prediction(factories.agent(), prediction(ticket, "sentiment"), "positive")

    page = signed_in(factories.agent()).get(reverse("workspace:ticket", args=[ticket.pk]))

    assert "Triage corrigé : Ressenti Négatif → Positif" in page.content.decode()


def test_plain_correction_redirects_to_the_ticket() -> None:
    ticket = triaged(factories.brand())
    row = prediction(ticket, "type")

    response = signed_in(factories.agent()).post(
        reverse("triage:correct", args=[row.pk]), {"label": "incident"}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("workspace:ticket", args=[ticket.pk])


def test_invalid_correction_is_explained_in_the_card() -> None:
    ticket = triaged(factories.brand())
    row = prediction(ticket, "priority")

    response = signed_in(factories.agent()).post(
        reverse("triage:correct", args=[row.pk]), {"label": "soon"}, HTTP_HX_REQUEST="true"
    )

    assert 'role="alert"' in response.content.decode()
    row.refresh_from_db()
    assert row.corrected_label == ""


def test_agent_of_another_brand_cannot_see_the_prediction() -> None:
    brand, other = factories.brand(), factories.brand()
    row = prediction(triaged(brand), "priority")

    response = signed_in(factories.agent(brands=[other])).post(
        reverse("triage:correct", args=[row.pk]), {"label": "low"}
    )

    assert response.status_code == 404


def test_csm_may_not_correct() -> None:
    row = prediction(triaged(factories.brand()), "priority")

    response = signed_in(factories.agent("csm")).post(
        reverse("triage:correct", args=[row.pk]), {"label": "low"}
    )

    assert response.status_code == 403


def test_customers_cannot_reach_corrections() -> None:
    brand = factories.brand()
    row = prediction(triaged(brand), "priority")

    response = signed_in(factories.customer(brand)).post(
        reverse("triage:correct", args=[row.pk]), {"label": "low"}
    )

    assert response.status_code == 403


# --- Evaluation page and "train now" -----------------------------------------------------------


def test_evaluation_page_shows_per_class_figures_and_the_confusion_matrix() -> None:
    brand = factories.brand(name="Pharma")
    resolved_history(brand)
    model = do_train_and_maybe_promote(brand, "category", embedder=None).model

    response = signed_in(factories.agent("supervisor")).get(reverse("triage:evaluation"))

    html = response.content.decode()
    assert response.status_code == 200
    assert f"v{model.version}" in html and "Actif" in html
    assert "Précision" in html and "Rappel" in html and "F1 macro" in html
    assert 'class="tickets triage-confusion"' in html
    assert html.count('<td class="badge-status-solved"><strong>') == 4  # the diagonal
    assert "Printing" in html  # class names, not slugs
    assert "Entraîner maintenant" not in html  # supervisors look, admins train


def test_evaluation_page_without_models_explains_cold_start() -> None:
    factories.brand()

    html = signed_in(factories.agent("admin")).get(reverse("triage:evaluation")).content.decode()

    assert "démarrage à froid" in html and "Entraîner maintenant" in html


def test_evaluation_page_is_for_supervisors_and_admins() -> None:
    factories.brand()

    response = signed_in(factories.agent("agent")).get(reverse("triage:evaluation"))

    assert response.status_code == 403


def test_evaluation_page_in_english() -> None:
    factories.brand()
    client = signed_in(factories.agent("admin"))

    with translation.override("en"):
        html = client.get(reverse("triage:evaluation"), HTTP_ACCEPT_LANGUAGE="en")

    assert "Triage evaluation" in html.content.decode()


def test_train_now_enqueues_a_training_job() -> None:
    brand = factories.brand()

    response = signed_in(factories.agent("admin")).post(
        reverse("triage:train"), {"brand": brand.pk, "target": "category"}
    )

    assert response.status_code == 302
    job = DBTaskResult.objects.get(task_path="guichet.triage.tasks.train_triage_model")
    assert job.args_kwargs["args"] == [brand.pk, "category"]
    assert job.queue_name == "ai"


def test_supervisors_cannot_train() -> None:
    brand = factories.brand()

    response = signed_in(factories.agent("supervisor")).post(
        reverse("triage:train"), {"brand": brand.pk, "target": "category"}
    )

    assert response.status_code == 403
    assert not DBTaskResult.objects.filter(task_path__endswith="train_triage_model").exists()


def test_admins_of_another_brand_cannot_train() -> None:
    brand, other = factories.brand(), factories.brand()

    response = signed_in(factories.agent("admin", brands=[other])).post(
        reverse("triage:train"), {"brand": brand.pk, "target": "category"}
    )

    assert response.status_code == 404


def test_training_job_trains_and_promotes() -> None:
    from guichet.triage.tasks import train_triage_model

    brand = factories.brand()
    resolved_history(brand)

    assert train_triage_model.call(brand.pk, "category") is True
    assert train_triage_model.call(factories.brand().pk, "category") is False  # no history


# --- API ------------------------------------------------------------------------------------------


def test_api_ticket_detail_has_the_predictions_for_agents() -> None:
    brand = factories.brand()
    ticket = triaged(brand)

    data = api_client_for(factories.agent()).get(f"/api/v1/tickets/{ticket.pk}").json()

    by_target = {p["target"]: p for p in data["predictions"]}
    assert by_target["sentiment"]["label"] == "negative"
    assert by_target["sentiment"]["corrected"] is False
    assert set(by_target["sentiment"]) >= {"confidence", "model_version", "score"}


def test_api_hides_predictions_from_customers() -> None:
    brand = factories.brand()
    customer = factories.customer(brand)
    ticket = triaged(brand)
    Ticket.objects.filter(pk=ticket.pk).update(requester=customer.contact)

    data = api_client_for(customer).get(f"/api/v1/tickets/{ticket.pk}").json()

    assert data["id"] == ticket.pk and "predictions" not in data


# --- Query counts --------------------------------------------------------------------------------


def count(client: Client, url: str, params: dict[str, str] | None = None) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, params or {}).status_code == 200
    return len(queries)


def test_queue_queries_do_not_grow_with_triaged_tickets() -> None:
    brand = factories.brand()
    client = signed_in(factories.agent("admin"))
    for _ in range(3):
        triaged(brand)
    few = count(client, reverse("workspace:queue"), {"queue": "all"})
    for _ in range(12):
        triaged(brand)

    assert count(client, reverse("workspace:queue"), {"queue": "all"}) == few


def test_triage_card_costs_a_fixed_number_of_queries() -> None:
    brand = factories.brand()
    categories(brand)
    ticket = triaged(brand)
    client = signed_in(factories.agent("admin"))
    url = reverse("triage:ticket_card", args=[ticket.pk])
    first = count(client, url)
    for _ in range(4):
        factories.category(brand)
    do_correct_prediction(factories.agent(), prediction(ticket, "priority"), "high")

    assert count(client, url) == first
