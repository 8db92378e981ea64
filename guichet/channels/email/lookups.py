"""What the messages of one batch read, fetched in a few queries (docs/email.md#batches).

`IntakeMemo` is shared by the messages applied in one transaction. `prefetch` fills it for the
whole batch before the first message is applied: the sender and copied contacts, the messages
already on a ticket, the organisations of new senders' domains, the rate-limit counters. Each
lookup falls back to its own query for a key the prefetch did not cover, so a memo that is
empty (a message applied alone) or forgotten (after a failure) gives the same answers, only
slower. What a message of the batch creates is remembered only once its savepoint succeeded
(`remember`), so a rolled-back message leaves nothing behind in the memo.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, connections, transaction
from django.db.models import F, Q

from guichet.core.errors import ActionError
from guichet.people.identities import normalise_email
from guichet.people.models import Contact, ContactIdentity, Organisation
from guichet.tickets.models import Message

from . import queries
from .message import Address
from .models import InboundEmail, Mailbox, OutboundEmail, SenderRate

if TYPE_CHECKING:
    from .intake import Understood

RateKey = tuple[int, str, dt.datetime]  # (mailbox id, sender, hour)


@dataclass
class IntakeMemo:
    """Reads shared by the messages applied in one transaction (a batch): each made once."""

    ours: set[str] | None = None
    organisations: dict[tuple[int, str], Organisation | None] = field(default_factory=dict)
    rates: dict[RateKey, int] = field(default_factory=dict)  # counts, ours included
    rate_rows: set[RateKey] = field(default_factory=set)  # counters that exist in the database
    rates_owed: dict[RateKey, int] = field(default_factory=dict)  # counted, not yet written
    counting: list[RateKey] = field(default_factory=list)  # by the message being applied
    contacts: dict[tuple[int, str], Contact | None] = field(default_factory=dict)
    on_ticket: dict[tuple[int, str], int | None] = field(default_factory=dict)  # message pk
    threads: queries.ThreadIndex | None = None  # the batch's In-Reply-To and References
    emails: dict[int, str] = field(default_factory=dict)  # of contacts created here: email_of
    # A batch writes its messages' new tickets itself, together (batch_actions._Pending).
    write_later: bool = False

    def our_addresses(self) -> set[str]:
        if self.ours is None:
            self.ours = queries.our_addresses()
        return self.ours

    def forget(self) -> None:
        """After a rolled-back message: what it created may be in the memo; read again."""
        self.counting.clear()
        write_rates(self)
        self.contacts.clear()
        self.on_ticket.clear()
        self.rates.clear()
        self.rate_rows.clear()
        self.threads = None
        self.emails.clear()

    def remember(
        self,
        inbound: InboundEmail,
        message: Message | None,
        acknowledgement: OutboundEmail | None,
    ) -> None:
        """A message of the batch succeeded (its row settled in memory): what it counted and
        added, for the next ones. (The contacts it created are in `contacts` already:
        `forget` drops them on failure.)"""
        self.count()
        brand_id = inbound.mailbox.brand_id
        if message is not None and self.on_ticket.get((brand_id, message.external_id)) is None:
            self.on_ticket[(brand_id, message.external_id)] = message.pk
        if self.threads is None:
            return
        if message is not None:
            self.threads.add_message(message.external_id, message.ticket_id)
        self.threads.add_inbound(inbound)
        if acknowledgement is not None:
            self.threads.add_outbound(acknowledgement.message_id, acknowledgement.ticket_id)

    def count(self) -> list[RateKey]:
        """What the message just applied counted, added to the batch's counts; the keys."""
        counted, self.counting = self.counting, []
        for key in counted:
            self.rates_owed[key] = self.rates_owed.get(key, 0) + 1
            self.rates[key] += 1
        return counted

    def uncount(self, counted: list[RateKey]) -> None:
        """Take back what `count` added (a message whose ticket could not be written), as far
        as it is not written yet (`forget` writes the counts)."""
        for key in counted:
            if key in self.rates:
                self.rates[key] -= 1
            if self.rates_owed.get(key):
                self.rates_owed[key] -= 1
                if not self.rates_owed[key]:
                    del self.rates_owed[key]


def count_in_batch(memo: IntakeMemo, key: RateKey) -> int | None:
    """The count with this message, when the batch's memo knows it (written by write_rates)."""
    if key not in memo.rates:
        return None
    memo.counting.append(key)
    return memo.rates[key] + 1


def write_rates(memo: IntakeMemo) -> None:
    """The counts of the batch's messages, written: one UPDATE run for every known counter
    (executemany, in key order, so that two workers lock them in the same order), one INSERT
    for the new ones."""
    owed, memo.rates_owed = memo.rates_owed, {}
    new = [key for key in sorted(owed) if key not in memo.rate_rows]
    _add_counts([(key, owed[key]) for key in sorted(owed) if key in memo.rate_rows])
    rows = [SenderRate(mailbox_id=k[0], sender=k[1], window_start=k[2], count=owed[k]) for k in new]
    try:
        if rows:
            with transaction.atomic():
                SenderRate.objects.bulk_create(rows)
    except IntegrityError:  # one was created meanwhile by another worker: one at a time
        for key in new:
            if not _add_count(key, owed[key]):
                SenderRate.objects.create(
                    mailbox_id=key[0], sender=key[1], window_start=key[2], count=owed[key]
                )
    memo.rate_rows.update(new)


def _add_counts(counts: list[tuple[RateKey, int]]) -> None:
    """`_add_count` for each, as one statement run for all (the ORM would compile each)."""
    if not counts:
        return
    connection = connections[SenderRate.objects.db]
    quote = connection.ops.quote_name
    meta = SenderRate._meta
    fields: dict[str, Any] = {name: meta.get_field(name) for name in ("count", "sender")}
    column = {name: quote(field.column) for name, field in fields.items()}
    mailbox: Any = meta.get_field("mailbox")
    window: Any = meta.get_field("window_start")
    sql = (
        f"UPDATE {quote(meta.db_table)} SET {column['count']} = {column['count']} + %s "  # noqa: S608
        f"WHERE {quote(mailbox.column)} = %s AND {column['sender']} = %s "  # (model names)
        f"AND {quote(window.column)} = %s"
    )
    values = [
        [count, key[0], key[1], window.get_db_prep_value(key[2], connection)]
        for key, count in counts
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, values)


def _add_count(key: RateKey, count: int) -> int:
    return SenderRate.objects.filter(mailbox_id=key[0], sender=key[1], window_start=key[2]).update(
        count=F("count") + count
    )


def rate_window(now: dt.datetime) -> dt.datetime:
    return now.replace(minute=0, second=0, microsecond=0)


def addresses_of(understood: Understood) -> list[Address]:
    parsed = understood.parsed
    return [a for a in (parsed.from_, *parsed.reply_to, *parsed.to, *parsed.cc) if a is not None]


def prefetch(
    memo: IntakeMemo, mailbox: Mailbox, batch: Sequence[Understood], now: dt.datetime
) -> None:
    """Fill `memo` for the messages of one mailbox's batch (4 to 5 queries in all)."""
    brand_id = mailbox.brand_id
    emails = _valid_emails(a.address for u in batch for a in addresses_of(u))
    _prefetch_contacts(memo, brand_id, emails)
    unknown = [e for e in emails if memo.contacts.get((brand_id, e)) is None]
    _prefetch_organisations(memo, brand_id, {e.rsplit("@", 1)[-1] for e in unknown})
    ids = {u.parsed.message_id[:255] for u in batch}
    found = dict.fromkeys(ids)
    for external_id, pk in (
        Message.objects.filter(external_id__in=ids, ticket__brand_id=brand_id)
        .order_by("created_at", "id")
        .values_list("external_id", "pk")
    ):
        if found[external_id] is None:
            found[external_id] = pk
    memo.on_ticket.update({(brand_id, key): pk for key, pk in found.items()})
    hinted = {i for u in batch for i in u.hints.message_ids}
    memo.threads = queries.ThreadIndex.read(brand_id, hinted)
    if mailbox.rate_limit_per_hour:
        senders = {a.address.lower()[:254] for u in batch for a in addresses_of(u)[:2]}
        _prefetch_rates(memo, mailbox, senders, rate_window(now))


def _valid_emails(addresses: Iterable[str]) -> list[str]:
    valid: dict[str, None] = {}
    for address in addresses:
        try:
            valid[normalise_email(address)] = None
        except ActionError:
            continue
    return list(valid)


def _prefetch_contacts(memo: IntakeMemo, brand_id: int, emails: list[str]) -> None:
    found: dict[str, Contact | None] = dict.fromkeys(emails)
    for identity in ContactIdentity.objects.filter(
        brand_id=brand_id, kind=ContactIdentity.Kind.EMAIL, value__in=emails
    ).select_related("contact"):
        found[identity.value] = identity.contact
    memo.contacts.update({(brand_id, email): contact for email, contact in found.items()})


def _prefetch_organisations(memo: IntakeMemo, brand_id: int, domains: set[str]) -> None:
    """The organisation of each domain, as `organisation_for` finds it, in one query."""
    domains = {d for d in domains if (brand_id, d) not in memo.organisations}
    suffixes = {s for d in domains for s in domain_suffixes(d)}
    if not suffixes:
        return
    matches = Q()
    for suffix in sorted(suffixes):
        matches |= Q(domains__icontains=suffix)
    candidates = list(Organisation.objects.filter(matches, brand_id=brand_id))
    for domain in domains:
        memo.organisations[(brand_id, domain)] = organisation_among(candidates, domain)


def domain_suffixes(domain: str) -> list[str]:
    """a.b.example -> [a.b.example, b.example]: the domain and its parents, never the TLD."""
    labels = domain.split(".")
    return [".".join(labels[start:]) for start in range(len(labels) - 1)]


def organisation_among(organisations: Sequence[Organisation], domain: str) -> Organisation | None:
    """The first organisation (in their order) listing the domain, else a parent domain."""
    for suffix in domain_suffixes(domain):
        for org in organisations:
            if suffix in {str(d).strip().lower().lstrip("@") for d in org.domains or []}:
                return org
    return None


def _prefetch_rates(
    memo: IntakeMemo, mailbox: Mailbox, senders: set[str], window: dt.datetime
) -> None:
    counts = dict.fromkeys(senders, 0)
    for sender, count in SenderRate.objects.filter(
        mailbox=mailbox, window_start=window, sender__in=senders
    ).values_list("sender", "count"):
        counts[sender] = count
        memo.rate_rows.add((mailbox.pk, sender, window))
    memo.rates.update({(mailbox.pk, s, window): c for s, c in counts.items()})
