"""Reads of the portal pages, always through guichet.core.access."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from guichet.brands.models import Brand
from guichet.core import access
from guichet.people.models import Contact
from guichet.tickets.models import Message, Status, Ticket, TicketParticipant

MINE, ORGANISATION = "mine", "org"
OPEN, CLOSED, ALL = "open", "closed", "all"
DONE = (Status.SOLVED, Status.CLOSED)


def scope_for(requested: str | None, contact: Contact) -> str:
    """Org admins may pick their organisation; everybody else sees their own tickets."""
    if requested == ORGANISATION and contact.is_org_admin and contact.organisation_id:
        return ORGANISATION
    return MINE


def state_for(requested: str | None) -> str:
    return requested if requested in (OPEN, CLOSED, ALL) else ALL


def portal_tickets(user: Any, brand: Brand, contact: Contact, scope: str, state: str) -> QuerySet:
    qs = access.visible_tickets(user).filter(brand=brand)
    if scope == MINE:
        cc = TicketParticipant.objects.filter(contact=contact).values("ticket_id")
        qs = qs.filter(Q(requester=contact) | Q(pk__in=cc))
    if state == OPEN:
        qs = qs.exclude(status__in=DONE)
    elif state == CLOSED:
        qs = qs.filter(status__in=DONE)
    return qs.select_related("requester").only(
        "reference", "subject", "status", "created_at", "updated_at", "requester__name"
    )


def portal_ticket(user: Any, brand: Brand, reference: str) -> Ticket:
    """The ticket if this customer may see it; 404 otherwise (never 403: no hint it exists)."""
    qs = access.visible_tickets(user).filter(brand=brand).select_related("requester")
    return get_object_or_404(qs, reference=reference)


def public_conversation(user: Any, ticket: Ticket) -> QuerySet[Message]:
    """Customer messages and public replies; internal notes never reach the portal."""
    return (
        access.visible_messages(user, ticket)
        .exclude(kind=Message.Kind.NOTE)
        .select_related("author_user", "author_contact")
        .prefetch_related("attachments")
    )


def merged_into(user: Any, ticket: Ticket) -> Ticket | None:
    if not ticket.merged_into_id:
        return None
    return access.visible_tickets(user).filter(pk=ticket.merged_into_id).first()
