"""Reads of the email channel: the thread a message belongs to, our own addresses, lists.

See docs/email.md#threading. Writes are in actions.py.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from guichet.brands.models import Brand
from guichet.tickets.models import Message, Ticket

from .autoreply import Noise, NoiseKind
from .models import InboundEmail, Mailbox, OutboundEmail
from .threading import ThreadHints
from .tokens import split_plus


def find_thread_ticket(
    brand: Brand, hints: ThreadHints, known: ThreadIndex | None = None
) -> tuple[Ticket | None, str]:
    """The ticket the hints point at, and how it was found ("" when not found).

    `known`: the message ids of a batch, read for all its messages at once (a ThreadIndex).
    """
    if known is not None and known.covers(hints.message_ids):
        ticket_id = known.ticket_of(hints.message_ids)
    else:
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
    return ThreadIndex.read(brand.pk, ids).ticket_of(ids)


@dataclass
class ThreadIndex:
    """Which ticket each message id is on, from our messages, stored mail and sent mail.

    Read for one message, or for a whole batch (then kept up to date with what the batch adds:
    `add_message`, `add_inbound`, `add_outbound`, in the order the queries would return them).
    """

    ids: set[str] = field(default_factory=set)  # the ids it knows about (found or not)
    messages: dict[str, int] = field(default_factory=dict)  # the oldest message's ticket
    inbound: dict[str, tuple[dt.datetime, int, int]] = field(default_factory=dict)  # newest
    outbound: dict[str, int] = field(default_factory=dict)  # the newest sent mail's ticket

    @classmethod
    def read(cls, brand_id: int, ids: Iterable[str]) -> ThreadIndex:
        index = cls(ids=set(ids))
        if not index.ids:
            return index
        for message_id, ticket_id in Message.objects.filter(
            external_id__in=index.ids, ticket__brand_id=brand_id
        ).values_list("external_id", "ticket_id"):
            index.messages.setdefault(message_id, ticket_id)
        for message_id, received_at, pk, ticket_id in InboundEmail.objects.filter(
            message_id__in=index.ids, mailbox__brand_id=brand_id, ticket__isnull=False
        ).values_list("message_id", "received_at", "pk", "ticket_id"):
            index.inbound.setdefault(message_id, (received_at, pk, ticket_id))
        for message_id, ticket_id in OutboundEmail.objects.filter(
            message_id__in=index.ids, ticket__brand_id=brand_id
        ).values_list("message_id", "ticket_id"):
            index.outbound[message_id] = ticket_id
        return index

    def covers(self, ids: Iterable[str]) -> bool:
        return all(i in self.ids for i in ids)

    def ticket_of(self, ids: Iterable[str]) -> int | None:
        """The ticket of the first id found: our sent mail first (the surest), then our
        messages, then stored mail."""
        for i in ids:
            if i in self.outbound:
                return self.outbound[i]
            if i in self.messages:
                return self.messages[i]
            if i in self.inbound:
                return self.inbound[i][2]
        return None

    def add_message(self, external_id: str, ticket_id: int) -> None:
        if external_id in self.ids:
            self.messages.setdefault(external_id, ticket_id)  # newer than any read

    def add_inbound(self, inbound: InboundEmail) -> None:
        key = inbound.message_id
        if key in self.ids and inbound.ticket_id is not None:
            entry = (inbound.received_at, inbound.pk, inbound.ticket_id)
            if key not in self.inbound or entry[:2] > self.inbound[key][:2]:
                self.inbound[key] = entry

    def add_outbound(self, message_id: str, ticket_id: int) -> None:
        if message_id in self.ids:
            self.outbound[message_id] = ticket_id  # the newest


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
