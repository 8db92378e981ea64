"""Triage of one text for a brand: the active model, or cold start when there is none or it
is broken. See docs/triage.md.

Loaded classifiers are kept in memory by model id (artefacts never change once written), so a
prediction reads one small row and runs in-process. Every prediction is logged as one AiCall.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from guichet.assistant.calls import record_ai_call
from guichet.assistant.models import AiCall
from guichet.assistant.providers.embeddings import Embedder
from guichet.brands.models import Brand, Category
from guichet.triage import coldstart
from guichet.triage.embedding import triage_embedder
from guichet.triage.language import Language, detect_language
from guichet.triage.model import ArtefactError, Prediction, TriageClassifier
from guichet.triage.models import Target, TriageModel
from guichet.triage.queries import category_descriptions
from guichet.triage.sentiment import Sentiment, analyse_sentiment

logger = logging.getLogger("guichet.triage")
_CACHE_SIZE = 32
_cache: OrderedDict[tuple[int, str], TriageClassifier] = OrderedDict()
_lock = threading.Lock()
DEFAULT = object()  # "use the configured embedder"


def load_classifier(row: TriageModel) -> TriageClassifier:
    """The classifier stored in `row`, from the in-process cache when already loaded."""
    key = (row.pk, row.created_at.isoformat())  # ids can be reused after a rollback
    with _lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    artefact = TriageModel.objects.filter(pk=row.pk).values_list("artefact", flat=True).first()
    classifier = TriageClassifier.loads(bytes(artefact or b""))
    with _lock:
        _cache[key] = classifier
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return classifier


def forget_loaded_models() -> None:
    with _lock:
        _cache.clear()


def active_model(brand: Brand, target: str) -> TriageModel | None:
    return (
        TriageModel.objects.filter(brand=brand, target=target, is_active=True)
        .defer("artefact", "metrics", "held_out_ids")
        .first()
    )


def cold_start(
    brand: Brand,
    target: str,
    text: str,
    embedder: Embedder | None,
    category: Prediction | None = None,
) -> Prediction:
    """`category`: the text's category prediction when the caller has it (the tier follows it)."""
    if target == Target.CATEGORY:
        return coldstart.predict_label(text, category_descriptions(brand), embedder)
    if target == Target.PRIORITY:
        return coldstart.predict_priority(text)
    if target == Target.TYPE:
        return coldstart.predict_type(text)
    if target == Target.TIER:
        return _usual_tier(brand, text, embedder, category)
    return Prediction(None, 0.0, "cold_start", coldstart.COLD_START_VERSION)


def _usual_tier(
    brand: Brand, text: str, embedder: Embedder | None, category: Prediction | None
) -> Prediction:
    """Without a tier model: the tier that usually handles the category the text is predicted
    to be in (`Category.default_tier`), as confident as that category prediction; no opinion
    when the category has none. The category is predicted here only when not given."""
    if category is None:
        row = active_model(brand, Target.CATEGORY)
        if row is not None:
            try:
                category = load_classifier(row).predict_one(text, embedder)
            except ArtefactError:
                category = None  # logged where the category itself is predicted
    if category is None:
        category = coldstart.predict_label(text, category_descriptions(brand), embedder)
    tier = None
    if category.label and category.label != "oos":
        found = Category.objects.filter(brand=brand, slug=category.label)
        tier = found.values_list("default_tier", flat=True).first()
    if tier is None:
        return Prediction(None, 0.0, "cold_start", coldstart.COLD_START_VERSION)
    return Prediction(str(tier), category.confidence, "cold_start", coldstart.COLD_START_VERSION)


def predict(
    brand: Brand,
    target: str,
    text: str,
    embedder: object = DEFAULT,
    category: Prediction | None = None,
) -> Prediction:
    """The active model's prediction, or the cold-start one (no model, or a broken one);
    `category`, the text's category prediction when the caller already has it, spares the
    tier's cold start predicting it again.

    A broken artefact is logged (warning + an AiCall with outcome "fallback"), never raised:
    triage must not stop a ticket from being created.
    """
    model: Embedder | None = triage_embedder() if embedder is DEFAULT else embedder  # type: ignore[assignment]
    started = time.perf_counter()
    row = active_model(brand, target)
    outcome, detail = AiCall.Outcome.OK, ""
    if row is None:
        prediction = cold_start(brand, target, text, model, category)
    else:
        try:
            prediction = load_classifier(row).predict_one(text, model)
            prediction = Prediction(
                prediction.label, prediction.confidence, "model", row.model_version,
                prediction.alternatives,
            )  # fmt: skip
        except ArtefactError as error:
            logger.warning("Triage model %s is unusable, cold start instead: %s", row.pk, error)
            outcome, detail = AiCall.Outcome.FALLBACK, f"{row.model_version}: {error}"
            prediction = cold_start(brand, target, text, model, category)
    record_ai_call(
        feature=f"triage.{target}",
        provider=prediction.source if model is None else f"{prediction.source}+{model.provider}",
        model_version=prediction.model_version,
        texts=[text],
        outcome=outcome,
        latency_ms=(time.perf_counter() - started) * 1000,
        detail=detail,
    )
    return prediction


class _EmbedOnce:
    """Wraps an embedder so that the same texts are embedded once per triage."""

    def __init__(self, inner: Embedder) -> None:
        self.inner, self.provider = inner, inner.provider
        self._memo: dict[tuple[bool, tuple[str, ...]], np.ndarray] = {}

    @property
    def model_version(self) -> str:
        return self.inner.model_version

    @property
    def dimension(self) -> int:
        return self.inner.dimension

    @property
    def primary_dimension(self) -> int | None:  # set when the inner embedder pairs two models
        return getattr(self.inner, "primary_dimension", None)

    def _get(self, texts: Sequence[str], query: bool) -> np.ndarray:
        key = (query, tuple(texts))
        if key not in self._memo:
            embed = self.inner.embed_queries if query else self.inner.embed_passages
            self._memo[key] = embed(texts)
        return self._memo[key]

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._get(texts, True)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._get(texts, False)


@dataclass(frozen=True)
class Triage:
    language: Language
    sentiment: Sentiment
    predictions: dict[str, Prediction] = field(default_factory=dict)


def triage_text(
    brand: Brand, text: str, targets: Sequence[str] = tuple(Target), embedder: object = DEFAULT
) -> Triage:
    """Language, sentiment and a prediction per target for one incoming text."""
    model: Embedder | None = triage_embedder() if embedder is DEFAULT else embedder  # type: ignore[assignment]
    shared = _EmbedOnce(model) if model is not None else None
    predictions: dict[str, Prediction] = {}
    for target in targets:  # the category (first in Target) is handed on to the tier
        category = predictions.get(Target.CATEGORY)
        predictions[str(target)] = predict(brand, str(target), text, shared, category)
    return Triage(
        language=detect_language(text, default=brand.default_language or "fr"),
        sentiment=analyse_sentiment(text),
        predictions=predictions,
    )
