"""Triage on every new ticket and customer message: the job, what it stores, its fallbacks."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tasks_db.models import DBTaskResult

from guichet.audit.models import Event
from guichet.core.tests import factories
from guichet.sla.system import is_system
from guichet.tickets.message_actions import do_add_customer_message, do_add_note, do_reply
from guichet.tickets.models import Ticket
from guichet.triage import predictor, ticket_actions
from guichet.triage.actions import do_train_and_maybe_promote
from guichet.triage.models import TicketPrediction, TriageModel
from guichet.triage.queries import ticket_predictions
from guichet.triage.tasks import triage_ticket
from guichet.triage.tests.history import categories, resolved_history

pytestmark = pytest.mark.django_db
TRIAGE_TASK = "guichet.triage.tasks.triage_ticket"
PRINTER = "Imprimante en panne\nL'imprimante n'imprime plus les ordonnances depuis ce matin."


def triage_jobs() -> list[list[Any]]:
    rows = DBTaskResult.objects.filter(task_path=TRIAGE_TASK).order_by("enqueued_at", "id")
    return [row.args_kwargs["args"] for row in rows]


def new_ticket(brand: Any, **kwargs: Any) -> Ticket:
    subject, _, body = PRINTER.partition("\n")
    kwargs.setdefault("subject", subject)
    kwargs.setdefault("body", body)
    return factories.ticket(brand, **kwargs)


def current(ticket: Ticket) -> dict[str, TicketPrediction]:
    rows = TicketPrediction.objects.filter(ticket=ticket, is_current=True)
    return {row.target: row for row in rows}


# --- The hook -----------------------------------------------------------------------------


def test_new_ticket_enqueues_one_triage_job_for_its_first_message() -> None:
    brand = factories.brand()

    ticket = new_ticket(brand)

    first = ticket.messages.get()
    assert triage_jobs() == [[ticket.pk, first.pk]]


def test_the_hook_costs_one_insert_in_the_ticket_transaction(settings: Any) -> None:
    # given the same ticket created with triage on, then off
    brand = factories.brand()
    requester, actor = factories.contact(brand), factories.agent("admin")
    new_ticket(brand, requester=requester, actor=actor)  # warm caches (content types...)
    with CaptureQueriesContext(connection) as on:
        new_ticket(brand, requester=requester, actor=actor)
    settings.GUICHET_TRIAGE = {"ENABLED": False}
    with CaptureQueriesContext(connection) as off:
        new_ticket(brand, requester=requester, actor=actor)
    # then triage adds exactly one query, the job row
    extra = len(on) - len(off)
    assert extra == 1
    assert len(triage_jobs()) == 2


def test_customer_messages_are_triaged_but_not_agent_replies_or_notes() -> None:
    brand = factories.brand()
    ticket = new_ticket(brand)
    agent = factories.agent("admin")

    do_reply(agent, ticket, body="Avez-vous redémarré ?")
    do_add_note(agent, ticket, body="Probablement le pilote")
    message = do_add_customer_message(agent, ticket, body="Toujours rien, c'est urgent !")

    assert [args[1] for args in triage_jobs()][1:] == [message.pk]


def test_messages_stored_directly_by_a_channel_are_triaged() -> None:
    # the email intake stores customer messages with add_message, not the do_* actions
    from django.db import transaction

    from guichet.tickets.message_actions import add_message

    ticket = new_ticket(factories.brand())
    with transaction.atomic():
        message = add_message(
            None, ticket, kind="customer", body="Re: toujours rien", channel="email"
        )

    assert triage_jobs()[-1] == [ticket.pk, message.pk]


# --- The job --------------------------------------------------------------------------------


def test_new_ticket_gets_a_prediction_for_every_target() -> None:
    brand = factories.brand()
    by_slug = categories(brand)
    ticket = new_ticket(brand)

    stored = triage_ticket.call(ticket.pk, ticket.messages.get().pk)

    rows = current(ticket)
    assert stored == 6
    assert set(rows) == {"category", "priority", "type", "tier", "language", "sentiment"}
    assert rows["category"].label == str(by_slug["printing"].pk)  # an id of the brand's tree
    assert rows["language"].label == "fr"
    assert rows["sentiment"].label in {"negative", "neutral", "positive"}
    assert rows["sentiment"].score is not None
    assert all(row.model_version for target, row in rows.items() if row.label)
    assert all(0.0 <= row.confidence <= 1.0 for row in rows.values())


def test_later_customer_message_updates_mood_and_language_only() -> None:
    brand = factories.brand()
    categories(brand)
    ticket = new_ticket(brand)
    triage_ticket.call(ticket.pk, ticket.messages.get().pk)
    category = current(ticket)["category"]

    message = do_add_customer_message(
        factories.agent("admin"), ticket, body="C'est inacceptable, toujours en panne !!"
    )
    triage_ticket.call(ticket.pk, message.pk)

    rows = current(ticket)
    assert rows["sentiment"].message_id == message.pk
    assert rows["sentiment"].label == "negative"
    assert any(cue.startswith("anger:") for cue in rows["sentiment"].cues)
    assert rows["category"] == category
    assert TicketPrediction.objects.filter(ticket=ticket, target="sentiment").count() == 2


def test_running_the_job_twice_stores_once() -> None:
    brand = factories.brand()
    ticket = new_ticket(brand)
    message_id = ticket.messages.get().pk

    triage_ticket.call(ticket.pk, message_id)
    again = triage_ticket.call(ticket.pk, message_id)

    assert again == 0
    assert TicketPrediction.objects.filter(ticket=ticket).count() == 6


def test_deleted_ticket_is_skipped() -> None:
    assert triage_ticket.call(999_999, None) == 0


def test_active_model_is_used_with_its_version() -> None:
    brand = factories.brand()
    resolved_history(brand)
    model = do_train_and_maybe_promote(brand, "category", embedder=None).model
    ticket = new_ticket(brand)

    triage_ticket.call(ticket.pk, ticket.messages.get().pk)

    row = current(ticket)["category"]
    assert (row.source, row.model_version) == ("model", model.model_version)
    assert row.label == str(ticket.brand.categories.get(slug="printing").pk)


def test_broken_model_falls_back_to_cold_start_and_the_ticket_is_triaged() -> None:
    # given an active model whose artefact is garbage
    brand = factories.brand()
    resolved_history(brand)
    model = do_train_and_maybe_promote(brand, "category", embedder=None).model
    TriageModel.objects.filter(pk=model.pk).update(artefact=b"garbage")
    predictor.forget_loaded_models()
    ticket = new_ticket(brand)

    # when the job runs
    stored = triage_ticket.call(ticket.pk, ticket.messages.get().pk)

    # then every target is stored, the category from cold start
    row = current(ticket)["category"]
    assert stored == 6
    assert row.source == "cold_start" and row.model_version.startswith("cold-start")


def test_failing_predictor_still_stores_language_and_sentiment(monkeypatch: Any) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("boom")

    monkeypatch.setattr(ticket_actions, "triage_text", broken)
    brand = factories.brand()
    ticket = new_ticket(brand)

    stored = triage_ticket.call(ticket.pk, ticket.messages.get().pk)

    assert stored == 2
    assert set(current(ticket)) == {"language", "sentiment"}


def test_the_job_never_fails(monkeypatch: Any) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("database gone")

    monkeypatch.setattr(ticket_actions, "do_triage_ticket", broken)
    ticket = new_ticket(factories.brand())

    assert triage_ticket.call(ticket.pk, None) == 0


def test_routing_runs_after_triage(monkeypatch: Any) -> None:
    import guichet.routing.actions as routing

    routed: list[int] = []
    monkeypatch.setattr(routing, "route_after_triage", routed.append)
    ticket = new_ticket(factories.brand())

    triage_ticket.call(ticket.pk, ticket.messages.get().pk)

    assert routed == [ticket.pk]


def test_failing_routing_does_not_fail_triage(monkeypatch: Any) -> None:
    import guichet.routing.actions as routing

    def broken(ticket_id: int) -> None:
        raise RuntimeError("no agent")

    monkeypatch.setattr(routing, "route_after_triage", broken)
    ticket = new_ticket(factories.brand())

    assert triage_ticket.call(ticket.pk, ticket.messages.get().pk) == 6


# --- Applying predictions to the ticket ----------------------------------------------------


def test_predictions_leave_the_ticket_alone_by_default() -> None:
    brand = factories.brand()
    categories(brand)
    ticket = new_ticket(brand)

    triage_ticket.call(ticket.pk, ticket.messages.get().pk)

    ticket.refresh_from_db()
    assert ticket.category_id is None
    assert not Event.objects.filter(verb="ticket_updated", ticket=ticket).exists()


def test_confident_category_fills_an_empty_one_when_turned_on(settings: Any) -> None:
    settings.GUICHET_TRIAGE = {"ENABLED": True, "APPLY": "category=0.0"}
    brand = factories.brand()
    by_slug = categories(brand)
    ticket = new_ticket(brand)

    triage_ticket.call(ticket.pk, ticket.messages.get().pk)

    ticket.refresh_from_db()
    assert ticket.category == by_slug["printing"]
    event = Event.objects.get(verb="ticket_updated", ticket=ticket)
    assert event.actor is not None and is_system(event.actor)  # an ordinary, audited change
    assert [change["field"] for change in event.changes] == ["category"]


def test_merged_ticket_is_left_alone(settings: Any) -> None:
    settings.GUICHET_TRIAGE = {"APPLY": {"priority": 0.0}}
    brand = factories.brand()
    ticket = new_ticket(brand, subject="URGENT", body="Urgent : tout est bloqué !")
    Ticket.objects.filter(pk=ticket.pk).update(merged_into=new_ticket(brand))

    assert triage_ticket.call(ticket.pk, ticket.messages.get().pk) == 6

    ticket.refresh_from_db()
    assert ticket.priority == "normal"


def test_priority_is_only_ever_raised(settings: Any) -> None:
    settings.GUICHET_TRIAGE = {"APPLY": {"priority": 0.0}}
    brand = factories.brand()
    ticket = new_ticket(brand, priority="urgent", subject="Question", body="Merci de m'aider.")

    triage_ticket.call(ticket.pk, ticket.messages.get().pk)

    ticket.refresh_from_db()
    assert ticket.priority == "urgent"


def test_urgent_request_raises_priority_when_turned_on(settings: Any) -> None:
    settings.GUICHET_TRIAGE = {"APPLY": {"priority": 0.0}}
    ticket = new_ticket(factories.brand(), subject="URGENT", body="Urgent : tout est bloqué !")

    triage_ticket.call(ticket.pk, ticket.messages.get().pk)

    ticket.refresh_from_db()
    assert current(ticket)["priority"].label == "urgent"
    assert ticket.priority == "urgent"


# --- What routing reads ---------------------------------------------------------------------


def test_ticket_predictions_give_label_and_confidence_per_target() -> None:
    brand = factories.brand()
    by_slug = categories(brand)
    ticket = new_ticket(brand)
    triage_ticket.call(ticket.pk, ticket.messages.get().pk)

    found = ticket_predictions(ticket.pk)

    assert found["category"][0] == str(by_slug["printing"].pk)
    assert found["language"][0] == "fr"
    assert {"priority", "type", "sentiment"} <= set(found)
    assert all(isinstance(confidence, float) for _, confidence in found.values())


def test_ticket_predictions_of_an_untriaged_ticket_are_empty() -> None:
    ticket = new_ticket(factories.brand())

    assert ticket_predictions(ticket.pk) == {}
