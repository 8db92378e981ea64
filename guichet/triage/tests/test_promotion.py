"""Promotion compares the new model and the active one on tickets the active one never saw."""

from __future__ import annotations

import random

import pytest

from guichet.audit.models import Event
from guichet.brands.models import Brand, Category
from guichet.core.tests import factories
from guichet.tickets.models import Ticket
from guichet.triage.actions import do_train_and_maybe_promote
from guichet.triage.evaluation import evaluate
from guichet.triage.models import TriageModel
from guichet.triage.predictor import load_classifier
from guichet.triage.queries import training_tickets
from guichet.triage.tests.data import examples
from guichet.triage.tests.history import categories, resolved_history
from guichet.triage.training import TrainConfig

pytestmark = pytest.mark.django_db
# Fits its training tickets as closely as it can (little regularisation); holds out one
# ticket per class.
MEMORISE = TrainConfig(C=100.0, holdout=0.05)
# Half of each class held out, so that enough held-out tickets are new to the active model.
HALF = TrainConfig(holdout=0.5)


def _solved(brand: Brand, rows: list[tuple[str, Category]]) -> None:
    requester, actor = factories.contact(brand), factories.agent("admin")
    for subject, category in rows:
        factories.ticket(brand, requester, actor=actor, subject=subject, body="Détails",
                         category=category)  # fmt: skip
    Ticket.objects.filter(brand=brand).update(status="solved")


def _noise(by_slug: dict[str, Category], n: int) -> list[tuple[str, Category]]:
    """Tickets whose category has nothing to do with their text: only memory can get them."""
    rng, slugs = random.Random(7), sorted(by_slug)
    codes = ["".join(rng.choices("ABCDEFGHJKLMNPQRSTUVWXYZ23456789", k=8)) for _ in range(n)]
    return [(f"Demande {code}", by_slug[slugs[i % len(slugs)]]) for i, code in enumerate(codes)]


def _topics(by_slug: dict[str, Category], per_class: int) -> list[tuple[str, Category]]:
    texts, labels = examples(per_class)
    return [(text, by_slug[label]) for text, label in zip(texts, labels, strict=True)]


def test_better_model_on_unseen_tickets_wins_over_one_scoring_on_its_training_tickets() -> None:
    # given an active model that memorised 80 tickets whose category is noise
    brand = factories.brand()
    by_slug = categories(brand)
    _solved(brand, _noise(by_slug, 80))
    active = do_train_and_maybe_promote(brand, "category", embedder=None, config=MEMORISE).model
    # and 48 newer tickets whose text says their category
    _solved(brand, _topics(by_slug, 12))

    # when a model is trained on all of them
    outcome = do_train_and_maybe_promote(brand, "category", embedder=None, config=HALF)

    # then on the whole new held-out slice the active model scores higher (it trained on most
    # of it) ...
    new = outcome.model
    ids, texts, labels = training_tickets(brand, "category")
    held = new.held_out_ticket_ids or frozenset()
    slice_texts = [t for i, t in zip(ids, texts, strict=True) if i in held]
    slice_labels = [x for i, x in zip(ids, labels, strict=True) if i in held]
    predicted = [p.label or "" for p in load_classifier(active).predict(slice_texts)]
    assert evaluate(slice_labels, predicted)["macro_f1"] > new.macro_f1
    # ... but the comparison keeps only the tickets it never saw, where the new model wins
    active_held, through = active.held_out_ticket_ids or frozenset(), active.trained_through_id
    assert through is not None
    unseen = {i for i in held if i in active_held or i > through}
    assert outcome.unseen_only and outcome.compared_on == len(unseen) >= 20
    assert outcome.promoted
    assert f"on {len(unseen)} tickets the active model never saw" in outcome.reason
    assert outcome.compared_macro_f1 is not None and outcome.previous_macro_f1 is not None
    assert outcome.compared_macro_f1 > outcome.previous_macro_f1
    event = Event.objects.get(verb="triage_model_promoted", target_id=new.pk)
    assert event.data["unseen_only"] is True and event.data["compared_on"] == len(unseen)


def test_active_model_without_a_record_is_compared_on_the_whole_slice() -> None:
    # given an active model stored before models recorded their held-out tickets
    brand = factories.brand()
    resolved_history(brand)
    old = do_train_and_maybe_promote(brand, "category", embedder=None).model
    TriageModel.objects.filter(pk=old.pk).update(held_out_ids=None, trained_through_id=None)

    outcome = do_train_and_maybe_promote(brand, "category", embedder=None)

    assert outcome.promoted and not outcome.unseen_only
    assert outcome.compared_on == outcome.model.n_validation == 8
    assert outcome.reason.endswith(
        "on the whole held-out slice (8 tickets): the active model did not record its training tickets"
    )
    event = Event.objects.get(verb="triage_model_promoted", target_id=outcome.model.pk)
    assert event.data["unseen_only"] is False and event.data["compared_on"] == 8


def test_too_few_unseen_tickets_fall_back_to_the_whole_slice() -> None:
    # given an active model that trained on every ticket of the new held-out slice but two
    brand = factories.brand()
    resolved_history(brand)
    old = do_train_and_maybe_promote(brand, "category", embedder=None).model
    two = sorted(old.held_out_ticket_ids or ())[:2]
    TriageModel.objects.filter(pk=old.pk).update(held_out_ids=TriageModel.encode_ids(two))

    outcome = do_train_and_maybe_promote(brand, "category", embedder=None)

    assert outcome.promoted and not outcome.unseen_only and outcome.compared_on == 8
    assert "only 2 of them unseen by the active model (fewer than 20" in outcome.reason


def test_a_model_records_the_tickets_it_did_not_train_on() -> None:
    brand = factories.brand()
    resolved_history(brand)

    model = do_train_and_maybe_promote(brand, "category", embedder=None).model

    model.refresh_from_db()
    ids = training_tickets(brand, "category")[0]
    held = model.held_out_ticket_ids
    assert held is not None and len(held) == model.n_validation == 8 and held <= set(ids)
    assert model.trained_through_id == max(set(ids) - held)
