"""Training on a brand's history and promoting only models at least as good."""

from __future__ import annotations

import pytest

from guichet.assistant.models import AiCall
from guichet.assistant.tests.fakes import HashingEmbedder
from guichet.audit.models import Event
from guichet.core.errors import ActionError, NotAllowed
from guichet.core.tests import factories
from guichet.tickets.models import Ticket
from guichet.triage.actions import check_can_train, do_train_and_maybe_promote
from guichet.triage.features import FeatureConfig
from guichet.triage.models import TriageModel
from guichet.triage.queries import training_examples
from guichet.triage.tests.history import resolved_history
from guichet.triage.training import NotEnoughData, TrainConfig

pytestmark = pytest.mark.django_db
# Reads only the first 6 characters ("Bonjou", "Hello,"...): greetings say nothing of the topic.
USELESS = TrainConfig(features=FeatureConfig(max_chars=6))


def test_first_model_is_promoted() -> None:
    brand = factories.brand()
    resolved_history(brand)

    outcome = do_train_and_maybe_promote(brand, "category", embedder=None)

    assert outcome.promoted and outcome.reason == "first model"
    model = TriageModel.objects.get()
    assert (model.version, model.is_active, model.target) == (1, True, "category")
    assert model.metrics["macro_f1"] >= 0.9
    assert model.n_validation == 8 and model.n_train == 32
    assert Event.objects.filter(verb="triage_model_promoted", target_id=model.pk).exists()


def test_better_model_replaces_the_active_one() -> None:
    brand = factories.brand()
    resolved_history(brand)
    weak = do_train_and_maybe_promote(brand, "category", embedder=None, config=USELESS).model

    outcome = do_train_and_maybe_promote(brand, "category", embedder=None)

    weak.refresh_from_db()
    assert outcome.promoted and not weak.is_active
    assert outcome.previous_macro_f1 is not None and outcome.previous_macro_f1 < 0.5
    assert TriageModel.objects.get(is_active=True).version == 2


def test_worse_model_is_stored_but_not_promoted() -> None:
    brand = factories.brand()
    resolved_history(brand)
    good = do_train_and_maybe_promote(brand, "category", embedder=None).model

    outcome = do_train_and_maybe_promote(brand, "category", embedder=None, config=USELESS)

    assert not outcome.promoted
    assert "<" in outcome.reason
    assert TriageModel.objects.get(is_active=True) == good
    assert Event.objects.filter(verb="triage_model_trained", target_id=outcome.model.pk).exists()


def test_equal_model_is_promoted() -> None:
    brand = factories.brand()
    resolved_history(brand)
    do_train_and_maybe_promote(brand, "category", embedder=None)

    outcome = do_train_and_maybe_promote(brand, "category", embedder=None)

    assert outcome.promoted  # same data, same seed: same score, "at least as good"
    # and the same split: the whole slice is tickets the active model never trained on
    assert outcome.unseen_only and outcome.compared_on == 8


def test_broken_active_model_is_replaced_by_any_new_one() -> None:
    brand = factories.brand()
    resolved_history(brand)
    broken = do_train_and_maybe_promote(brand, "category", embedder=None).model
    TriageModel.objects.filter(pk=broken.pk).update(artefact=b"garbage")

    outcome = do_train_and_maybe_promote(brand, "category", embedder=None, config=USELESS)

    assert outcome.promoted and outcome.previous_macro_f1 == -1.0


def test_training_embeds_in_logged_batches() -> None:
    brand = factories.brand()
    resolved_history(brand)

    outcome = do_train_and_maybe_promote(brand, "category", embedder=HashingEmbedder())

    assert outcome.model.embedder_version == "fake-hashing/1"
    call = AiCall.objects.get(feature="triage.train.query")
    assert call.input_count == 40  # train part and held-out slice in one batch


def test_training_reads_only_the_brands_resolved_labelled_tickets() -> None:
    brand, other = factories.brand(), factories.brand()
    resolved_history(brand, per_class=3)
    resolved_history(other, per_class=3)
    factories.ticket(brand, subject="Toujours ouvert")  # open, no category

    texts, labels = training_examples(brand, "category")
    Ticket.objects.filter(brand=brand).update(status="open")

    assert len(texts) == len(labels) == 12
    assert texts[0].startswith("Bonjour, imprimante") and "Détails" in texts[0]
    assert training_examples(brand, "category") == ([], [])
    assert set(training_examples(brand, "priority")[1]) <= {"normal"}


def test_too_little_history_is_refused() -> None:
    brand = factories.brand()
    resolved_history(brand, per_class=1)

    with pytest.raises(NotEnoughData):
        do_train_and_maybe_promote(brand, "category", embedder=None)
    assert not TriageModel.objects.exists()


def test_unknown_target_is_refused() -> None:
    with pytest.raises(ActionError):
        do_train_and_maybe_promote(factories.brand(), "colour", embedder=None)


def test_only_admins_of_the_brand_may_train_by_hand() -> None:
    brand, other = factories.brand(), factories.brand()

    check_can_train(factories.agent("admin"), brand, "category")
    with pytest.raises(NotAllowed):
        check_can_train(factories.agent("agent"), brand, "category")
    with pytest.raises(NotAllowed):
        check_can_train(factories.agent("admin", brands=[other]), brand, "category")
