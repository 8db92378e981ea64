"""French-first display labels for ticket choices (the model choices are English, untranslated).

Kept here rather than on the models so that changing a label never needs a migration.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

LABELS: dict[str, dict[Any, Any]] = {
    "status": {
        "new": pgettext_lazy("ticket status", "Nouveau"),
        "open": pgettext_lazy("ticket status", "Ouvert"),
        "pending": pgettext_lazy("ticket status", "En attente"),
        "on_hold": pgettext_lazy("ticket status", "Suspendu"),
        "solved": pgettext_lazy("ticket status", "Résolu"),
        "closed": pgettext_lazy("ticket status", "Fermé"),
    },
    "priority": {
        "low": pgettext_lazy("priority", "Basse"),
        "normal": pgettext_lazy("priority", "Normale"),
        "high": pgettext_lazy("priority", "Haute"),
        "urgent": pgettext_lazy("priority", "Urgente"),
    },
    "type": {
        "question": _("Question"),
        "incident": _("Incident"),
        "problem": _("Problème / bug"),
        "request": _("Demande"),
        "complaint": _("Réclamation"),
    },
    "channel": {
        "email": _("E-mail"),
        "portal": _("Portail"),
        "chat": _("Chat"),
        "whatsapp": _("WhatsApp"),
        "phone": _("Téléphone"),
        "slack": _("Slack"),
        "teams": _("Teams"),
        "api": _("API"),
    },
    "tier": {0: "N0", 1: "N1", 2: "N2", 3: "N3", 4: "N4"},
    "segment": {
        "enterprise": _("Grand compte"),
        "smb": _("PME"),
        "consumer": _("Particulier"),
    },
    "role": {
        "admin": _("Administrateur"),
        "supervisor": _("Superviseur"),
        "agent": _("Agent"),
        "csm": _("Customer success manager"),
        "incident_manager": _("Responsable incidents"),
    },
    "identity": {"email": _("E-mail"), "phone": _("Téléphone"), "whatsapp": _("WhatsApp")},
    "field": {
        "subject": _("Sujet"),
        "status": _("Statut"),
        "priority": _("Priorité"),
        "type": _("Type"),
        "category": _("Catégorie"),
        "language": _("Langue"),
        "team": _("Équipe"),
        "tier": _("Niveau"),
        "assignee": _("Assigné à"),
        "custom_fields": _("Champs personnalisés"),
        "tags": _("Tags"),
    },
    "queue": {
        "mine": _("Mes tickets"),
        "unassigned": _("Non assignés"),
        "team": _("Mes équipes"),
        "all": _("Tous les tickets"),
        "n1": _("Niveau N1"),
        "n2": _("Niveau N2"),
        "n3": _("Niveau N3"),
        "n4": _("Niveau N4"),
    },
    "status_filter": {
        "unsolved": _("Non résolus"),
        "any": _("Tous les statuts"),
    },
    "sort": {
        "-created": _("Plus récents d'abord"),
        "created": _("Plus anciens d'abord"),
        "-updated": _("Mis à jour récemment"),
        "updated": _("Sans mise à jour depuis longtemps"),
        "-priority": _("Priorité la plus haute"),
        "relevance": _("Pertinence"),
    },
}


def label(group: str, value: Any) -> Any:
    """The display label of `value` in `group`, or the value itself when unknown."""
    table = LABELS.get(group, {})
    if value in table:
        return table[value]
    if isinstance(value, str) and value.isdigit() and int(value) in table:
        return table[int(value)]
    return value


def choices(group: str) -> list[tuple[Any, Any]]:
    return list(LABELS[group].items())


def describe_macro_fields(set_fields: dict[str, Any]) -> list[str]:
    """What a macro will change, for the composer hint ("Statut → En attente", "Tags + x")."""
    lines = []
    for key, value in set_fields.items():
        if key == "tags_add":
            lines += [f"{LABELS['field']['tags']} + {tag}" for tag in value]
        elif key == "tags_remove":
            lines += [f"{LABELS['field']['tags']} − {tag}" for tag in value]
        elif key in ("status", "priority", "type", "tier"):
            lines.append(f"{LABELS['field'][key]} → {label(key, value)}")
        else:
            lines.append(f"{label('field', key)} → {value}")
    return lines
