"""Keeping the search index up to date. See docs/search.md.

Actions call `reindex_ticket_on_commit` / `reindex_contact_on_commit` / `reindex_organisation_on_commit`
after their writes; the documents are rebuilt once the transaction commits, in one batch per
transaction (a failure is logged, never raised into the request: the data is committed, and
`search_reindex` repairs the index).
`reindex_tickets` / `reindex_contacts` rebuild documents in batches for the management command.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial
from itertools import islice

from django.db import transaction
from django.utils import timezone

from guichet.people.models import Contact, ContactIdentity
from guichet.search.backends import lexical_backend
from guichet.search.documents import contact_text, ticket_text
from guichet.search.models import ContactDocument, TicketDocument
from guichet.tickets.models import Message, Ticket

BATCH = 500


def _batches(ids: Iterable[int], size: int = BATCH) -> Iterator[list[int]]:
    iterator = iter(ids)
    while batch := list(islice(iterator, size)):
        yield batch


def _identities(contact_ids: Iterable[int]) -> dict[int, list[str]]:
    found: dict[int, list[str]] = defaultdict(list)
    rows = ContactIdentity.objects.filter(contact_id__in=list(contact_ids)).order_by("pk")
    for contact_id, value in rows.values_list("contact_id", "value"):
        found[contact_id].append(value)
    return found


def ticket_documents(ticket_ids: list[int]) -> list[TicketDocument]:
    """The documents of these tickets, in four queries whatever their number."""
    tickets = list(
        Ticket.objects.filter(pk__in=ticket_ids)
        .order_by()
        .values_list(
            "pk", "reference", "subject", "requester_id", "requester__name", "organisation__name"
        )
    )
    identities = _identities({row[3] for row in tickets})
    messages: dict[int, list[tuple[str, str]]] = defaultdict(list)
    rows = Message.objects.filter(ticket_id__in=ticket_ids).order_by(
        "ticket_id", "created_at", "pk"
    )
    for ticket_id, kind, body in rows.values_list("ticket_id", "kind", "body_text"):
        messages[ticket_id].append((kind, body))
    tags: dict[int, list[str]] = defaultdict(list)
    through = Ticket.tags.through.objects.filter(ticket_id__in=ticket_ids).order_by()
    for ticket_id, name in through.values_list("ticket_id", "tag__name"):
        tags[ticket_id].append(name)
    now = timezone.now()
    documents = []
    for pk, reference, subject, requester_id, requester_name, organisation_name in tickets:
        text = ticket_text(
            reference=reference,
            subject=subject,
            requester_name=requester_name or "",
            requester_identities=identities.get(requester_id, ()),
            organisation_name=organisation_name or "",
            tags=tags.get(pk, ()),
            messages=messages.get(pk, ()),
        )
        documents.append(
            TicketDocument(
                ticket_id=pk,
                title=text.title,
                public_text=text.public_text,
                internal_text=text.internal_text,
                indexed_at=now,
            )
        )
    return documents


def contact_documents(contact_ids: list[int]) -> list[ContactDocument]:
    contacts = list(
        Contact.objects.filter(pk__in=contact_ids)
        .order_by()
        .values_list("pk", "name", "organisation__name")
    )
    identities = _identities(contact_ids)
    now = timezone.now()
    documents = []
    for pk, name, organisation_name in contacts:
        text = contact_text(
            name=name,
            identities=identities.get(pk, ()),
            organisation_name=organisation_name or "",
        )
        documents.append(
            ContactDocument(contact_id=pk, name=text.name, details=text.details, indexed_at=now)
        )
    return documents


def reindex_tickets(ticket_ids: Iterable[int]) -> int:
    """Rebuild the documents of these tickets; returns how many were written."""
    written = 0
    for batch in _batches(sorted(set(ticket_ids))):
        documents = ticket_documents(batch)
        with transaction.atomic():
            TicketDocument.objects.bulk_create(
                documents,
                update_conflicts=True,
                unique_fields=["ticket"],
                update_fields=["title", "public_text", "internal_text", "indexed_at"],
            )
        written += len(documents)
    return written


def reindex_contacts(contact_ids: Iterable[int]) -> int:
    written = 0
    for batch in _batches(sorted(set(contact_ids))):
        documents = contact_documents(batch)
        with transaction.atomic():
            ContactDocument.objects.bulk_create(
                documents,
                update_conflicts=True,
                unique_fields=["contact"],
                update_fields=["name", "details", "indexed_at"],
            )
        written += len(documents)
    return written


def reindex_ticket(ticket_id: int) -> None:
    reindex_tickets([ticket_id])


def reindex_contact(contact_id: int, *, with_tickets: bool = True) -> None:
    """A contact's document and, because a ticket is found by its requester, their tickets."""
    reindex_contacts([contact_id])
    if with_tickets:
        reindex_tickets(_ticket_ids(Ticket.objects.filter(requester_id=contact_id)))


def reindex_organisation(organisation_id: int) -> None:
    """Documents that carry an organisation's name: its contacts and its tickets."""
    reindex_contacts(
        Contact.objects.filter(organisation_id=organisation_id).values_list("pk", flat=True)
    )
    reindex_tickets(_ticket_ids(Ticket.objects.filter(organisation_id=organisation_id)))


def _ticket_ids(queryset: object) -> list[int]:
    return list(queryset.order_by().values_list("pk", flat=True))  # type: ignore[attr-defined]


# --- Called by actions: rebuild once the transaction commits ----------------------------------


@dataclass
class _Pending:
    """What to rebuild when the current transaction commits: one batch for all its actions
    (a mail batch applies dozens of messages in one transaction). Ids from a rolled-back
    savepoint may stay: rebuilding a document from the committed rows is always right."""

    tickets: set[int] = field(default_factory=set)
    contacts: set[int] = field(default_factory=set)
    requesters: set[int] = field(default_factory=set)  # contacts whose tickets follow
    done: bool = False

    def flush_contacts(self) -> None:
        self.done = True
        reindex_contacts(self.contacts | self.requesters)

    def flush_tickets(self) -> None:
        self.done = True
        tickets = set(self.tickets)
        if self.requesters:
            requested = Ticket.objects.filter(requester_id__in=sorted(self.requesters))
            tickets.update(_ticket_ids(requested))
        reindex_tickets(tickets)


def _pending() -> _Pending | None:
    """The batch of the current transaction (None outside one: rebuild at once)."""
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        return None
    pending: _Pending | None = getattr(connection, "guichet_search_pending", None)
    if (
        pending is None
        or pending.done  # run (e.g. by captureOnCommitCallbacks), or rolled back with its savepoint:
        or not any(entry[1] == pending.flush_tickets for entry in connection.run_on_commit)
    ):
        pending = _Pending()
        connection.guichet_search_pending = pending  # type: ignore[attr-defined]
        transaction.on_commit(pending.flush_contacts, robust=True)
        transaction.on_commit(pending.flush_tickets, robust=True)
    return pending


def reindex_ticket_on_commit(*ticket_ids: int) -> None:
    pending = _pending()
    if pending is None:
        reindex_tickets(ticket_ids)
    else:
        pending.tickets.update(ticket_ids)


def reindex_contact_on_commit(*contact_ids: int, with_tickets: bool = True) -> None:
    pending = _pending()
    if pending is None:
        for contact_id in contact_ids:
            reindex_contact(contact_id, with_tickets=with_tickets)
    else:
        (pending.requesters if with_tickets else pending.contacts).update(contact_ids)


def reindex_organisation_on_commit(organisation_id: int) -> None:
    transaction.on_commit(partial(reindex_organisation, organisation_id), robust=True)


# --- Full rebuild (management command search_reindex) ---------------------------------------


def rebuild(*, clear: bool = False) -> tuple[int, int]:
    """Rebuild every document in batches; returns (tickets, contacts) indexed.

    Without `clear`, documents are overwritten in place and search keeps working meanwhile.
    With `clear`, or when the index is empty (after a bulk load), the index is emptied and
    loaded in the backend's bulk mode, which is faster.
    """
    empty = not (TicketDocument.objects.exists() or ContactDocument.objects.exists())
    if not (clear or empty):
        return _reindex_everything()
    TicketDocument.objects.all().delete()
    ContactDocument.objects.all().delete()
    with lexical_backend().bulk_load():
        return _reindex_everything()


def _reindex_everything() -> tuple[int, int]:
    tickets = reindex_tickets(Ticket.objects.order_by("pk").values_list("pk", flat=True))
    contacts = reindex_contacts(Contact.objects.order_by("pk").values_list("pk", flat=True))
    return tickets, contacts
