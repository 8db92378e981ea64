"""What customers read for each ticket status (agents' wording differs)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

STATUS_LABELS = {
    "new": _("Reçue"),
    "open": _("En cours"),
    "pending": _("En attente de votre réponse"),
    "on_hold": _("En cours"),
    "solved": _("Résolue"),
    "closed": _("Fermée"),
}


def status_label(status: str) -> str:
    return str(STATUS_LABELS.get(status, status))
