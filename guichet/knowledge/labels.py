"""French-first labels for the knowledge base's choices (model choices stay English)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

STATE_LABELS = [
    ("draft", _("Brouillon")),
    ("review", _("En relecture")),
    ("published", _("Publié")),
    ("archived", _("Archivé")),
]
VISIBILITY_LABELS = [
    ("public", _("Public")),
    ("customers", _("Clients connectés")),
    ("internal", _("Interne (agents)")),
]
SHAPE_LABELS = [
    ("free", _("Libre")),
    ("task", _("Tâche (pas à pas)")),
    ("symptom", _("Symptôme → résolution")),
    ("faq", _("FAQ")),
]
TRANSITION_LABELS = {
    "submit": _("Soumettre à relecture"),
    "request_changes": _("Renvoyer en brouillon"),
    "publish": _("Publier"),
    "unpublish": _("Dépublier"),
    "archive": _("Archiver"),
    "reopen": _("Rouvrir en brouillon"),
}
OUTCOME_LABELS = {
    "pending": _("En attente"),
    "deflected": _("Évité"),
    "ticket": _("Ticket envoyé"),
    "abandoned": _("Abandon"),
}


def label(kind: str, value: str) -> str:
    table = {
        "state": dict(STATE_LABELS),
        "visibility": dict(VISIBILITY_LABELS),
        "shape": dict(SHAPE_LABELS),
        "transition": TRANSITION_LABELS,
        "outcome": OUTCOME_LABELS,
    }.get(kind, {})
    return str(table.get(value, value))


# Shown by the workspace templates (links into the knowledge base); kept in this app's catalog.
WORKSPACE_STRINGS = (_("Base de connaissances"), _("Créer un article"))
