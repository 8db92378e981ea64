"""Which ticket a message belongs to, and what to do with it: pure rules (docs/email.md#threading).

1. `thread_hints` reads, in order of trust: the ids in In-Reply-To and References (matched
   against our outgoing Message-IDs and the messages already on tickets), the signed tokens in
   the recipient addresses (support+<token>@...) and in those ids, then the references in the
   subject ("[TEL-1042]"), which anyone can type and so are trusted least.
2. `decide` says what happens once the ticket (if any) is known: append, reopen, open a new
   ticket linked to the old one, open a new ticket, hold for review, or ignore.
The database side (finding the ticket from the hints) lives in intake.py.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from . import tokens
from .message import ParsedMessage

SUBJECT_REFERENCE = re.compile(r"\[\s*([A-Za-z][A-Za-z0-9]{0,7})-(\d{1,9})\s*\]")
_REPLY_PREFIX = re.compile(
    r"^\s*((re|aw|sv|antw|ref|rép|rep|tr|fwd?|wg)\s*(\[\d+\])?\s*:\s*)+", re.I
)


@dataclass(frozen=True)
class ThreadHints:
    message_ids: tuple[str, ...]  # In-Reply-To first, then References from the newest
    token_ticket_ids: tuple[int, ...]  # from signed tokens, most trusted first
    subject_references: tuple[str, ...]  # upper-case "TEL-1042"

    @property
    def is_reply(self) -> bool:
        return bool(self.message_ids or self.token_ticket_ids or self.subject_references)


def thread_hints(parsed: ParsedMessage, recipients: Iterable[str] = ()) -> ThreadHints:
    """What in `parsed` (and the envelope `recipients`) may point at an existing ticket."""
    ids: list[str] = []
    for value in (parsed.in_reply_to, *reversed(parsed.references)):
        if value and value not in ids:
            ids.append(value)
    addresses = [*recipients, *(a.address for a in (*parsed.to, *parsed.cc))]
    found: list[int] = []
    for ticket_id in (
        *(tokens.ticket_from_address(address) for address in addresses),
        *(tokens.ticket_from_message_id(value) for value in ids),
    ):
        if ticket_id is not None and ticket_id not in found:
            found.append(ticket_id)
    return ThreadHints(tuple(ids), tuple(found), subject_references(parsed.subject))


def subject_references(subject: str) -> tuple[str, ...]:
    refs = (
        f"{prefix.upper()}-{int(number)}" for prefix, number in SUBJECT_REFERENCE.findall(subject)
    )
    return tuple(dict.fromkeys(refs))


def tag_subject(subject: str, reference: str) -> str:
    """The subject of our mail on a ticket: 'Re: <subject> [TEL-1042]', reference kept once."""
    base = SUBJECT_REFERENCE.sub("", subject)
    base = " ".join(_REPLY_PREFIX.sub("", base).split())
    return f"Re: {base} [{reference}]" if base else f"[{reference}]"


class Action(StrEnum):
    APPEND = "append"  # add the message to the ticket
    REOPEN = "reopen"  # the ticket was solved recently: add it and reopen
    NEW_LINKED = "new_linked"  # a new ticket, linked to the old one
    NEW = "new"  # a new ticket
    HOLD = "hold"  # held for an admin to review
    IGNORE = "ignore"  # kept as raw mail only (an auto-reply that would reopen or create)


@dataclass(frozen=True)
class TicketFacts:
    status: str
    solved_at: dt.datetime | None
    sender_is_participant: bool
    reference: str = ""


@dataclass(frozen=True)
class Decision:
    action: Action
    reason: str = ""


def decide(
    ticket: TicketFacts | None,
    *,
    now: dt.datetime,
    reopen_days: int,
    hold_strangers: bool,
    automatic: bool = False,
) -> Decision:
    """What to do with a message, given the ticket it points at (None: no ticket found).

    `automatic`: an auto-reply (out of office...), which never opens or reopens a ticket.
    """
    if ticket is None:
        if automatic:
            return Decision(Action.IGNORE, "auto-reply that answers no ticket")
        return Decision(Action.NEW)
    if not ticket.sender_is_participant:
        reason = f"sender is not a participant of {ticket.reference or 'the ticket'}"
        if hold_strangers:
            return Decision(Action.HOLD, reason)
        if automatic:
            return Decision(Action.IGNORE, f"auto-reply; {reason}")
        return Decision(Action.NEW_LINKED, reason)
    if ticket.status == "closed":
        if automatic:
            return Decision(Action.IGNORE, "auto-reply to a closed ticket")
        return Decision(Action.NEW_LINKED, "the ticket is closed")
    if ticket.status == "solved":
        recent = ticket.solved_at is None or now - ticket.solved_at <= dt.timedelta(
            days=reopen_days
        )
        if automatic:
            return Decision(Action.IGNORE, "auto-reply to a solved ticket")
        if recent:
            return Decision(Action.REOPEN, f"solved less than {reopen_days} days ago")
        return Decision(Action.NEW_LINKED, f"solved more than {reopen_days} days ago")
    return Decision(Action.APPEND)
