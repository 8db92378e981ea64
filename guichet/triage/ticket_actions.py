"""Triage of tickets: storing predictions, applying confident ones, agents' corrections.

See docs/triage.md. The job (guichet.triage.tasks.triage_ticket) calls `do_triage_ticket`
after the ticket or message was committed; it never raises: a missing or broken model means
cold start, and anything else means language and sentiment only.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from guichet.audit.actions import record_event
from guichet.brands.models import Brand, Category
from guichet.core import access
from guichet.core.errors import ActionError
from guichet.people.models import Tier
from guichet.sla.system import system_actor
from guichet.tickets.actions import do_update_ticket
from guichet.tickets.models import Message, Priority, Ticket, TicketType
from guichet.triage.language import detect_language
from guichet.triage.models import PredictionTarget, Target, TicketPrediction
from guichet.triage.predictor import Triage, triage_text
from guichet.triage.queries import ticket_text
from guichet.triage.sentiment import analyse_sentiment

logger = logging.getLogger("guichet.triage")
SENTIMENTS = ("negative", "neutral", "positive")
PRIORITY_RANK = {value: rank for rank, value in enumerate(Priority.values)}
_LANGUAGE = re.compile(r"^[a-z]{2,3}(-[a-z0-9]{2,8})?$")


@dataclass(frozen=True)
class TriageInput:
    ticket: Ticket
    message_id: int | None
    text: str
    first: bool  # the ticket's first customer message: every target is predicted


def triage_input(ticket_id: int, message_id: int | None) -> TriageInput | None:
    """What to triage: the subject and first message for a new ticket, else the message."""
    ticket = Ticket.objects.select_related("brand").filter(pk=ticket_id).first()
    if ticket is None:
        return None
    customer = Message.objects.filter(ticket_id=ticket_id, kind=Message.Kind.CUSTOMER)
    first = customer.order_by("created_at", "id").values_list("pk", "body_text").first()
    if message_id is None or (first is not None and first[0] == message_id):
        body = first[1] if first else ""
        return TriageInput(
            ticket, first[0] if first else None, ticket_text(ticket.subject, body), True
        )
    later = customer.filter(pk=message_id).values_list("body_text", flat=True).first()
    if later is None:
        return None
    return TriageInput(ticket, message_id, later, False)


def run_triage(brand: Brand, text: str, targets: Sequence[str]) -> Triage:
    """triage_text, degrading instead of failing: without the embedder, then without models."""
    try:
        return triage_text(brand, text, targets)
    except Exception:
        logger.exception("Triage failed for brand %s; retrying without embeddings", brand.pk)
    try:
        return triage_text(brand, text, targets, embedder=None)
    except Exception:
        logger.exception("Triage failed for brand %s; language and sentiment only", brand.pk)
    return Triage(detect_language(text, default=brand.default_language or "fr"),
                  analyse_sentiment(text), {})  # fmt: skip


def sentiment_confidence(label: str, score: float) -> float:
    """How sure the lexicon is: far from the neutral band for a polarity, close to 0 else."""
    if label == "neutral":
        return round(max(0.0, 1.0 - 2 * abs(score)), 3)
    return round(min(1.0, 0.5 + abs(score) / 2), 3)


def prediction_rows(
    item: TriageInput, triage: Triage, category_ids: dict[str, int]
) -> list[TicketPrediction]:
    """Unsaved rows for a triage; category labels (slugs) become category ids."""
    ticket, sentiment = item.ticket, triage.sentiment
    common = {"ticket": ticket, "message_id": item.message_id}
    rows = [
        TicketPrediction(target=PredictionTarget.LANGUAGE, label=triage.language.code,
                         confidence=triage.language.confidence, source="rules",
                         model_version="language/1", **common),
        TicketPrediction(target=PredictionTarget.SENTIMENT, label=sentiment.label,
                         confidence=sentiment_confidence(sentiment.label, sentiment.score),
                         score=sentiment.score, source="rules", model_version="sentiment/1",
                         cues=list(sentiment.cues)[:20], **common),
    ]  # fmt: skip
    for target, prediction in triage.predictions.items():
        label = prediction.label or ""
        if label == "oos":  # "hand this to a human": no opinion on the label
            label = ""
        if target == Target.CATEGORY and label:
            label = str(category_ids[label]) if label in category_ids else ""
        rows.append(
            TicketPrediction(
                target=target,
                label=label[:100],
                confidence=round(prediction.confidence, 4),
                source=prediction.source[:20],
                model_version=prediction.model_version[:120],
                cues=[[alt, round(p, 4)] for alt, p in prediction.alternatives[:3]],
                **common,
            )  # fmt: skip
        )
    return rows


@transaction.atomic
def do_store_predictions(item: TriageInput, rows: list[TicketPrediction]) -> list[TicketPrediction]:
    """Store the rows as the ticket's current predictions (once per message)."""
    ticket = Ticket.objects.select_for_update().filter(pk=item.ticket.pk).first()
    if ticket is None:
        return []
    done = TicketPrediction.objects.filter(ticket=ticket, message_id__isnull=False)
    if item.message_id is not None and done.filter(message_id=item.message_id).exists():
        return []  # the job ran twice
    targets = [row.target for row in rows]
    TicketPrediction.objects.filter(ticket=ticket, target__in=targets, is_current=True).update(
        is_current=False
    )
    return TicketPrediction.objects.bulk_create(rows)


def apply_thresholds() -> dict[str, float]:
    """settings.GUICHET_TRIAGE["APPLY"]: "category=0.8,priority=0.9" or a dict; {} is off."""
    raw: Any = getattr(settings, "GUICHET_TRIAGE", {}).get("APPLY") or {}
    if isinstance(raw, str):
        pairs = [item.split("=", 1) for item in raw.split(",") if "=" in item]
        raw = {key.strip(): value for key, value in pairs}
    return {str(key): float(value) for key, value in raw.items() if key in PredictionTarget}


def field_changes(ticket: Ticket, rows: Sequence[TicketPrediction]) -> dict[str, Any]:
    """The ticket fields that confident predictions fill in, conservatively: an empty category,
    the default type, the language, and a priority or tier only ever raised."""
    thresholds = apply_thresholds()
    changes: dict[str, Any] = {}
    for row in rows:
        minimum = thresholds.get(row.target)
        if minimum is None or not row.label or row.confidence < minimum:
            continue
        if row.target == "category" and ticket.category_id is None:
            changes["category_id"] = int(row.label)
        elif row.target == "type" and ticket.type == TicketType.QUESTION:
            changes["type"] = row.label
        elif row.target == "language" and ticket.language != row.label:
            changes["language"] = row.label
        elif row.target == "priority" and PRIORITY_RANK.get(row.label, -1) > PRIORITY_RANK.get(
            ticket.priority, 0
        ):
            changes["priority"] = row.label
        elif row.target == "tier" and row.label.isdigit() and int(row.label) > ticket.tier:
            changes["tier"] = int(row.label)
    return changes


def apply_predictions(ticket_id: int, rows: Sequence[TicketPrediction]) -> dict[str, Any]:
    """Set the fields of `field_changes` through do_update_ticket as the system actor (so SLA,
    routing and the audit trail see an ordinary change); a refusal is logged, never raised."""
    ticket = Ticket.objects.select_related("brand").filter(pk=ticket_id).first()
    changes = field_changes(ticket, rows) if ticket is not None else {}
    if ticket is None or not changes:
        return {}
    if "category_id" in changes:
        category = Category.objects.filter(brand=ticket.brand, pk=changes.pop("category_id"))
        changes["category"] = category.first()
        if changes["category"] is None:
            del changes["category"]
    try:
        do_update_ticket(system_actor(), ticket, **changes)
    except ActionError as error:
        logger.info("Triage left ticket %s unchanged: %s", ticket_id, error.message)
        return {}
    return changes


def do_triage_ticket(ticket_id: int, message_id: int | None = None) -> list[TicketPrediction]:
    """Triage a new ticket (every target) or a later customer message (language, sentiment),
    store the predictions, then let routing act on them."""
    item = triage_input(ticket_id, message_id)
    if item is None:
        return []
    brand = item.ticket.brand
    targets = list(Target.values) if item.first else []
    triage = run_triage(brand, item.text, targets)
    category_ids = (
        dict(Category.objects.filter(brand=brand).values_list("slug", "pk")) if item.first else {}
    )
    stored = do_store_predictions(item, prediction_rows(item, triage, category_ids))
    if stored and item.first:
        apply_predictions(ticket_id, stored)
    if stored:
        route(ticket_id)
    return stored


def route(ticket_id: int) -> None:
    """Hand over to routing; its failure is logged, never the triage job's."""
    try:
        from guichet.routing.actions import route_after_triage
    except ImportError:  # routing not installed
        return
    try:
        route_after_triage(ticket_id)
    except Exception:
        logger.exception("Routing after triage failed for ticket %s", ticket_id)


# --- Corrections ------------------------------------------------------------------------


def allowed_labels(prediction: TicketPrediction) -> list[tuple[str, str]]:
    """(value, name) an agent may choose for this prediction's target."""
    target = prediction.target
    if target == PredictionTarget.CATEGORY:
        categories = Category.objects.filter(brand_id=prediction.ticket.brand_id)
        return [(str(c.pk), c.path) for c in categories.select_related("parent__parent")]
    if target == PredictionTarget.PRIORITY:
        return [(str(v), str(n)) for v, n in Priority.choices]
    if target == PredictionTarget.TYPE:
        return [(str(v), str(n)) for v, n in TicketType.choices]
    if target == PredictionTarget.TIER:
        return [(str(v), str(n)) for v, n in Tier.choices]
    if target == PredictionTarget.SENTIMENT:
        return [(s, s) for s in SENTIMENTS]
    return [(code, str(name)) for code, name in settings.LANGUAGES]


def check_correction(actor: Any, prediction: TicketPrediction, label: Any) -> str:
    """Agents who may update the ticket may correct its predictions, to an allowed label."""
    access.require_ticket(actor, prediction.ticket, "ticket.update")
    value = str(label or "").strip()
    if prediction.target == PredictionTarget.LANGUAGE:
        if not _LANGUAGE.match(value.lower()):
            raise ActionError("Unknown language code.", field="label")
        return value.lower()
    if value not in {choice for choice, _name in allowed_labels(prediction)}:
        raise ActionError("This label is not allowed here.", field="label")
    return value


@transaction.atomic
def do_correct_prediction(actor: Any, prediction: TicketPrediction, label: Any) -> TicketPrediction:
    """Record an agent's label for a prediction (a confirmation counts too: both become
    training data), with an audit event on the ticket."""
    value = check_correction(actor, prediction, label)
    prediction = TicketPrediction.objects.select_for_update().get(pk=prediction.pk)
    before = prediction.current_label
    prediction.corrected_label = value
    prediction.corrected_by = actor
    prediction.corrected_at = timezone.now()
    prediction.save(update_fields=["corrected_label", "corrected_by", "corrected_at"])
    record_event(
        actor, "triage_corrected", prediction, ticket=prediction.ticket,
        changes=[{"field": prediction.target, "old": before, "new": value}],
        data={"model_version": prediction.model_version, "predicted": prediction.label},
    )  # fmt: skip
    return prediction
