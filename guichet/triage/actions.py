"""Training triage models and promoting the good ones. See docs/triage.md."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from guichet.assistant.calls import LoggedEmbedder
from guichet.assistant.providers.embeddings import Embedder
from guichet.audit.actions import record_event
from guichet.brands.models import Brand
from guichet.core import access
from guichet.core.errors import ActionError
from guichet.jobs.enqueue import on_commit
from guichet.triage.comparison import ComparisonSlice, comparison_slice
from guichet.triage.embedding import triage_embedder
from guichet.triage.evaluation import evaluate
from guichet.triage.model import ArtefactError, TriageClassifier
from guichet.triage.models import Target, TriageModel
from guichet.triage.predictor import DEFAULT, load_classifier
from guichet.triage.queries import training_tickets
from guichet.triage.training import NotEnoughData, TrainConfig, stratified_split, train_classifier

logger = logging.getLogger("guichet.triage")


@dataclass(frozen=True)
class TrainingOutcome:
    model: TriageModel
    promoted: bool
    reason: str
    previous_macro_f1: float | None  # the active model's score on the compared tickets
    compared_macro_f1: float | None = None  # the new model's score on the same tickets
    compared_on: int = 0  # how many held-out tickets both were scored on (0: no active model)
    unseen_only: bool = False  # True when none of them was training data of the active model


@dataclass(frozen=True)
class _Decision:
    score: float  # the new model's macro-F1 on the compared tickets
    previous: float | None  # the active model's (None: there is none; -1: broken)
    chosen: ComparisonSlice | None

    @property
    def promote(self) -> bool:
        return self.previous is None or self.score >= self.previous  # ties promote

    @property
    def reason(self) -> str:
        if self.previous is None or self.chosen is None:
            return "first model"
        sign = ">=" if self.promote else "<"
        return f"macro-F1 {self.score:.4f} {sign} active {self.previous:.4f} {self.chosen.note}"


def check_can_train(actor: Any, brand: Brand, target: str) -> None:
    """Admins of the brand may retrain its models by hand (jobs and commands act as system)."""
    access.require(actor, "settings.manage")
    access.require_brand(actor, brand.pk)
    if target not in Target.values:
        raise ActionError(f"Unknown triage target {target!r}.", field="target")


def _macro_f1(
    classifier: TriageClassifier, texts: list[str], labels: list[str], embedder: Embedder | None
) -> float:
    predicted = [p.label or "" for p in classifier.predict(texts, embedder)]
    return float(evaluate(labels, predicted)["macro_f1"])


def _score_active(
    active: TriageModel | None, texts: list[str], labels: list[str], embedder: Embedder | None
) -> float | None:
    """The active model's macro-F1 on the given held-out tickets; -1 when it cannot be loaded."""
    if active is None:
        return None
    try:
        classifier = load_classifier(active)
    except ArtefactError as error:
        logger.warning("Active triage model %s is unusable: %s", active.pk, error)
        return -1.0
    return _macro_f1(classifier, texts, labels, embedder)


def _compare(
    active: TriageModel | None,
    result: Any,
    held: tuple[list[int], list[str], list[str]],
    embedder: Embedder | None,
) -> _Decision:
    """Score both models on the same held-out tickets, those the active one never trained on
    when there are enough of them (guichet.triage.comparison)."""
    score = float(result.metrics.get("macro_f1", 0.0))  # on the whole slice
    if active is None:
        return _Decision(score, None, None)
    ids, texts, labels = held
    chosen = comparison_slice(ids, labels, active.held_out_ticket_ids, active.trained_through_id)
    texts, labels = [texts[i] for i in chosen.positions], [labels[i] for i in chosen.positions]
    previous = _score_active(active, texts, labels, embedder)
    if len(chosen.positions) < len(ids):  # a part of the slice: the new model is scored there too
        score = _macro_f1(result.classifier, texts, labels, embedder)
    return _Decision(score, previous, chosen)


def do_train_and_maybe_promote(
    brand: Brand,
    target: str,
    *,
    embedder: object = DEFAULT,
    config: TrainConfig | None = None,
) -> TrainingOutcome:
    """Train on the brand's resolved tickets; promote if at least as good as the active model.

    1. Read (ticket id, text, label); hold out a stratified slice (`config.holdout`).
    2. Train on the rest (calibration and threshold on the slice), score the new model there.
    3. Compare on the held-out tickets the active model never trained on, both models scored
       there; the whole slice when too few of them or nothing recorded (`comparison_slice`).
       A broken active model scores -1.
    4. Store the new model with its held-out ticket ids and newest training ticket; make it
       the active one if its macro-F1 is >= the active one's.
    """
    if target not in Target.values:
        raise ActionError(f"Unknown triage target {target!r}.", field="target")
    config = config or TrainConfig()
    model: Embedder | None = triage_embedder() if embedder is DEFAULT else embedder  # type: ignore[assignment]
    ids, texts, labels = training_tickets(brand, target)
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
    held_ids = [ids[i] for i in held_idx]
    held = (held_ids, [texts[i] for i in held_idx], [labels[i] for i in held_idx])
    active = TriageModel.objects.filter(brand=brand, target=target, is_active=True).first()
    decision = _compare(active, result, held, model)
    seen = (TriageModel.encode_ids(held_ids), max(ids[i] for i in train_idx))
    return _store(brand, target, result, decision, seen)


def _store(
    brand: Brand, target: str, result: Any, decision: _Decision, seen: tuple[bytes, int]
) -> TrainingOutcome:
    """Store the new model (with the tickets it did not train on), promote it if it won."""
    classifier, promote, reason = result.classifier, decision.promote, decision.reason
    chosen = decision.chosen
    compared_on = len(chosen.positions) if chosen is not None else 0
    unseen_only = chosen is not None and chosen.unseen_only
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
            held_out_ids=seen[0],
            trained_through_id=seen[1],
            is_active=promote,
            promoted_at=now if promote else None,
        )
        if promote:  # the open tickets' predictions come from the model (or rules) before it
            from guichet.triage.tasks import refresh_predictions

            on_commit(refresh_predictions, brand.pk, target)
        verb = "triage_model_promoted" if promote else "triage_model_trained"
        record_event(None, verb, row, data={
            "target": target, "macro_f1": row.macro_f1, "compared_macro_f1": decision.score,
            "previous_macro_f1": decision.previous, "compared_on": compared_on,
            "unseen_only": unseen_only, "reason": reason})  # fmt: skip
    return TrainingOutcome(
        row, promote, reason, decision.previous, decision.score, compared_on, unseen_only
    )
