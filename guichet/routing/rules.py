"""Where a ticket goes: rules first, then the model's suggestion. Pure functions.

See docs/routing.md ("Deciding"). The decision only names a team, tier and priority; which
agent takes the ticket is the team's strategy (guichet/routing/strategies.py).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

DEFAULT_THRESHOLD = 0.7


@dataclass(frozen=True)
class TicketFacts:
    """What rules can see of a ticket."""

    brand_id: int
    channel: str = "email"
    segment: str = ""
    vip: bool = False
    language: str = "fr"
    tags: frozenset[str] = frozenset()
    text: str = ""  # subject and first message, lower-cased
    category_id: int | None = None
    team_id: int | None = None
    tier: int = 1
    priority: str = "normal"


@dataclass(frozen=True)
class RuleSpec:
    id: int
    brand_id: int | None = None
    channels: frozenset[str] = frozenset()
    segments: frozenset[str] = frozenset()
    vip_only: bool = False
    languages: frozenset[str] = frozenset()
    tags: frozenset[str] = frozenset()
    keywords: tuple[str, ...] = ()
    category_ids: frozenset[int] = frozenset()
    set_team_id: int | None = None
    set_tier: int | None = None
    set_priority: str = ""


@dataclass(frozen=True)
class CategoryRoute:
    """A category's usual team and tier (brands.Category.default_team/default_tier)."""

    team_id: int | None
    tier: int | None


@dataclass(frozen=True)
class Decision:
    reason: str  # a routing.models.Reason value
    team_id: int | None
    tier: int
    priority: str
    rule_id: int | None = None
    detail: dict[str, Any] = field(default_factory=dict)


def rule_matches(rule: RuleSpec, facts: TicketFacts) -> bool:
    """Every condition that is set must hold; tags and keywords: any one of them."""
    return (
        (rule.brand_id is None or rule.brand_id == facts.brand_id)
        and (not rule.channels or facts.channel in rule.channels)
        and (not rule.segments or facts.segment in rule.segments)
        and (not rule.vip_only or facts.vip)
        and (not rule.languages or facts.language in rule.languages)
        and (not rule.tags or bool(rule.tags & facts.tags))
        and (not rule.keywords or any(word in facts.text for word in rule.keywords))
        and (not rule.category_ids or facts.category_id in rule.category_ids)
    )


def first_matching_rule(rules: Sequence[RuleSpec], facts: TicketFacts) -> RuleSpec | None:
    """Rules arrive in their order (position, id); the first that matches wins."""
    return next((rule for rule in rules if rule_matches(rule, facts)), None)


def confident_category(
    predictions: Mapping[str, tuple[str, float]],
    thresholds: Mapping[int, float],
    default_threshold: float = DEFAULT_THRESHOLD,
) -> tuple[int, float] | None:
    """The predicted category id when its confidence reaches that category's threshold."""
    label, confidence = predictions.get("category", ("", 0.0))
    try:
        category_id = int(label)
    except (TypeError, ValueError):
        return None
    if confidence >= thresholds.get(category_id, default_threshold):
        return category_id, confidence
    return None


def decide(
    facts: TicketFacts,
    rules: Sequence[RuleSpec],
    predictions: Mapping[str, tuple[str, float]],
    thresholds: Mapping[int, float],
    categories: Mapping[int, CategoryRoute],
    default_threshold: float = DEFAULT_THRESHOLD,
) -> Decision:
    """1. The first matching rule; 2. the model's category when confident enough and that
    category has a team; 3. the ticket's own team (its category's default at creation)."""
    rule = first_matching_rule(rules, facts)
    if rule is not None:
        return Decision(
            "rule",
            rule.set_team_id if rule.set_team_id is not None else facts.team_id,
            rule.set_tier if rule.set_tier is not None else facts.tier,
            rule.set_priority or facts.priority,
            rule_id=rule.id,
        )
    suggestion = confident_category(predictions, thresholds, default_threshold)
    if suggestion is not None:
        category_id, confidence = suggestion
        route = categories.get(category_id)
        if route is not None and route.team_id is not None:
            detail = {"category": category_id, "confidence": round(confidence, 4)}
            return Decision(
                "model", route.team_id, route.tier or facts.tier, facts.priority, detail=detail
            )
    return Decision("default", facts.team_id, facts.tier, facts.priority)


def facts_category(
    ticket_category_id: int | None,
    predictions: Mapping[str, tuple[str, float]],
    thresholds: Mapping[int, float],
    default_threshold: float = DEFAULT_THRESHOLD,
) -> int | None:
    """The category rules see: the ticket's own, else the model's when confident enough."""
    if ticket_category_id is not None:
        return ticket_category_id
    suggestion = confident_category(predictions, thresholds, default_threshold)
    return suggestion[0] if suggestion else None
