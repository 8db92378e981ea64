"""Who a message's people are: contacts found or created for its sender and copied addresses
(docs/email.md, "Intake"); applying a message is in actions.py."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils import timezone

from guichet.brands.models import Brand
from guichet.core.errors import ActionError
from guichet.people.actions import NewEmailContact, create_email_contacts
from guichet.people.identities import normalise_email
from guichet.people.models import Contact, ContactIdentity, Organisation
from guichet.tickets.models import Ticket, TicketParticipant

from . import lookups, queries
from .autoreply import NoiseKind
from .lookups import IntakeMemo
from .message import Address, ParsedMessage
from .models import InboundEmail, Mailbox

if TYPE_CHECKING:
    from .intake import Understood

MAX_CC = 20


def sender_of(parsed: ParsedMessage) -> Address | None:
    """Who wrote the message: From, else the first Reply-To."""
    for address in (parsed.from_, *parsed.reply_to):
        if address is not None and "@" in address.address:
            return address
    return None


def resolve_contact(
    brand: Brand, address: Address, *, language: str, memo: IntakeMemo
) -> Contact | None:
    """The contact with this email in the brand, created when unknown; None if invalid."""
    return resolve_contacts(brand, [address], language=language, memo=memo)[0]


def _contact_by_email(brand: Brand, value: str, memo: IntakeMemo) -> Contact | None:
    if (brand.pk, value) in memo.contacts:  # read for the whole batch
        contact = memo.contacts[(brand.pk, value)]
    else:
        identity = (
            ContactIdentity.objects.filter(
                brand=brand, kind=ContactIdentity.Kind.EMAIL, value=value
            )
            .select_related("contact")
            .first()
        )
        contact = identity.contact if identity is not None else None
    if contact is None:
        return None
    for _attempt in range(10):
        if contact.merged_into_id is None:
            break
        contact = Contact.objects.get(pk=contact.merged_into_id)
    return contact


def _organisation(brand: Brand, email: str, memo: IntakeMemo) -> Organisation | None:
    key = (brand.pk, email.rsplit("@", 1)[-1])
    if key not in memo.organisations:
        memo.organisations[key] = organisation_for(brand, email)
    return memo.organisations[key]


def organisation_for(brand: Brand, email: str) -> Organisation | None:
    """The organisation of the brand whose domains hold the address's domain (or a parent)."""
    labels = email.rsplit("@", 1)[-1].split(".")
    for start in range(len(labels) - 1):
        domain = ".".join(labels[start:])
        for org in Organisation.objects.filter(brand=brand, domains__icontains=domain):
            if domain in {str(d).strip().lower().lstrip("@") for d in org.domains or []}:
                return org
    return None


def is_participant(ticket: Ticket, contact: Contact) -> bool:
    if contact.pk == ticket.requester_id:
        return True
    return TicketParticipant.objects.filter(ticket=ticket, contact=contact).exists()


def copied_addresses(parsed: ParsedMessage, ours: set[str]) -> list[Address]:
    """The To and Cc addresses that may become participants (not our mailboxes)."""
    return [
        address
        for address in (*parsed.to, *parsed.cc)[: MAX_CC * 2]
        if not queries.is_ours(address.address, ours)
    ]


def resolve_contacts(
    brand: Brand, addresses: Sequence[Address], *, language: str, memo: IntakeMemo
) -> list[Contact | None]:
    """`resolve_contact` for each address (None: invalid); the unknown ones are created
    together (`create_email_contacts`: a clash with a contact created at the same moment
    elsewhere fails the message, which is tried again)."""
    values: list[str | None] = []
    found: dict[str, Contact] = {}
    new: dict[str, NewEmailContact] = {}
    for address in addresses:
        try:
            value = normalise_email(address.address)
        except ActionError:
            values.append(None)
            continue
        values.append(value)
        if value in found or value in new:
            continue
        contact = _contact_by_email(brand, value, memo)
        if contact is not None:
            found[value] = contact
        else:
            name = (address.name.strip() or value.split("@")[0])[:200]
            new[value] = NewEmailContact(name, value, _organisation(brand, value, memo))
    if new:
        created = create_email_contacts(brand, list(new.values()), preferred_language=language)
        for contact, value in zip(created, new, strict=True):
            found[value] = contact
            memo.contacts[(brand.pk, value)] = contact  # memo.forget() drops them on a rollback
            memo.emails[contact.pk] = value
    return [found[value] if value is not None else None for value in values]


def create_people(
    memo: IntakeMemo, mailbox: Mailbox, batch: Sequence[tuple[InboundEmail, Understood]]
) -> None:
    """The unknown people of a batch, made contacts together before its first message is
    applied: one INSERT per table for the batch instead of three per message and address
    list. Only people the messages would make contacts of themselves (docs/email.md,
    "Batches"), so the contacts are the same; the others are left to their messages."""
    brand, ours, people = mailbox.brand, memo.our_addresses(), []
    window = lookups.rate_window(timezone.now())
    counted: dict[str, int] = {}
    for inbound, understood in batch:
        sender = sender_of(understood.parsed)
        if (
            sender is None
            or inbound.override
            or understood.noise.kind is NoiseKind.BOUNCE
            or queries.is_ours(sender.address, ours)
            or memo.on_ticket.get((brand.pk, understood.parsed.message_id[:255])) is not None
        ):
            continue
        key = sender.address.lower()[:254]
        counted[key] = counted.get(key, 0) + 1
        if mailbox.rate_limit_per_hour and (
            memo.rates.get((mailbox.pk, key, window), 0) + counted[key]
            > mailbox.rate_limit_per_hour
        ):
            continue  # held for the rate limit
        people.append(sender)
        if _copies_people(mailbox, understood, sender):
            people += copied_addresses(understood.parsed, ours)
    if people:
        try:
            with transaction.atomic():
                resolve_contacts(brand, people, language=mailbox.language, memo=memo)
        except IntegrityError:  # one was created meanwhile elsewhere: each message resolves
            memo.contacts.clear()


def _copies_people(mailbox: Mailbox, understood: Understood, sender: Address) -> bool:
    """Surely not held or ignored: the message will make participants of its copied people.
    (An auto-reply may be ignored; a reply may be held when the mailbox holds strangers; a
    sender with an invalid address is held.)"""
    try:
        normalise_email(sender.address)
    except ActionError:
        return False
    holds = mailbox.stranger_policy == Mailbox.StrangerPolicy.HOLD
    automatic = understood.noise.kind is NoiseKind.AUTO_REPLY
    return not automatic and not (holds and understood.hints.is_reply)
