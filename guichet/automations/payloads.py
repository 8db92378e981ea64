"""The JSON a webhook receives about a ticket (ids and plain values only)."""

from __future__ import annotations

from typing import Any

from guichet.tickets.models import Ticket


def ticket_payload(ticket: Ticket) -> dict[str, Any]:
    return {
        "id": ticket.pk,
        "reference": ticket.reference,
        "subject": ticket.subject,
        "status": ticket.status,
        "priority": ticket.priority,
        "type": ticket.type,
        "channel": ticket.channel,
        "tier": ticket.tier,
        "brand": ticket.brand_id,
        "team": ticket.team_id,
        "assignee": ticket.assignee_id,
        "organisation": ticket.organisation_id,
        "created_at": ticket.created_at.isoformat(),
        "updated_at": ticket.updated_at.isoformat(),
    }
