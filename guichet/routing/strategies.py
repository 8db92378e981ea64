"""Which agent of a team takes a ticket: availability, capacity and the team's strategy.

Pure functions over plain data; guichet/routing/queries.py builds the candidates and
guichet/routing/actions.py locks and assigns. See docs/routing.md ("Strategies").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

_NEVER = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


@dataclass(frozen=True)
class Candidate:
    """One agent of the team, with their skills, load and limits."""

    user_id: int
    availability: str = "online"
    tier: int = 1
    languages: frozenset[str] = frozenset()
    skills: frozenset[str] = frozenset()  # category slugs (people.Agent.skills)
    open_tickets: int = 0
    open_chats: int = 0
    max_open_tickets: int = 20
    max_chats: int = 3
    last_assigned_at: dt.datetime | None = None
    out_of_office_from: dt.date | None = None
    out_of_office_until: dt.date | None = None


@dataclass(frozen=True)
class Need:
    """What the ticket asks of its agent."""

    is_chat: bool = False
    # The slugs of the ticket's category and of its ancestors: a skill covers subcategories.
    category_slugs: frozenset[str] = frozenset()
    language: str = ""
    tier: int = 1


def is_available(candidate: Candidate, today: dt.date) -> bool:
    """Online, and not inside an out-of-office period (open-ended on either side)."""
    if candidate.availability != "online":
        return False
    start, end = candidate.out_of_office_from, candidate.out_of_office_until
    if start is None and end is None:
        return True
    return not ((start is None or start <= today) and (end is None or today <= end))


def has_room(candidate: Candidate, need: Need) -> bool:
    """Below the open-ticket limit, and below the chat limit for a chat."""
    if candidate.open_tickets >= candidate.max_open_tickets:
        return False
    return not (need.is_chat and candidate.open_chats >= candidate.max_chats)


def skill_score(candidate: Candidate, need: Need) -> int | None:
    """None when the agent lacks a required skill (language they do not list, tier below the
    ticket's); else how many preferred skills match (category, language)."""
    if candidate.tier < need.tier:
        return None
    if candidate.languages and need.language and need.language not in candidate.languages:
        return None
    score = 0
    if need.category_slugs & candidate.skills:
        score += 2
    if need.language and need.language in candidate.languages:
        score += 1
    return score


def _load(candidate: Candidate, need: Need) -> float:
    """The share in use of the limit this ticket counts against: the chat limit for a chat
    (so chats are balanced by chats), else the open-ticket limit."""
    if need.is_chat:
        return candidate.open_chats / max(candidate.max_chats, 1)
    return candidate.open_tickets / max(candidate.max_open_tickets, 1)


def _turn(candidate: Candidate) -> tuple[dt.datetime, int]:
    return (candidate.last_assigned_at or _NEVER, candidate.user_id)


def eligible(candidates: Sequence[Candidate], need: Need, today: dt.date) -> list[Candidate]:
    return [c for c in candidates if is_available(c, today) and has_room(c, need)]


def choose(
    strategy: str, candidates: Sequence[Candidate], need: Need, today: dt.date
) -> Candidate | None:
    """The agent who gets the ticket, or None (it waits in the team's queue).

    - round_robin: whoever was assigned longest ago (never first), ties by id;
    - least_loaded: the lowest share of their limit in use (chats: the chat limit), then the
      turn;
    - skills: agents with the required skills only, the best skill match first, then load;
    - manual: nobody (supervisors hand tickets out).
    """
    pool = eligible(candidates, need, today)
    if strategy == "manual" or not pool:
        return None
    if strategy == "round_robin":
        return min(pool, key=_turn)
    if strategy == "skills":
        scored = [(skill_score(c, need), c) for c in pool]
        skilled = [(score, c) for score, c in scored if score is not None]
        if not skilled:
            return None
        return min(skilled, key=lambda pair: (-pair[0], _load(pair[1], need), _turn(pair[1])))[1]
    return min(pool, key=lambda c: (_load(c, need), c.open_tickets, _turn(c)))


def queue_rank(segment: str, vip: bool) -> int:
    """0 for enterprise customers and VIP contacts, who are served first; else 1."""
    return 0 if vip or segment == "enterprise" else 1


PRIORITY_RANK = {"urgent": 0, "high": 1, "normal": 2, "low": 3}
