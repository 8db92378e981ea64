"""The facts SLA policies and escalation rules match on, read from a ticket."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from typing import Any

from guichet.sla.policies import TicketFacts
from guichet.tickets.models import Ticket

ALL_KEYS = frozenset({"segment", "team", "tag"})


def facts_of(ticket: Ticket, keys: Collection[str] = ALL_KEYS) -> TicketFacts:
    """The ticket's facts; load it with select_related('organisation', 'team') and its tags
    prefetched. Only the related facts named in `keys` are read (segment, team, tag: the
    others are columns); those left out keep their empty value, so pass every key the
    conditions to match use (`condition_keys`)."""
    organisation = ticket.organisation if "segment" in keys else None
    team = ticket.team if "team" in keys else None
    return TicketFacts(
        segment=organisation.segment if organisation is not None else "",
        priority=ticket.priority,
        channel=ticket.channel,
        type=ticket.type,
        team=team.slug if team is not None else "",
        tags=frozenset(tag.name for tag in ticket.tags.all()) if "tag" in keys else frozenset(),
        tier=ticket.tier,
    )


def condition_keys(conditions: Iterable[Mapping[str, Any]]) -> frozenset[str]:
    """The keys some of these conditions use."""
    return frozenset(key for condition in conditions for key in (condition or {}))
