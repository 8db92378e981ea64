"""A brand with categories and a resolved ticket history, for action and predictor tests."""

from __future__ import annotations

from typing import Any

from guichet.brands.models import Brand, Category
from guichet.core.tests import factories
from guichet.tickets.models import Ticket
from guichet.triage.tests.data import TOPICS, examples

DESCRIPTIONS = {
    "printing": "Impression : imprimante, ordonnances, étiquettes, toner",
    "billing": "Facturation : factures, paiements, prélèvements, remboursements",
    "access": "Accès : mot de passe, connexion, identifiant, compte verrouillé",
    "delivery": "Livraison : colis, commandes, transporteur, retards",
}


def categories(brand: Brand) -> dict[str, Category]:
    return {
        slug: factories.category(
            brand, name=slug.title(), slug=slug, description=DESCRIPTIONS[slug]
        )
        for slug in TOPICS
    }


def resolved_history(brand: Brand, per_class: int = 10, **overrides: Any) -> dict[str, Category]:
    """`per_class` solved tickets per category; the subject and first message carry the topic."""
    by_slug = categories(brand)
    requester = factories.contact(brand)
    actor = factories.agent("admin")
    texts, labels = examples(per_class)
    for text, label in zip(texts, labels, strict=True):
        subject, _, rest = text.partition(" (")
        factories.ticket(brand, requester, actor=actor, subject=subject[:250], body=f"Détails ({rest}",
                         category=by_slug[label], **overrides)  # fmt: skip
    Ticket.objects.filter(brand=brand).update(status="solved")
    return by_slug
