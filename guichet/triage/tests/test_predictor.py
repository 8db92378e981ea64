"""Predicting for a brand: the active model, cold start, and fallback from a broken model."""

from __future__ import annotations

import pytest

from guichet.assistant.models import AiCall
from guichet.assistant.tests.fakes import HashingEmbedder
from guichet.brands.models import Category
from guichet.core.tests import factories
from guichet.triage.actions import do_train_and_maybe_promote
from guichet.triage.models import TriageModel
from guichet.triage.predictor import predict, triage_text
from guichet.triage.tests.history import categories, resolved_history

pytestmark = pytest.mark.django_db


def test_without_history_categories_come_from_their_descriptions() -> None:
    brand = factories.brand()
    categories(brand)

    prediction = predict(brand, "category", "Mon ordonnance ne s'imprime plus", None)

    assert (prediction.label, prediction.source) == ("printing", "cold_start")
    assert AiCall.objects.get().feature == "triage.category"


def test_without_history_priority_comes_from_rules() -> None:
    prediction = predict(factories.brand(), "priority", "URGENT : plus rien ne fonctionne", None)

    assert (prediction.label, prediction.source) == ("urgent", "rules")


def test_without_a_tier_model_the_tier_is_the_predicted_categorys_usual_one() -> None:
    brand = factories.brand()
    categories(brand)
    Category.objects.filter(brand=brand, slug="printing").update(default_tier=2)

    prediction = predict(brand, "tier", "Mon ordonnance ne s'imprime plus", None)
    category = predict(brand, "category", "Mon ordonnance ne s'imprime plus", None)

    assert (prediction.label, prediction.source) == ("2", "cold_start")
    assert prediction.confidence == category.confidence > 0
    # a category without a usual tier gives no opinion
    assert predict(brand, "tier", "facture en double", None).label is None


def test_with_a_category_model_the_cold_start_tier_follows_its_answer() -> None:
    brand = factories.brand()
    resolved_history(brand)
    do_train_and_maybe_promote(brand, "category", embedder=None)
    Category.objects.filter(brand=brand, slug="billing").update(default_tier=1)

    assert predict(brand, "tier", "facture en double", None).label == "1"


def test_active_model_answers_with_its_version() -> None:
    brand = factories.brand()
    resolved_history(brand)
    model = do_train_and_maybe_promote(brand, "category", embedder=None).model

    prediction = predict(brand, "category", "facture en double", None)

    assert (prediction.label, prediction.source) == ("billing", "model")
    assert prediction.model_version == model.model_version == "triage:category:v1"


def test_corrupt_model_falls_back_to_cold_start_and_is_logged(
    caplog: pytest.LogCaptureFixture,
) -> None:
    brand = factories.brand()
    resolved_history(brand)
    model = do_train_and_maybe_promote(brand, "category", embedder=None).model
    TriageModel.objects.filter(pk=model.pk).update(artefact=b"\x00" * 10)

    prediction = predict(brand, "category", "colis perdu par le transporteur", None)

    assert (prediction.label, prediction.source) == ("delivery", "cold_start")
    call = AiCall.objects.get(feature="triage.category")
    assert call.outcome == AiCall.Outcome.FALLBACK and "triage:category:v1" in call.detail
    assert "unusable" in caplog.text


def test_model_trained_with_embeddings_still_answers_without_embedder() -> None:
    brand = factories.brand()
    resolved_history(brand)
    do_train_and_maybe_promote(brand, "category", embedder=HashingEmbedder())

    assert predict(brand, "category", "mot de passe oublié", None).label == "access"


def test_triage_text_gives_language_sentiment_and_each_target() -> None:
    brand = factories.brand()
    categories(brand)
    embedder = HashingEmbedder()

    text = "C'est inadmissible, mes factures et paiements sont en double !!"
    result = triage_text(brand, text, embedder=embedder)

    assert result.language.code == "fr"
    assert result.sentiment.label == "negative" and result.sentiment.anger > 0
    assert set(result.predictions) == {"category", "priority", "type", "tier"}
    assert result.predictions["category"].label == "billing"
    assert result.predictions["type"].label == "complaint"
    assert result.predictions["tier"].label is None
    assert embedder.calls.count(("query", 1)) == 1  # the text is embedded once for all targets


def test_triage_hands_the_category_to_the_tier_cold_start(monkeypatch) -> None:
    from guichet.triage import predictor

    brand = factories.brand()
    categories(brand)
    Category.objects.filter(brand=brand, slug="billing").update(default_tier=1)
    calls = []
    real = predictor.coldstart.predict_label

    def counted(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(predictor.coldstart, "predict_label", counted)

    result = triage_text(brand, "mes factures sont en double", embedder=HashingEmbedder())

    assert result.predictions["category"].label == "billing"
    assert result.predictions["tier"].label == "1"
    assert len(calls) == 1  # the category, predicted once for both targets
