"""Agents correct predictions; corrections win for routing and become training data."""

from __future__ import annotations

from typing import Any

import pytest

from guichet.audit.models import Event
from guichet.core.errors import ActionError, NotAllowed
from guichet.core.tests import factories
from guichet.tickets.models import Ticket
from guichet.triage.models import TicketPrediction
from guichet.triage.queries import ticket_predictions, training_examples
from guichet.triage.tasks import triage_ticket
from guichet.triage.tests.history import categories, resolved_history
from guichet.triage.ticket_actions import do_correct_prediction

pytestmark = pytest.mark.django_db


def triaged_ticket(brand: Any, **kwargs: Any) -> Ticket:
    kwargs.setdefault("subject", "Imprimante en panne")
    kwargs.setdefault("body", "L'imprimante n'imprime plus les ordonnances.")
    ticket = factories.ticket(brand, **kwargs)
    triage_ticket.call(ticket.pk, ticket.messages.get().pk)
    return ticket


def prediction(ticket: Ticket, target: str) -> TicketPrediction:
    return TicketPrediction.objects.get(ticket=ticket, target=target, is_current=True)


def test_correction_wins_with_full_confidence() -> None:
    brand = factories.brand()
    by_slug = categories(brand)
    ticket = triaged_ticket(brand)
    billing = str(by_slug["billing"].pk)

    do_correct_prediction(factories.agent(), prediction(ticket, "category"), billing)

    assert ticket_predictions(ticket.pk)["category"] == (billing, 1.0)


def test_correction_is_audited_on_the_ticket() -> None:
    brand = factories.brand()
    ticket = triaged_ticket(brand)
    agent = factories.agent()
    row = prediction(ticket, "sentiment")

    do_correct_prediction(agent, row, "negative")

    event = Event.objects.get(verb="triage_corrected")
    assert (event.ticket_id, event.actor_id, event.target_id) == (ticket.pk, agent.pk, row.pk)
    assert event.changes == [{"field": "sentiment", "old": row.label, "new": "negative"}]
    row.refresh_from_db()
    assert (row.corrected_label, row.corrected_by) == ("negative", agent)
    assert row.corrected_at is not None


def test_roles_that_cannot_update_tickets_cannot_correct() -> None:
    brand = factories.brand()
    ticket = triaged_ticket(brand)

    with pytest.raises(NotAllowed):
        do_correct_prediction(factories.agent("csm"), prediction(ticket, "priority"), "high")


def test_customers_cannot_correct() -> None:
    brand = factories.brand()
    customer = factories.customer(brand)
    ticket = triaged_ticket(brand, requester=customer.contact)

    with pytest.raises(NotAllowed):
        do_correct_prediction(customer, prediction(ticket, "priority"), "urgent")


def test_agent_of_another_brand_cannot_correct() -> None:
    brand, other = factories.brand(), factories.brand()
    ticket = triaged_ticket(brand)

    with pytest.raises(NotAllowed):
        do_correct_prediction(
            factories.agent(brands=[other]), prediction(ticket, "priority"), "high"
        )


@pytest.mark.parametrize(
    ("target", "label"), [("priority", "whenever"), ("type", "x"), ("tier", "9"), ("language", "!")]
)
def test_unknown_labels_are_refused(target: str, label: str) -> None:
    ticket = triaged_ticket(factories.brand())

    with pytest.raises(ActionError):
        do_correct_prediction(factories.agent(), prediction(ticket, target), label)


def test_category_of_another_brand_is_refused() -> None:
    brand, other = factories.brand(), factories.brand()
    categories(brand)
    foreign = factories.category(other)
    ticket = triaged_ticket(brand)

    with pytest.raises(ActionError):
        do_correct_prediction(factories.agent(), prediction(ticket, "category"), str(foreign.pk))


def test_training_uses_the_agents_label_over_the_tickets_field() -> None:
    # given a resolved history, one of whose tickets an agent relabelled "billing"
    brand = factories.brand()
    by_slug = resolved_history(brand, per_class=2)
    ticket = Ticket.objects.filter(brand=brand, category__slug="printing").first()
    assert ticket is not None
    triage_ticket.call(ticket.pk, ticket.messages.get().pk)
    row = prediction(ticket, "category")
    do_correct_prediction(factories.agent(), row, str(by_slug["billing"].pk))

    texts, labels = training_examples(brand, "category")

    # then that ticket is learnt as billing (the slug, as classifiers learn slugs)
    assert len(texts) == 8
    assert labels.count("billing") == 3 and labels.count("printing") == 1


def test_corrected_open_tickets_become_training_data() -> None:
    brand = factories.brand()
    resolved_history(brand, per_class=2)
    ticket = triaged_ticket(brand, subject="Colis perdu", body="Mon colis n'est pas arrivé.")
    do_correct_prediction(factories.agent(), prediction(ticket, "priority"), "high")

    texts, labels = training_examples(brand, "priority")

    assert len(texts) == 9
    assert labels[-1] == "high" and texts[-1].startswith("Colis perdu")


def test_uncorrected_open_tickets_are_not_training_data() -> None:
    brand = factories.brand()
    resolved_history(brand, per_class=2)
    triaged_ticket(brand)

    assert len(training_examples(brand, "priority")[0]) == 8
