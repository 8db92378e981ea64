"""Reads of the email channel: the thread a message belongs to, our own addresses, lists.

See docs/email.md#threading. Writes are in actions.py.
"""

from __future__ import annotations

from guichet.brands.models import Brand
from guichet.tickets.models import Message, Ticket

from .autoreply import Noise, NoiseKind
from .models import InboundEmail, Mailbox, OutboundEmail
from .threading import ThreadHints
from .tokens import split_plus


def find_thread_ticket(brand: Brand, hints: ThreadHints) -> tuple[Ticket | None, str]:
    """The ticket the hints point at, and how it was found ("" when not found)."""
    ticket_id = _ticket_by_message_ids(brand, hints.message_ids)
    how = "message-id"
    if ticket_id is None and hints.token_ticket_ids:
        found = set(
            Ticket.objects.filter(pk__in=hints.token_ticket_ids, brand=brand).values_list(
                "pk", flat=True
            )
        )
        ticket_id = next((pk for pk in hints.token_ticket_ids if pk in found), None)
        how = "token"
    if ticket_id is None and hints.subject_references:
        ticket_id = (
            Ticket.objects.filter(reference__in=hints.subject_references, brand=brand)
            .order_by("-created_at")
            .values_list("pk", flat=True)
            .first()
        )
        how = "subject"
    if ticket_id is None:
        return None, ""
    return follow_merges(Ticket.objects.select_related("brand").get(pk=ticket_id)), how


def _ticket_by_message_ids(brand: Brand, ids: tuple[str, ...]) -> int | None:
    if not ids:
        return None
    found: dict[str, int] = {}
    for message_id, ticket_id in Message.objects.filter(
        external_id__in=ids, ticket__brand=brand
    ).values_list("external_id", "ticket_id"):
        found.setdefault(message_id, ticket_id)
    for message_id, ticket_id in InboundEmail.objects.filter(
        message_id__in=ids, mailbox__brand=brand, ticket__isnull=False
    ).values_list("message_id", "ticket_id"):
        found.setdefault(message_id, ticket_id)
    for message_id, ticket_id in OutboundEmail.objects.filter(
        message_id__in=ids, ticket__brand=brand
    ).values_list("message_id", "ticket_id"):
        found[message_id] = ticket_id  # our own ids are the surest
    return next((found[i] for i in ids if i in found), None)


def follow_merges(ticket: Ticket) -> Ticket:
    for _ in range(10):
        if ticket.merged_into_id is None:
            break
        ticket = Ticket.objects.select_related("brand").get(pk=ticket.merged_into_id)
    return ticket


def our_addresses() -> set[str]:
    """Every mailbox address (any brand): mail from them is a loop, never a customer."""
    return set(Mailbox.objects.values_list("address", flat=True))


def is_ours(address: str, ours: set[str]) -> bool:
    return split_plus(address)[0] in ours


def is_bounce(noise: Noise) -> bool:
    return noise.kind is NoiseKind.BOUNCE


def manageable_inbound(user: object):  # type: ignore[no-untyped-def]
    """Stored messages of the brands an admin or supervisor works for."""
    from guichet.core import access

    qs = InboundEmail.objects.select_related("mailbox__brand", "ticket")
    agent = access.agent_of(user)
    if agent is None or agent.role not in (access.ADMIN, access.SUPERVISOR):
        return qs.none()
    brand_ids = access.agent_brand_ids(agent)
    return qs if brand_ids is None else qs.filter(mailbox__brand_id__in=brand_ids)


def can_read_inbound(user: object, inbound: InboundEmail) -> bool:
    """Admins and supervisors of its brand; agents who see the ticket it became a message of."""
    from guichet.core import access

    if manageable_inbound(user).filter(pk=inbound.pk).exists():
        return True
    if inbound.ticket_message_id is None or inbound.ticket is None:
        return False
    return access.agent_of(user) is not None and access.can_view_ticket(user, inbound.ticket)


def inbound_of_message(message_id: int) -> InboundEmail | None:
    return (
        InboundEmail.objects.filter(ticket_message_id=message_id)
        .select_related("mailbox__brand", "ticket")
        .order_by("pk")
        .first()
    )


def outbound_of_messages(message_ids: list[int]) -> dict[int, list[OutboundEmail]]:
    """The outgoing emails of these ticket messages, for their delivery state."""
    found: dict[int, list[OutboundEmail]] = {}
    for outbound in OutboundEmail.objects.filter(ticket_message_id__in=message_ids).order_by("pk"):
        found.setdefault(outbound.ticket_message_id or 0, []).append(outbound)
    return found
