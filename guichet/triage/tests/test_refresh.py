"""A promoted model's predictions replace the open tickets' current ones (refresh_actions)."""

from __future__ import annotations

import pytest
from django_tasks_db.models import DBTaskResult

from guichet.core.tests import factories
from guichet.tickets.models import Ticket
from guichet.triage.actions import do_train_and_maybe_promote
from guichet.triage.models import TicketPrediction
from guichet.triage.refresh_actions import do_refresh_predictions
from guichet.triage.tasks import triage_ticket
from guichet.triage.tests.history import resolved_history

pytestmark = pytest.mark.django_db
REFRESH_TASK = "guichet.triage.tasks.refresh_predictions"


def triaged_ticket(brand, **kwargs) -> Ticket:  # type: ignore[no-untyped-def]
    ticket = factories.ticket(
        brand, subject="Imprimante en panne",
        body="L'imprimante n'imprime plus les ordonnances depuis ce matin.", **kwargs,
    )  # fmt: skip
    triage_ticket.call(ticket.pk, ticket.messages.get().pk)
    return ticket


def category(ticket: Ticket) -> TicketPrediction:
    return TicketPrediction.objects.get(ticket=ticket, target="category", is_current=True)


def test_promotion_queues_the_refresh_of_its_brand_and_target() -> None:
    brand = factories.brand()
    resolved_history(brand)
    do_train_and_maybe_promote(brand, "category", embedder=None)
    jobs = DBTaskResult.objects.filter(task_path=REFRESH_TASK)
    assert [job.args_kwargs["args"] for job in jobs] == [[brand.pk, "category"]]


def test_open_tickets_get_the_promoted_models_prediction_corrected_and_done_ones_stay() -> None:
    # Given tickets triaged before any model (cold start), one corrected, one solved
    brand = factories.brand()
    by_slug = resolved_history(brand)
    open_, corrected, solved = (triaged_ticket(brand) for _ in range(3))
    before = {t.pk: category(t) for t in (open_, corrected, solved)}
    assert before[open_.pk].source != "model"
    TicketPrediction.objects.filter(pk=before[corrected.pk].pk).update(corrected_label="x")
    Ticket.objects.filter(pk=solved.pk).update(status="solved")
    fields = Ticket.objects.values_list("pk", "category_id", "assignee_id", "priority")
    fields_before = set(fields)

    # When a model is promoted and its refresh runs
    model = do_train_and_maybe_promote(brand, "category", embedder=None).model
    assert do_refresh_predictions(brand.pk, "category") == 1

    # Then the open ticket shows the model's prediction, on the same message
    now = category(open_)
    assert (now.source, now.model_version) == ("model", model.model_version)
    assert now.label == str(by_slug["printing"].pk)
    assert now.message_id == before[open_.pk].message_id
    assert TicketPrediction.objects.filter(ticket=open_, target="category").count() == 2
    # and the corrected and solved tickets keep theirs; no ticket field moved
    assert category(corrected).pk == before[corrected.pk].pk
    assert category(solved).pk == before[solved.pk].pk
    assert set(fields) == fields_before


def test_a_second_refresh_replaces_again_and_an_unknown_brand_or_target_does_nothing() -> None:
    brand = factories.brand()
    resolved_history(brand)
    ticket = triaged_ticket(brand)
    do_train_and_maybe_promote(brand, "category", embedder=None)
    assert do_refresh_predictions(brand.pk, "category") == 1
    assert do_refresh_predictions(brand.pk, "category") == 1
    assert (
        TicketPrediction.objects.filter(ticket=ticket, target="category", is_current=True).count()
        == 1
    )
    assert do_refresh_predictions(brand.pk, "nonsense") == 0
    assert do_refresh_predictions(0, "category") == 0
