"""Which SLA policy (or escalation rule) a ticket falls under: pure matching on ticket facts.

See docs/sla.md ("Policies"). Conditions are a JSON object; every key present must match
(AND), and a key matches when the ticket's value is one of those listed (OR):

    {"segment": ["enterprise"], "priority": ["high", "urgent"], "tag": ["vip", "outage"]}

Keys: segment (the organisation's), priority, channel, type, team (slugs), tag (the ticket has
at least one of them), tier (0-4). `{}` matches every ticket. Policies are tried in order; the
first that matches wins; the default policy applies when none does.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from django.utils.text import slugify
from django.utils.translation import gettext as _

from guichet.people.models import Segment, Tier
from guichet.tickets.models import Channel, Priority, TicketType

CHOICES: dict[str, list[str]] = {
    "segment": list(Segment.values),
    "priority": list(Priority.values),
    "channel": list(Channel.values),
    "type": list(TicketType.values),
}
FREE_KEYS = ("team", "tag")
CONDITION_KEYS = (*CHOICES, *FREE_KEYS, "tier")
MAX_VALUES = 100


@dataclass(frozen=True)
class TicketFacts:
    """What conditions look at. `segment` is '' without an organisation, `team` the slug or ''."""

    segment: str = ""
    priority: str = Priority.NORMAL
    channel: str = Channel.EMAIL
    type: str = TicketType.QUESTION
    team: str = ""
    tags: frozenset[str] = frozenset()
    tier: int = 1


def check_conditions(raw: Any) -> dict[str, list[Any]]:
    """The conditions cleaned (values de-duplicated, tags slugified), or ValueError saying
    what is wrong in words an admin understands."""
    if raw in (None, ""):
        return {}
    if not isinstance(raw, dict):
        raise ValueError(
            _('Les conditions doivent être un objet JSON, par ex. {"priority": ["urgent"]}.')
        )
    cleaned: dict[str, list[Any]] = {}
    for key, values in raw.items():
        if key not in CONDITION_KEYS:
            raise ValueError(
                _("Condition inconnue « %(key)s » (possibles : %(keys)s).")
                % {"key": key, "keys": ", ".join(CONDITION_KEYS)}
            )
        if isinstance(values, str | int):
            values = [values]
        if not isinstance(values, list) or not values or len(values) > MAX_VALUES:
            raise ValueError(_("« %(key)s » attend une liste de valeurs non vide.") % {"key": key})
        cleaned[key] = _dedupe(_check_value(key, value) for value in values)
    return cleaned


def _check_value(key: str, value: Any) -> Any:
    if key in CHOICES:
        if value not in CHOICES[key]:
            raise ValueError(
                _("« %(value)s » n'est pas une valeur de %(key)s (possibles : %(allowed)s).")
                % {"value": value, "key": key, "allowed": ", ".join(CHOICES[key])}
            )
        return value
    if key == "tier":
        if isinstance(value, bool) or value not in Tier.values:
            raise ValueError(
                _("Le niveau doit être un nombre de 0 à 4, pas « %(v)s ».") % {"v": value}
            )
        return int(value)
    slug = slugify(str(value), allow_unicode=True)
    if not slug:
        raise ValueError(
            _("« %(value)s » n'est pas un nom valide pour %(key)s.") % {"value": value, "key": key}
        )
    return slug


T = TypeVar("T")


def _dedupe(values: Iterable[T]) -> list[T]:
    seen: list[T] = []
    for value in values:
        if value not in seen:
            seen.append(value)
    return seen


def matches(conditions: dict[str, Sequence[Any]], facts: TicketFacts) -> bool:
    """Every condition key holds (a missing key holds trivially)."""
    for key, allowed in conditions.items():
        if key == "tag":
            if not facts.tags.intersection(allowed):
                return False
        elif getattr(facts, key) not in allowed:
            return False
    return True


@dataclass(frozen=True)
class Candidate:
    """A policy (or rule) as matching sees it."""

    id: int
    conditions: dict[str, Sequence[Any]]
    is_default: bool = False


def first_match(candidates: Sequence[Candidate], facts: TicketFacts) -> int | None:
    """The first non-default candidate (in the given order) whose conditions hold, else the
    default one, else None."""
    default = None
    for candidate in candidates:
        if candidate.is_default:
            default = default if default is not None else candidate.id
        elif matches(candidate.conditions, facts):
            return candidate.id
    return default
