"""Where a ticket goes: rules first, then the model's suggestion. Pure functions.

See docs/routing.md ("Deciding"). The decision only names a team, tier and priority; which
agent takes the ticket is the team's strategy (guichet/routing/strategies.py).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

DEFAULT_THRESHOLD = 0.7
# The detected language replaces the ticket's (the mailbox's or the requester's) only when
# detection is this sure and the text has this many words: "Thanks!" says little.
DEFAULT_LANGUAGE_THRESHOLD = 0.8
MIN_LANGUAGE_WORDS = 4
PRIORITY_ORDER = ("low", "normal", "high", "urgent")


@dataclass(frozen=True)
class TicketFacts:
    """What rules can see of a ticket."""

    brand_id: int
    channel: str = "email"
    segment: str = ""
    vip: bool = False
    language: str = "fr"  # what routing uses: see facts_language
    ticket_language: str = ""  # the ticket's own field, when detection replaced it
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
    category has a team; 3. the ticket's own team (its category's default at creation).

    Then confident tier and priority predictions raise what the rule did not set (never
    lower it), and the detail says so, as it says when the detected language was used."""
    rule = first_matching_rule(rules, facts)
    category_id = facts.category_id
    if rule is not None:
        decision = Decision(
            "rule",
            rule.set_team_id if rule.set_team_id is not None else facts.team_id,
            rule.set_tier if rule.set_tier is not None else facts.tier,
            rule.set_priority or facts.priority,
            rule_id=rule.id,
        )
        fixed = {name for name, value in (("tier", rule.set_tier), ("priority", rule.set_priority))
                 if value not in (None, "")}  # fmt: skip
        threshold = _threshold(thresholds, category_id, default_threshold)
        return _refined(decision, facts, predictions, threshold, fixed)
    decision = Decision("default", facts.team_id, facts.tier, facts.priority)
    suggestion = confident_category(predictions, thresholds, default_threshold)
    if suggestion is not None:
        category_id, confidence = suggestion
        route = categories.get(category_id)
        if route is not None and route.team_id is not None:
            detail = {"category": category_id, "confidence": round(confidence, 4)}
            decision = Decision(
                "model", route.team_id, route.tier or facts.tier, facts.priority, detail=detail
            )
        else:
            category_id = facts.category_id
    return _refined(
        decision, facts, predictions, _threshold(thresholds, category_id, default_threshold)
    )


def _threshold(thresholds: Mapping[int, float], category_id: int | None, default: float) -> float:
    return thresholds.get(category_id, default) if category_id is not None else default


def _refined(
    decision: Decision,
    facts: TicketFacts,
    predictions: Mapping[str, tuple[str, float]],
    threshold: float,
    fixed: set[str] | frozenset[str] = frozenset(),
) -> Decision:
    raised = {
        target: change
        for target, change in raised_by_predictions(
            decision.tier, decision.priority, predictions, threshold
        ).items()
        if target not in fixed
    }
    detail = dict(decision.detail)
    if raised:
        detail["raised"] = raised
    if facts.ticket_language and facts.language != facts.ticket_language:
        confidence = predictions.get("language", ("", 0.0))[1]
        detail["language"] = {"from": facts.ticket_language, "to": facts.language,
                              "confidence": round(confidence, 4)}  # fmt: skip
    tier = raised["tier"]["to"] if "tier" in raised else decision.tier
    priority = raised["priority"]["to"] if "priority" in raised else decision.priority
    return replace(decision, tier=tier, priority=priority, detail=detail)


def raised_by_predictions(
    tier: int, priority: str, predictions: Mapping[str, tuple[str, float]], threshold: float
) -> dict[str, dict[str, Any]]:
    """The tier and priority that confident predictions raise, as {target: {"from", "to",
    "confidence"}}: only upwards (a ticket is never made less urgent or simpler by a guess),
    and only at or above `threshold` (the category's, as for the model's category)."""
    raised: dict[str, dict[str, Any]] = {}
    label, confidence = predictions.get("tier", ("", 0.0))
    if confidence >= threshold and str(label).isdigit() and int(label) > tier:
        raised["tier"] = {"from": tier, "to": int(label), "confidence": round(confidence, 4)}
    label, confidence = predictions.get("priority", ("", 0.0))
    if confidence >= threshold and _rank(label) > _rank(priority):
        raised["priority"] = {"from": priority, "to": label, "confidence": round(confidence, 4)}
    return raised


def _rank(priority: str) -> int:
    return PRIORITY_ORDER.index(priority) if priority in PRIORITY_ORDER else -1


def facts_language(
    ticket_language: str,
    predictions: Mapping[str, tuple[str, float]],
    threshold: float,
    text: str,
) -> str:
    """The language routing uses (rules' conditions, the skills strategy): the detected one
    when triage is at least `threshold` sure of it and `text` (subject and first message) has
    at least MIN_LANGUAGE_WORDS words; else the ticket's, which came from the channel (the
    mailbox's language, the requester's preference). An English e-mail to a French mailbox
    then goes to someone who reads English."""
    label, confidence = predictions.get("language", ("", 0.0))
    code = str(label or "").strip().lower()
    if not code or confidence < threshold or len(text.split()) < MIN_LANGUAGE_WORDS:
        return ticket_language
    return code


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
