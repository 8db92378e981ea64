"""What an automation does: the declarative action list, validated as a pure function.

See docs/automations.md ("Actions"). Each action is an object with a `type`:

    {"type": "set", "field": "status", "value": "solved"}
    {"type": "assign", "team": "n2-reseau", "assignee": null}
    {"type": "add_tags", "tags": ["relance"]}          {"type": "remove_tags", "tags": [...]}
    {"type": "add_note", "body": "..."}
    {"type": "email_customer", "subject": "...", "body": "Bonjour {{ requester.first_name }} ..."}
    {"type": "email_agent", "to": "assignee" | "team" | "<username>", "subject": ..., "body": ...}
    {"type": "webhook", "webhook": 3}
    {"type": "escalate", "tier": 2, "reason": "..."}

References (team slugs, usernames, webhook ids) are checked against the database by
`actions.check_automation`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.text import slugify
from django.utils.translation import gettext as _

from guichet.people.models import Tier
from guichet.tickets.models import Priority, Status, TicketType

MAX_ACTIONS = 20
MAX_TEXT = 20_000
SETTABLE: dict[str, list[Any]] = {
    "status": [s for s in Status.values if s != Status.NEW],
    "priority": list(Priority.values),
    "type": list(TicketType.values),
    "tier": [t for t in Tier.values if t > 0],
}


def check_actions(raw: Any) -> list[dict[str, Any]]:
    """The actions cleaned, or ValueError naming the faulty one."""
    if not isinstance(raw, list) or not raw:
        raise ValueError(
            _(
                'Les actions sont une liste non vide, par ex. [{"type": "add_tags", "tags": ["vip"]}].'
            )
        )
    if len(raw) > MAX_ACTIONS:
        raise ValueError(_("Trop d'actions (%(n)s au plus).") % {"n": MAX_ACTIONS})
    cleaned = []
    for number, action in enumerate(raw, 1):
        where = _("Action %(n)s") % {"n": number}
        if not isinstance(action, dict) or action.get("type") not in CHECKS:
            raise ValueError(
                _("%(w)s : « type » doit être l'un de %(all)s.")
                % {"w": where, "all": ", ".join(CHECKS)}
            )
        try:
            cleaned.append({"type": action["type"], **CHECKS[action["type"]](action)})
        except ValueError as error:
            raise ValueError(f"{where} ({action['type']}) : {error}") from None
    return cleaned


def _only(action: dict[str, Any], *keys: str) -> None:
    extra = set(action) - {"type", *keys}
    if extra:
        raise ValueError(_("clé inconnue « %(k)s »") % {"k": sorted(extra)[0]})


def _text(action: dict[str, Any], key: str, *, required: bool = True) -> str:
    value = action.get(key, "")
    if not isinstance(value, str) or len(value) > MAX_TEXT:
        raise ValueError(_("« %(k)s » doit être un texte") % {"k": key})
    if required and not value.strip():
        raise ValueError(_("« %(k)s » est obligatoire") % {"k": key})
    return value


def _set(action: dict[str, Any]) -> dict[str, Any]:
    _only(action, "field", "value")
    name, value = action.get("field"), action.get("value")
    if name not in SETTABLE:
        raise ValueError(_("« field » doit être l'un de %(all)s") % {"all": ", ".join(SETTABLE)})
    if value not in SETTABLE[name] or isinstance(value, bool):
        allowed = ", ".join(str(v) for v in SETTABLE[name])
        raise ValueError(
            _("valeur « %(v)s » impossible (possibles : %(all)s)") % {"v": value, "all": allowed}
        )
    return {"field": name, "value": value}


def _assign(action: dict[str, Any]) -> dict[str, Any]:
    _only(action, "team", "assignee")
    if "team" not in action and "assignee" not in action:
        raise ValueError(_("donnez « team » et/ou « assignee » (null pour retirer)"))
    cleaned: dict[str, Any] = {}
    for key in ("team", "assignee"):
        if key in action:
            value = action[key]
            if value is not None and (not isinstance(value, str) or not value.strip()):
                raise ValueError(_("« %(k)s » est un nom ou null") % {"k": key})
            cleaned[key] = value.strip() if isinstance(value, str) else None
    return cleaned


def _tags(action: dict[str, Any]) -> dict[str, Any]:
    _only(action, "tags")
    tags = action.get("tags")
    if isinstance(tags, str):
        tags = [tags]
    if not isinstance(tags, list) or not tags:
        raise ValueError(_("« tags » est une liste non vide"))
    slugs = [slugify(str(tag), allow_unicode=True)[:60] for tag in tags]
    if not all(slugs):
        raise ValueError(_("étiquette invalide"))
    return {"tags": list(dict.fromkeys(slugs))}


def _note(action: dict[str, Any]) -> dict[str, Any]:
    _only(action, "body")
    return {"body": _text(action, "body")}


def _email_customer(action: dict[str, Any]) -> dict[str, Any]:
    _only(action, "subject", "body")
    return {"subject": _text(action, "subject")[:250], "body": _text(action, "body")}


def _email_agent(action: dict[str, Any]) -> dict[str, Any]:
    _only(action, "to", "subject", "body")
    to = _text(action, "to").strip()
    return {"to": to, "subject": _text(action, "subject")[:250], "body": _text(action, "body")}


def _webhook(action: dict[str, Any]) -> dict[str, Any]:
    _only(action, "webhook")
    webhook = action.get("webhook")
    if isinstance(webhook, bool) or not isinstance(webhook, int) or webhook <= 0:
        raise ValueError(_("« webhook » est l'identifiant d'un webhook"))
    return {"webhook": webhook}


def _escalate(action: dict[str, Any]) -> dict[str, Any]:
    _only(action, "tier", "reason")
    tier = action.get("tier")
    if isinstance(tier, bool) or tier not in (2, 3, 4):
        raise ValueError(_("« tier » vaut 2, 3 ou 4"))
    return {"tier": tier, "reason": _text(action, "reason")}


CHECKS: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "set": _set,
    "assign": _assign,
    "add_tags": _tags,
    "remove_tags": _tags,
    "add_note": _note,
    "email_customer": _email_customer,
    "email_agent": _email_agent,
    "webhook": _webhook,
    "escalate": _escalate,
}
