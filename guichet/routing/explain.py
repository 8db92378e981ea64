"""Why a ticket went where it did: the lines of its routing card on the ticket page, from its
assignment log (routing.models.Assignment). See docs/routing.md ("Reasons").

Pure over rows already loaded with their teams, users and rule.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from guichet.sla.system import is_system
from guichet.workspace.labels import label


@dataclass(frozen=True)
class RoutingLine:
    at: dt.datetime
    code: str  # a routing.models.Reason value
    reason: str  # its translated label
    moves: list[str] = field(default_factory=list)  # "Équipe : N1 → N2"
    why: list[str] = field(default_factory=list)  # rule, model, raised fields, language...


def percent(confidence: Any) -> int:
    try:
        return round(float(confidence) * 100)
    except (TypeError, ValueError):
        return 0


def _name(user: Any) -> str:
    return (user.get_full_name() or user.get_username()) if user is not None else "—"


def moves(row: Any) -> list[str]:
    """What changed: the team and/or the assignee, from → to."""
    lines = []
    if row.from_team_id != row.to_team_id:
        old, new = (team.name if team else "—" for team in (row.from_team, row.to_team))
        lines.append(_("Équipe : %(old)s → %(new)s") % {"old": old, "new": new})
    if row.from_assignee_id != row.to_assignee_id:
        old, new = _name(row.from_assignee), _name(row.to_assignee)
        lines.append(_("Agent : %(old)s → %(new)s") % {"old": old, "new": new})
    return lines


def reasons(row: Any, categories: Mapping[int, str]) -> list[str]:
    """Why, from the rule, the detail routing recorded, and the person who acted."""
    detail = row.detail or {}
    lines = []
    if row.rule is not None:
        lines.append(_("Règle : %(name)s") % {"name": row.rule.name})
    if "confidence" in detail and "category" in detail:
        name = categories.get(int(detail["category"]), f"#{detail['category']}")
        lines.append(_("Modèle : %(category)s, confiance %(percent)s %%")
                     % {"category": name, "percent": percent(detail["confidence"])})  # fmt: skip
    raised = detail.get("raised") or {}
    if "priority" in raised:
        change = raised["priority"]
        lines.append(_("Priorité relevée par la prédiction : %(old)s → %(new)s (%(percent)s %%)")
                     % {"old": label("priority", change.get("from")),
                        "new": label("priority", change.get("to")),
                        "percent": percent(change.get("confidence"))})  # fmt: skip
    if "tier" in raised:
        change = raised["tier"]
        lines.append(_("Niveau relevé par la prédiction : N%(old)s → N%(new)s (%(percent)s %%)")
                     % {"old": change.get("from"), "new": change.get("to"),
                        "percent": percent(change.get("confidence"))})  # fmt: skip
    if "language" in detail:
        change = detail["language"]
        lines.append(_("Langue détectée : %(new)s au lieu de %(old)s (%(percent)s %%)")
                     % {"new": str(change.get("to", "")).upper(),
                        "old": str(change.get("from", "")).upper(),
                        "percent": percent(change.get("confidence"))})  # fmt: skip
    if "automation" in detail:
        lines.append(_("Par l'automatisation n° %(id)s") % {"id": detail["automation"]})
    if row.actor is not None and not is_system(row.actor):
        lines.append(_("Par %(name)s") % {"name": _name(row.actor)})
    return lines


def routing_lines(rows: list[Any], categories: Mapping[int, str]) -> list[RoutingLine]:
    """One line per assignment, newest first (the card reads like a log)."""
    return [
        RoutingLine(
            row.created_at,
            row.reason,
            str(row.get_reason_display()),
            moves(row),
            reasons(row, categories),
        )  # fmt: skip
        for row in reversed(rows)
    ]


def model_category_ids(rows: list[Any]) -> set[int]:
    ids = set()
    for row in rows:
        value = (row.detail or {}).get("category")
        if isinstance(value, int):
            ids.add(value)
    return ids
