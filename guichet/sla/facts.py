"""The facts SLA policies and escalation rules match on, read from a ticket."""

from __future__ import annotations

from guichet.sla.policies import TicketFacts
from guichet.tickets.models import Ticket


def facts_of(ticket: Ticket) -> TicketFacts:
    """Load the ticket with select_related('organisation', 'team') and its tags prefetched."""
    organisation = ticket.organisation
    return TicketFacts(
        segment=organisation.segment if organisation is not None else "",
        priority=ticket.priority,
        channel=ticket.channel,
        type=ticket.type,
        team=ticket.team.slug if ticket.team is not None else "",
        tags=frozenset(tag.name for tag in ticket.tags.all()),
        tier=ticket.tier,
    )
