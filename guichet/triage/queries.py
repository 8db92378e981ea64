"""Reads for triage: a brand's labelled history and its label descriptions. See docs/triage.md."""

from __future__ import annotations

from django.db.models import OuterRef, Subquery

from guichet.brands.models import Brand, Category
from guichet.tickets.models import Message, Status, Ticket
from guichet.triage.coldstart import LabelDescription
from guichet.triage.models import Target

RESOLVED = (Status.SOLVED, Status.CLOSED)
# The ticket field that holds each target's label.
LABEL_FIELD = {
    Target.CATEGORY: "category__slug",
    Target.PRIORITY: "priority",
    Target.TYPE: "type",
    Target.TIER: "tier",
}


def ticket_text(subject: str, body: str | None) -> str:
    """What triage reads: the subject, then the customer's first message."""
    return f"{subject}\n{body or ''}".strip()


def training_examples(brand: Brand, target: str) -> tuple[list[str], list[str]]:
    """(texts, labels) of the brand's resolved tickets that have a label for `target`.

    One query: the first customer message comes from a subquery. Merged tickets are left out
    (their text lives on in the ticket they were merged into).
    """
    field = LABEL_FIELD[Target(target)]
    first_message = (
        Message.objects.filter(ticket=OuterRef("pk"), kind=Message.Kind.CUSTOMER)
        .order_by("created_at", "id")
        .values("body_text")[:1]
    )
    rows = (
        Ticket.objects.filter(brand=brand, status__in=RESOLVED, merged_into__isnull=True)
        .exclude(**{f"{field}__isnull": True})
        .annotate(first_body=Subquery(first_message))
        .order_by("created_at", "id")
        .values_list("subject", "first_body", field)
    )
    texts, labels = [], []
    for subject, body, label in rows:
        texts.append(ticket_text(subject, body))
        labels.append(str(label))
    return texts, labels


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
