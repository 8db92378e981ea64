"""Training triage models and promoting the good ones. See docs/triage.md."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from guichet.assistant.calls import LoggedEmbedder
from guichet.assistant.providers.embeddings import Embedder, get_embedder
from guichet.audit.actions import record_event
from guichet.brands.models import Brand
from guichet.core import access
from guichet.core.errors import ActionError
from guichet.jobs.enqueue import on_commit
from guichet.triage.evaluation import evaluate
from guichet.triage.model import ArtefactError
from guichet.triage.models import Target, TriageModel
from guichet.triage.predictor import DEFAULT, load_classifier
from guichet.triage.queries import training_examples
from guichet.triage.training import NotEnoughData, TrainConfig, stratified_split, train_classifier

logger = logging.getLogger("guichet.triage")


@dataclass(frozen=True)
class TrainingOutcome:
    model: TriageModel
    promoted: bool
    reason: str
    previous_macro_f1: float | None  # the active model's score on the same held-out slice


def check_can_train(actor: Any, brand: Brand, target: str) -> None:
    """Admins of the brand may retrain its models by hand (jobs and commands act as system)."""
    access.require(actor, "settings.manage")
    access.require_brand(actor, brand.pk)
    if target not in Target.values:
        raise ActionError(f"Unknown triage target {target!r}.", field="target")


def _score_active(
    active: TriageModel | None, texts: list[str], labels: list[str], embedder: Embedder | None
) -> float | None:
    """The active model's macro-F1 on the held-out slice; -1 when it cannot be loaded."""
    if active is None:
        return None
    try:
        classifier = load_classifier(active)
    except ArtefactError as error:
        logger.warning("Active triage model %s is unusable: %s", active.pk, error)
        return -1.0
    predicted = [p.label or "" for p in classifier.predict(texts, embedder)]
    return float(evaluate(labels, predicted)["macro_f1"])


def do_train_and_maybe_promote(
    brand: Brand,
    target: str,
    *,
    embedder: object = DEFAULT,
    config: TrainConfig | None = None,
) -> TrainingOutcome:
    """Train on the brand's resolved tickets; promote if at least as good as the active model.

    1. Read (text, label) pairs; hold out a stratified slice (`config.holdout`).
    2. Train on the rest (calibration and threshold on the slice), score the new model there.
    3. Score the active model on the same slice (a broken one scores -1).
    4. Store the new model; make it the active one if its macro-F1 is >= the active one's.
    """
    if target not in Target.values:
        raise ActionError(f"Unknown triage target {target!r}.", field="target")
    config = config or TrainConfig()
    model: Embedder | None = get_embedder() if embedder is DEFAULT else embedder  # type: ignore[assignment]
    texts, labels = training_examples(brand, target)
    train_idx, held_idx = stratified_split(labels, config.holdout, config.seed)
    if len(held_idx) == 0 or len(train_idx) < config.min_examples:
        raise NotEnoughData(f"{len(labels)} labelled tickets for {target}: not enough to train")
    logged = LoggedEmbedder(model, "triage.train") if model is not None else None
    result = train_classifier(
        [texts[i] for i in train_idx],
        [labels[i] for i in train_idx],
        embedder=logged,
        val_texts=[texts[i] for i in held_idx],
        val_labels=[labels[i] for i in held_idx],
        config=config,
    )
    held_texts, held_labels = [texts[i] for i in held_idx], [labels[i] for i in held_idx]
    active = TriageModel.objects.filter(brand=brand, target=target, is_active=True).first()
    previous = _score_active(active, held_texts, held_labels, model)
    score = float(result.metrics.get("macro_f1", 0.0))
    promote = previous is None or score >= previous
    return _store(brand, target, result, promote, previous, score)


def _store(
    brand: Brand, target: str, result: Any, promote: bool, previous: float | None, score: float
) -> TrainingOutcome:
    classifier = result.classifier
    with transaction.atomic():
        latest = TriageModel.objects.filter(brand=brand, target=target).aggregate(Max("version"))
        now = timezone.now()
        if promote:
            TriageModel.objects.filter(brand=brand, target=target, is_active=True).update(
                is_active=False
            )
        row = TriageModel.objects.create(
            brand=brand,
            target=target,
            version=(latest["version__max"] or 0) + 1,
            algorithm=classifier.version_label[:120],
            embedder_version=classifier.embedder_version,
            metrics=result.metrics,
            n_train=result.n_train,
            n_validation=result.n_validation,
            train_seconds=round(result.seconds, 2),
            artefact=classifier.dumps(),
            is_active=promote,
            promoted_at=now if promote else None,
        )
        if previous is None:
            reason = "first model"
        elif promote:
            reason = f"macro-F1 {score:.4f} >= active {previous:.4f}"
        else:
            reason = f"macro-F1 {score:.4f} < active {previous:.4f}"
        if promote:  # the open tickets' predictions come from the model (or rules) before it
            from guichet.triage.tasks import refresh_predictions

            on_commit(refresh_predictions, brand.pk, target)
        verb = "triage_model_promoted" if promote else "triage_model_trained"
        record_event(None, verb, row, data={"target": target, "macro_f1": score,
                                            "previous_macro_f1": previous, "reason": reason})  # fmt: skip
    return TrainingOutcome(row, promote, reason, previous)
