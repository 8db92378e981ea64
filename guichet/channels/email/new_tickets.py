"""Tickets opened by mail, written together (docs/email.md, "Batches").

`actions._new_ticket` checks and prepares everything a new ticket needs inside its message's
savepoint (a `NewTicket`: rows built, contacts resolved, attachments checked) and writes nothing
more; `write_new_tickets` then writes the tickets of several messages with one statement per
table: their numbers, the tickets, their `ticket_created` events (the SLA clocks and automations
follow each, as they follow one), the messages, attachments, copied participants, links and
acknowledgements. A message applied alone writes its ticket at once; a batch writes its pending
tickets before a message that might read them (a reply, or the same Message-ID) and at its end.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from guichet.audit.actions import record_event, record_ticket_events
from guichet.people.models import Contact
from guichet.tickets.actions import allocate_numbers, participant_rows
from guichet.tickets.message_actions import message_added, new_attachment
from guichet.tickets.models import Attachment, Message, Ticket, TicketLink, TicketParticipant
from guichet.tickets.uploads import CheckedUpload

from .models import Mailbox, OutboundEmail
from .outbound import acknowledgement, queue_outbound


@dataclass
class NewTicket:
    """A ticket a message opens, ready to write: its ticket and message rows are not saved."""

    ticket: Ticket
    message: Message
    files: list[tuple[CheckedUpload, bool]]  # checked attachments, and whether shown inline
    copied: list[Contact]  # participants in copy
    mailbox: Mailbox
    at: dt.datetime
    linked_to: Ticket | None = None  # a new ticket for a reply to a solved or closed one
    acknowledge: bool = False
    in_reply_to: str = ""  # the customer's Message-ID, for the acknowledgement
    requester_email: str | None = None  # when known (a contact just created)
    acknowledgement: OutboundEmail | None = None  # once written, if one is sent

    @property
    def external_id(self) -> str:
        return self.message.external_id


def write_new_tickets(plans: Sequence[NewTicket]) -> None:
    """Write the tickets, in order; callers hold a transaction (and a savepoint for a batch:
    a failure leaves nothing half written)."""
    if not plans:
        return
    _number(plans)
    Ticket.objects.bulk_create([plan.ticket for plan in plans])
    record_ticket_events(None, "ticket_created", [_created(plan) for plan in plans])
    for plan in plans:
        plan.message.ticket = plan.ticket  # its id, now that the ticket has one
    Message.objects.bulk_create([plan.message for plan in plans])
    for plan in plans:
        message_added(plan.message)
    Attachment.objects.bulk_create(
        new_attachment(plan.message, upload, inline=inline)
        for plan in plans
        for upload, inline in plan.files
    )
    TicketParticipant.objects.bulk_create(
        [row for plan in plans for row in participant_rows(plan.ticket, plan.copied)],
        ignore_conflicts=True,  # as add_contact_participants
    )
    for plan in plans:
        if plan.linked_to is not None:
            _link(plan, plan.linked_to)
    for plan in plans:
        if plan.acknowledge:
            plan.acknowledgement = acknowledgement(
                plan.ticket, plan.mailbox, in_reply_to=plan.in_reply_to,
                thread=[plan.external_id], to=plan.requester_email,
            )  # fmt: skip
    queue_outbound([plan.acknowledgement for plan in plans if plan.acknowledgement is not None])


def _number(plans: Sequence[NewTicket]) -> None:
    """Each brand's next numbers, in the order of the messages."""
    by_brand: dict[int, list[NewTicket]] = {}
    for plan in plans:
        by_brand.setdefault(plan.ticket.brand_id, []).append(plan)
    for group in by_brand.values():
        brand = group[0].ticket.brand
        for plan, number in zip(group, allocate_numbers(brand, len(group)), strict=True):
            plan.ticket.number = number
            plan.ticket.reference = f"{brand.ticket_prefix}-{number}"


def _created(plan: NewTicket) -> tuple[Ticket, dict[str, str], dt.datetime]:
    data = {"channel": "email", "reference": plan.ticket.reference, "mailbox": plan.mailbox.address}
    return plan.ticket, data, plan.at


def _link(plan: NewTicket, target: Ticket) -> None:
    TicketLink.objects.get_or_create(
        source=plan.ticket, target=target, kind=TicketLink.Kind.RELATED
    )
    link = {"target": target.pk, "kind": TicketLink.Kind.RELATED}
    record_event(None, "ticket_linked", plan.ticket, ticket=plan.ticket, at=plan.at, data=link)
