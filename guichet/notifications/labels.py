"""What each kind of notification is called, in the reader's language."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

KIND_LABELS: dict[str, Any] = {
    "assigned": _("Assignation"),
    "mentioned": _("Mention"),
    "customer_replied": _("Réponse client"),
    "escalated": _("Escalade"),
    "sla_warning": _("SLA bientôt dépassé"),
    "sla_breached": _("SLA dépassé"),
    "sla_escalation": _("Règle d'escalade"),
    "paged": _("Appel d'astreinte"),
}


def kind_label(kind: str) -> str:
    """The label of a kind (an unknown kind shows as its code)."""
    return str(KIND_LABELS.get(kind, kind))
