"""Automation conditions: a small declarative language, validated and evaluated as pure functions.

See docs/automations.md ("Conditions").

    {"all": [{"field": "status", "op": "is", "value": "pending"},
             {"field": "hours_in_status", "op": "gte", "value": 120}],
     "any": [{"field": "tags", "op": "contains", "value": "vip"}, ...]}

Every condition of `all` must hold, and one of `any` if it is not empty. `{}` always holds.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.text import slugify
from django.utils.translation import gettext as _

from guichet.people.models import Segment, Tier
from guichet.tickets.models import Channel, Priority, Status, TicketType

MAX_CONDITIONS = 30


@dataclass(frozen=True)
class TicketView:
    """What conditions can see of a ticket and of the event that woke the automation."""

    status: str = Status.NEW
    priority: str = Priority.NORMAL
    type: str = TicketType.QUESTION
    channel: str = Channel.EMAIL
    tier: int = 1
    team: str = ""
    assignee: str = ""
    brand: str = ""
    segment: str = ""
    language: str = "fr"
    vip: bool = False
    tags: frozenset[str] = frozenset()
    hours_in_status: float = 0.0
    hours_since_created: float = 0.0
    hours_since_updated: float = 0.0
    event: str = ""
    changed: frozenset[str] = frozenset()
    sla_metric: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def _choice(values: list[str]) -> Callable[[Any], Any]:
    def check(value: Any) -> Any:
        if value not in values:
            raise ValueError(
                _("valeur « %(v)s » inconnue (possibles : %(all)s)")
                % {"v": value, "all": ", ".join(values)}
            )
        return value

    return check


def _text(value: Any) -> str:
    if value is None:
        return ""
    if not isinstance(value, str | int):
        raise ValueError(_("une valeur texte est attendue"))
    return str(value)


def _slug(value: Any) -> str:
    slug = slugify(_text(value), allow_unicode=True)
    if not slug:
        raise ValueError(_("« %(v)s » n'est pas un nom valide") % {"v": value})
    return slug


def _number(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise ValueError(_("un nombre positif est attendu"))
    return float(value)


def _boolean(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError(_("true ou false est attendu"))
    return value


def _tier(value: Any) -> int:
    if isinstance(value, bool) or value not in Tier.values:
        raise ValueError(_("un niveau de 0 à 4 est attendu"))
    return int(value)


SCALAR_OPS = ("is", "is_not", "in", "not_in")
NUMBER_OPS = ("is", "is_not", "gte", "lte", "gt", "lt")
SET_OPS = ("contains", "not_contains")
CHANGE_FIELDS = ("status", "priority", "type", "tier", "team", "assignee", "tags", "subject",
                 "category", "language", "custom_fields")  # fmt: skip

# field -> (allowed operators, value checker)
FIELDS: dict[str, tuple[tuple[str, ...], Callable[[Any], Any]]] = {
    "status": (SCALAR_OPS, _choice(list(Status.values))),
    "priority": (SCALAR_OPS, _choice(list(Priority.values))),
    "type": (SCALAR_OPS, _choice(list(TicketType.values))),
    "channel": (SCALAR_OPS, _choice(list(Channel.values))),
    "segment": (SCALAR_OPS, _choice(["", *Segment.values])),
    "tier": (NUMBER_OPS + ("in", "not_in"), _tier),
    "team": (SCALAR_OPS, _text),
    "assignee": (SCALAR_OPS, _text),
    "brand": (SCALAR_OPS, _text),
    "language": (SCALAR_OPS, _text),
    "vip": (("is",), _boolean),
    "tags": (SET_OPS, _slug),
    "changed": (SET_OPS, _choice(list(CHANGE_FIELDS))),
    "hours_in_status": (NUMBER_OPS, _number),
    "hours_since_created": (NUMBER_OPS, _number),
    "hours_since_updated": (NUMBER_OPS, _number),
    "sla_metric": (SCALAR_OPS, _choice(["", "first_reply", "next_reply", "resolution"])),
}
LIST_OPS = ("in", "not_in", "contains", "not_contains")


def check_conditions(raw: Any) -> dict[str, list[dict[str, Any]]]:
    """The conditions cleaned, or ValueError naming the faulty condition."""
    if raw in (None, ""):
        return {}
    if not isinstance(raw, dict) or set(raw) - {"all", "any"}:
        raise ValueError(_('Les conditions sont un objet {"all": [...], "any": [...]}.'))
    cleaned: dict[str, list[dict[str, Any]]] = {}
    for group in ("all", "any"):
        items = raw.get(group) or []
        if not isinstance(items, list):
            raise ValueError(_("« %(g)s » doit être une liste de conditions.") % {"g": group})
        cleaned[group] = [_check_one(group, n, item) for n, item in enumerate(items, 1)]
    if len(cleaned["all"]) + len(cleaned["any"]) > MAX_CONDITIONS:
        raise ValueError(_("Trop de conditions (%(n)s au plus).") % {"n": MAX_CONDITIONS})
    return cleaned


def _check_one(group: str, number: int, item: Any) -> dict[str, Any]:
    where = _("Condition %(n)s de « %(g)s »") % {"n": number, "g": group}
    if not isinstance(item, dict) or set(item) - {"field", "op", "value"}:
        raise ValueError(_("%(w)s : un objet {field, op, value} est attendu.") % {"w": where})
    name, op = item.get("field"), item.get("op", "is")
    if name not in FIELDS:
        raise ValueError(
            _("%(w)s : champ inconnu « %(f)s » (possibles : %(all)s).")
            % {"w": where, "f": name, "all": ", ".join(FIELDS)}
        )
    ops, check = FIELDS[name]
    if op not in ops:
        raise ValueError(
            _("%(w)s : opérateur « %(op)s » impossible sur %(f)s (possibles : %(all)s).")
            % {"w": where, "op": op, "f": name, "all": ", ".join(ops)}
        )
    value = item.get("value")
    try:
        if op in LIST_OPS:
            values = value if isinstance(value, list) else [value]
            if not values:
                raise ValueError(_("au moins une valeur est attendue"))
            value = [check(v) for v in values]
        else:
            value = check(value)
    except ValueError as error:
        raise ValueError(f"{where} ({name}) : {error}") from None
    return {"field": name, "op": op, "value": value}


def holds(conditions: dict[str, list[dict[str, Any]]], view: TicketView) -> bool:
    """Every `all` condition holds, and one `any` condition if there are some."""
    if not all(_holds(c, view) for c in conditions.get("all", [])):
        return False
    alternatives = conditions.get("any", [])
    return not alternatives or any(_holds(c, view) for c in alternatives)


def _holds(condition: dict[str, Any], view: TicketView) -> bool:
    actual = getattr(view, condition["field"])
    op, expected = condition["op"], condition["value"]
    if op in LIST_OPS and not isinstance(expected, list):
        expected = [expected]
    if op == "is":
        return bool(actual == expected)
    if op == "is_not":
        return bool(actual != expected)
    if op == "in":
        return actual in expected
    if op == "not_in":
        return actual not in expected
    if op == "contains":
        return bool(set(actual) & set(expected))
    if op == "not_contains":
        return not set(actual) & set(expected)
    comparisons: dict[str, Callable[[Any, Any], bool]] = {
        "gte": lambda a, b: a >= b, "lte": lambda a, b: a <= b,
        "gt": lambda a, b: a > b, "lt": lambda a, b: a < b,
    }  # fmt: skip
    return comparisons[op](actual, expected)
