"""Ready-made time-based automations (an admin adds them from the automations page).

See docs/automations.md ("Presets"): pending 5 days: remind the customer; pending 7 days: solve
with a notice; solved 3 days: close.
"""

from __future__ import annotations

from typing import Any

REMIND = {
    "name": "En attente depuis 5 jours : relancer le client",
    "kind": "scheduled",
    "position": 10,
    "conditions": {"all": [
        {"field": "status", "op": "is", "value": "pending"},
        {"field": "hours_in_status", "op": "gte", "value": 120},
    ]},
    "actions": [
        {"type": "email_customer", "subject": "[{{ ticket.reference }}] Avez-vous besoin d'autre chose ?",
         "body": "Bonjour {{ requester.first_name }},\n\nNous attendons votre retour sur votre demande "
                 "« {{ ticket.subject }} ». Sans nouvelles de votre part, elle sera close dans deux jours.\n\n"
                 "{{ brand.name }}"},
        {"type": "add_tags", "tags": ["relance-auto"]},
    ],
}  # fmt: skip
SOLVE = {
    "name": "En attente depuis 7 jours : résoudre avec un avis",
    "kind": "scheduled",
    "position": 20,
    "conditions": {"all": [
        {"field": "status", "op": "is", "value": "pending"},
        {"field": "hours_in_status", "op": "gte", "value": 168},
    ]},
    "actions": [
        {"type": "email_customer", "subject": "[{{ ticket.reference }}] Demande résolue",
         "body": "Bonjour {{ requester.first_name }},\n\nSans nouvelles de votre part, nous considérons "
                 "votre demande « {{ ticket.subject }} » comme résolue. Répondez à ce message pour la "
                 "rouvrir.\n\n{{ brand.name }}"},
        {"type": "set", "field": "status", "value": "solved"},
    ],
}  # fmt: skip
CLOSE = {
    "name": "Résolu depuis 3 jours : clore",
    "kind": "scheduled",
    "position": 30,
    "conditions": {"all": [
        {"field": "status", "op": "is", "value": "solved"},
        {"field": "hours_in_status", "op": "gte", "value": 72},
    ]},
    "actions": [{"type": "set", "field": "status", "value": "closed"}],
}  # fmt: skip

PRESETS: dict[str, dict[str, Any]] = {"remind": REMIND, "solve": SOLVE, "close": CLOSE}
