"""Reads for triage: a ticket's current predictions, a brand's labelled history and its label
descriptions. See docs/triage.md."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, Subquery

from guichet.brands.models import Brand, Category
from guichet.tickets.models import Message, Status, Ticket
from guichet.triage.coldstart import LabelDescription
from guichet.triage.models import Target, TicketPrediction

RESOLVED = (Status.SOLVED, Status.CLOSED)
# The ticket field that holds each target's label.
LABEL_FIELD = {
    Target.CATEGORY: "category__slug",
    Target.PRIORITY: "priority",
    Target.TYPE: "type",
    Target.TIER: "tier",
}


def current_predictions(ticket_id: int) -> list[TicketPrediction]:
    """The ticket's current prediction per target (one query), in target order."""
    return list(
        TicketPrediction.objects.filter(ticket_id=ticket_id, is_current=True)
        .select_related("corrected_by")
        .order_by("target")
    )


def ticket_predictions(ticket_id: int) -> dict[str, tuple[str, float]]:
    """{target: (label, confidence)} of the ticket's current predictions; one query.

    Targets: "category" (the category's id as a string), "priority", "type", "tier",
    "language", "sentiment". An agent's correction wins, with confidence 1.0. A target with
    no prediction (triage has not run yet, or had no opinion) is absent.
    """
    rows = TicketPrediction.objects.filter(ticket_id=ticket_id, is_current=True).values_list(
        "target", "label", "confidence", "corrected_label"
    )
    found: dict[str, tuple[str, float]] = {}
    for target, label, confidence, corrected in rows:
        if corrected:
            found[target] = (corrected, 1.0)
        elif label:
            found[target] = (label, float(confidence))
    return found


def ticket_text(subject: str, body: str | None) -> str:
    """What triage reads: the subject, then the customer's first message."""
    return f"{subject}\n{body or ''}".strip()


def corrected_labels(brand: Brand, target: str) -> dict[int, str]:
    """{ticket id: label} that agents gave for `target` on the brand's tickets (the latest
    correction wins); category ids become slugs, as the classifiers learn slugs."""
    rows = (
        TicketPrediction.objects.filter(ticket__brand=brand, target=target)
        .exclude(corrected_label="")
        .order_by("corrected_at", "id")
        .values_list("ticket_id", "corrected_label")
    )
    found = dict(rows)
    if target == Target.CATEGORY and found:
        slugs = {
            str(pk): slug
            for pk, slug in Category.objects.filter(brand=brand).values_list("pk", "slug")
        }
        found = {ticket: slugs[label] for ticket, label in found.items() if label in slugs}
    return found


def training_examples(brand: Brand, target: str) -> tuple[list[str], list[str]]:
    """(texts, labels) of the brand's tickets labelled for `target`, oldest first
    (`training_tickets` without the ticket ids)."""
    _ids, texts, labels = training_tickets(brand, target)
    return texts, labels


def training_tickets(brand: Brand, target: str) -> tuple[list[int], list[str], list[str]]:
    """(ticket ids, texts, labels) of the brand's tickets labelled for `target`, oldest first.

    A ticket counts when it is resolved and has a value for the target, or when an agent
    corrected (or confirmed) its prediction for the target; the agent's label wins over the
    ticket's field. Three queries: corrections, category slugs, then the tickets, whose first
    customer message comes from a subquery. Merged tickets are left out (their text lives on
    in the ticket they were merged into).
    """
    field = LABEL_FIELD[Target(target)]
    corrections = corrected_labels(brand, target)
    first_message = (
        Message.objects.filter(ticket=OuterRef("pk"), kind=Message.Kind.CUSTOMER)
        .order_by("created_at", "id")
        .values("body_text")[:1]
    )
    labelled = Q(status__in=RESOLVED) & ~Q(**{f"{field}__isnull": True})
    if corrections:
        corrected = TicketPrediction.objects.filter(ticket=OuterRef("pk"), target=target)
        labelled |= Q(Exists(corrected.exclude(corrected_label="")))
    rows = (
        Ticket.objects.filter(labelled, brand=brand, merged_into__isnull=True)
        .annotate(first_body=Subquery(first_message))
        .order_by("created_at", "id")
        .values_list("pk", "subject", "first_body", field)
    )
    ids: list[int] = []
    texts: list[str] = []
    labels: list[str] = []
    for pk, subject, body, value in rows:
        label = corrections.get(pk, value)
        if label is None:  # corrected to a category deleted since
            continue
        ids.append(pk)
        texts.append(ticket_text(subject, body))
        labels.append(str(label))
    return ids, texts, labels


def category_descriptions(brand: Brand) -> list[LabelDescription]:
    """The brand's categories as labels (slug) with their path and description."""
    categories = Category.objects.filter(brand=brand).select_related("parent__parent")
    return [
        LabelDescription(
            category.slug,
            f"{category.path}. {category.description}".strip(),
            tuple(word for word in category.name.lower().split() if len(word) > 3),
        )
        for category in categories
    ]
