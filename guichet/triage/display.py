"""What agents see of triage: a ticket's predictions in words, the queue's marks.

See docs/triage.md ("In the workspace"). Each function costs a fixed number of queries.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from guichet.brands.models import Category
from guichet.triage.models import PredictionTarget, TicketPrediction
from guichet.triage.queries import current_predictions
from guichet.workspace.labels import label as ticket_label

TARGET_NAMES: dict[str, Any] = {
    "category": _("Catégorie"),
    "priority": _("Priorité"),
    "type": _("Type"),
    "tier": _("Niveau"),
    "language": _("Langue"),
    "sentiment": _("Ressenti"),
}
SENTIMENT_NAMES: dict[str, Any] = {
    "negative": pgettext_lazy("sentiment", "Négatif"),
    "neutral": pgettext_lazy("sentiment", "Neutre"),
    "positive": pgettext_lazy("sentiment", "Positif"),
}
SENTIMENT_BADGES = {
    "negative": "badge-status-open",
    "neutral": "badge-status-closed",
    "positive": "badge-status-solved",
}
# The order of the card: what decides routing first.
ORDER = ["category", "priority", "type", "tier", "sentiment", "language"]
URGENT = {"urgent", "high"}
QUEUE_MIN_CONFIDENCE = 0.5


@dataclass
class PredictionView:
    prediction: TicketPrediction
    name: Any
    label: str
    label_name: Any
    percent: int
    choices: list[tuple[str, Any]] = field(default_factory=list)

    @property
    def badge(self) -> str:
        if self.prediction.target == PredictionTarget.SENTIMENT:
            return SENTIMENT_BADGES.get(self.label, "")
        return ""


def label_name(target: str, value: str, categories: dict[str, str]) -> Any:
    if not value:
        return _("sans avis")
    if target == PredictionTarget.CATEGORY:
        return categories.get(value, value)
    if target == PredictionTarget.SENTIMENT:
        return SENTIMENT_NAMES.get(value, value)
    if target == PredictionTarget.LANGUAGE:
        return dict(settings.LANGUAGES).get(value, value.upper())
    return ticket_label(target, value)


def choices_for(target: str, categories: dict[str, str]) -> list[tuple[str, Any]]:
    """What an agent may pick when correcting `target`."""
    if target == PredictionTarget.CATEGORY:
        return list(categories.items())
    if target == PredictionTarget.SENTIMENT:
        return list(SENTIMENT_NAMES.items())
    if target == PredictionTarget.LANGUAGE:
        return [(code, name) for code, name in settings.LANGUAGES]
    values = {"priority": ["low", "normal", "high", "urgent"],
              "type": ["question", "incident", "problem", "request", "complaint"],
              "tier": ["0", "1", "2", "3", "4"]}[target]  # fmt: skip
    return [(value, ticket_label(target, value)) for value in values]


def brand_categories(brand_id: int) -> dict[str, str]:
    """{category id: path} of a brand (one query)."""
    rows = Category.objects.filter(brand_id=brand_id).select_related("parent__parent")
    return {str(category.pk): category.path for category in rows}


def prediction_view(row: TicketPrediction, categories: dict[str, str]) -> PredictionView:
    value = row.current_label
    name = label_name(row.target, value, categories)
    choices = choices_for(row.target, categories)
    if value and value not in dict(choices):  # e.g. a language outside settings.LANGUAGES
        choices.insert(0, (value, name))
    return PredictionView(
        prediction=row,
        name=TARGET_NAMES.get(row.target, row.target),
        label=value,
        label_name=name,
        percent=round(row.current_confidence * 100),
        choices=choices,
    )


def ticket_triage(ticket: Any) -> list[PredictionView]:
    """The ticket's current predictions in card order (two queries)."""
    rows = current_predictions(ticket.pk)
    categories = brand_categories(ticket.brand_id) if rows else {}
    rows.sort(key=lambda row: ORDER.index(row.target) if row.target in ORDER else len(ORDER))
    return [prediction_view(row, categories) for row in rows]


@dataclass(frozen=True)
class QueueMark:
    sentiment: str = ""
    urgent: bool = False

    @property
    def sentiment_name(self) -> Any:
        return SENTIMENT_NAMES.get(self.sentiment, "")


def queue_marks(ticket_ids: Iterable[int]) -> dict[int, QueueMark]:
    """{ticket id: mark} for a queue page: a negative mood and a predicted urgency (one query).

    Corrections win; a prediction counts when at least QUEUE_MIN_CONFIDENCE sure.
    """
    rows = TicketPrediction.objects.filter(
        ticket_id__in=list(ticket_ids), is_current=True, target__in=["sentiment", "priority"]
    ).values_list("ticket_id", "target", "label", "confidence", "corrected_label")
    found: dict[int, dict[str, Any]] = {}
    for ticket_id, target, label, confidence, corrected in rows:
        value = corrected or (label if confidence >= QUEUE_MIN_CONFIDENCE else "")
        mark = found.setdefault(ticket_id, {})
        if target == "sentiment" and value == "negative":
            mark["sentiment"] = value
        elif target == "priority" and value in URGENT:
            mark["urgent"] = True
    return {ticket_id: QueueMark(**mark) for ticket_id, mark in found.items() if mark}
