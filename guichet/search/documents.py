"""What a ticket or a contact is found by: pure functions from plain values to search texts.

See docs/search.md. A ticket has three parts so that the caller can restrict who matches what:
`title` (reference, subject, requester, organisation, tags) and `public_text` (customer messages
and public replies) may be matched by anyone who sees the ticket; `internal_text` (internal notes)
only by agents.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from guichet.search.text import search_text

TITLE_MAX = 4_000
PUBLIC_MAX = 200_000
INTERNAL_MAX = 100_000
NOTE = "note"
DEFAULT_COUNTRY_CODE = "+33"  # the one guichet.people.identities.normalise_phone assumes


@dataclass(frozen=True)
class TicketText:
    title: str
    public_text: str
    internal_text: str


@dataclass(frozen=True)
class ContactText:
    name: str
    details: str


def ticket_text(
    *,
    reference: str,
    subject: str,
    requester_name: str = "",
    requester_identities: Iterable[str] = (),
    organisation_name: str = "",
    tags: Iterable[str] = (),
    messages: Sequence[tuple[str, str]] = (),
) -> TicketText:
    """`messages` are (kind, text) pairs in conversation order; notes go to internal_text."""
    title = [
        reference, subject, requester_name, *identity_variants(requester_identities),
        organisation_name, *tags,
    ]  # fmt: skip
    public = [text for kind, text in messages if kind != NOTE]
    internal = [text for kind, text in messages if kind == NOTE]
    return TicketText(
        title=search_text(title, TITLE_MAX),
        public_text=search_text(public, PUBLIC_MAX),
        internal_text=search_text(internal, INTERNAL_MAX),
    )


def contact_text(
    *, name: str, identities: Iterable[str] = (), organisation_name: str = ""
) -> ContactText:
    return ContactText(
        name=search_text([name], TITLE_MAX),
        details=search_text([*identity_variants(identities), organisation_name], TITLE_MAX),
    )


def identity_variants(identities: Iterable[str]) -> list[str]:
    """Identities as stored, plus the national form of a default-country phone (+336… → 06…)."""
    out: list[str] = []
    for value in identities:
        out.append(value)
        if value.startswith(DEFAULT_COUNTRY_CODE):
            out.append("0" + value[len(DEFAULT_COUNTRY_CODE) :])
    return out
