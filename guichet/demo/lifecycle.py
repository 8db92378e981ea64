"""What happens to a demo ticket after it arrives, replayed up to "now". See docs/demo.md.

Each step (assignment, reply, question, customer answer, note, escalation, solve, reopening,
automatic close) appends the messages and audit events the real actions would record
(guichet/tickets/actions.py, message_actions.py) and updates the ticket's fields. A step
dated after the anchor raises Cutoff: the ticket keeps the state it had at that moment,
which is what leaves recent tickets new, open, pending or on hold.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from random import Random
from typing import Any

from guichet.demo.plan import EventPlan, MessagePlan, TicketPlan
from guichet.demo.specs import IntentSpec
from guichet.demo.text import AgentWriter
from guichet.demo.timeline import business_after, lognormal_minutes

ASSIGN_MINUTES = {"urgent": 8, "high": 15, "normal": 35, "low": 60}
FIRST_REPLY_MINUTES = {"urgent": 25, "high": 70, "normal": 180, "low": 420}
PRIORITY_FACTOR = {"urgent": 0.4, "high": 0.7, "normal": 1.0, "low": 1.4}
TIER_FACTOR = {1: 1.0, 2: 3.0, 3: 8.0}
AUTO_CLOSE = dt.timedelta(days=4)
MAX_RESOLVE_MINUTES = 5 * 24 * 60  # a median; with its tail, at most about 25 days
OpenHours = tuple[tuple[int, int] | None, ...]


class Cutoff(Exception):
    """The next step would happen after the anchor."""


@dataclass(frozen=True)
class Staffing:
    """Who can take a ticket: `pick(team)` draws an agent; `teams[tier]` is the team to escalate to."""

    pick: Callable[[Random, str], str]
    first_name: Callable[[str], str]
    escalation_team: Callable[[int], str]


class Lifecycle:
    def __init__(
        self,
        ticket: TicketPlan,
        anchor: dt.datetime,
        hours: OpenHours,
        staffing: Staffing,
        customer_actor: str = "",
    ):
        self.ticket, self.anchor, self.hours = ticket, anchor, hours
        self.staffing, self.customer_actor = staffing, customer_actor

    # --- recording --------------------------------------------------------------
    def _at(self, moment: dt.datetime) -> dt.datetime:
        if moment > self.anchor:
            raise Cutoff
        self.ticket.updated_at = moment
        return moment

    def _message(self, kind: str, at: dt.datetime, body: str, author: str = "") -> int:
        self.ticket.messages.append(MessagePlan(kind, at, body, author))
        return len(self.ticket.messages) - 1

    def _event(self, verb: str, at: dt.datetime, actor: str = "", **kwargs: Any) -> None:
        self.ticket.events.append(EventPlan(verb, at, actor, **kwargs))

    def _status(self, at: dt.datetime, new: str, actor: str) -> None:
        ticket, old = self.ticket, self.ticket.status
        if new == old:
            return
        if new == "solved":
            ticket.solved_at = at
        elif new == "closed":
            ticket.closed_at = at
        elif old == "solved":
            ticket.reopen_count += 1
            ticket.solved_at = None
        ticket.status = new
        self._event("ticket_updated", at, actor, changes=(("status", old, new),))

    # --- steps -------------------------------------------------------------------
    def create(self, body: str) -> None:
        ticket = self.ticket
        at = self._at(ticket.created_at)
        data = (("channel", ticket.channel), ("reference", ticket.reference))
        self._event("ticket_created", at, self.customer_actor, data=data)
        self._message("customer", at, body)

    def assign(self, rng: Random, at: dt.datetime) -> str:
        at = self._at(at)
        agent = self.staffing.pick(rng, self.ticket.team)
        old, self.ticket.assignee = self.ticket.assignee, agent
        self._event("ticket_updated", at, agent, changes=(("assignee", old, agent),))
        return agent

    def reply(self, at: dt.datetime, body: str, status: str | None = None) -> None:
        at = self._at(at)
        agent = self.ticket.assignee
        index = self._message("reply", at, body, agent)
        if self.ticket.first_reply_at is None:
            self.ticket.first_reply_at = at
        self._event("reply_sent", at, agent, message=index)
        wanted = status or ("open" if self.ticket.status == "new" else self.ticket.status)
        self._status(at, wanted, agent)

    def customer(self, at: dt.datetime, body: str) -> None:
        at = self._at(at)
        index = self._message("customer", at, body)
        if self.ticket.status in ("pending", "solved"):
            self._status(at, "open", self.customer_actor)
        self._event("customer_replied", at, self.customer_actor, message=index)

    def note(self, at: dt.datetime, body: str) -> None:
        at = self._at(at)
        index = self._message("note", at, body, self.ticket.assignee)
        self._event("note_added", at, self.ticket.assignee, message=index, data=(("mentions", []),))

    def escalate(self, at: dt.datetime, tier: int, reason: str) -> None:
        at = self._at(at)
        ticket = self.ticket
        team = self.staffing.escalation_team(tier)
        changes = (
            ("tier", ticket.tier, tier),
            ("team", ticket.team, team),
            ("assignee", ticket.assignee, None),
        )
        data = (("reason", reason), ("from_tier", ticket.tier), ("to_tier", tier))
        self._event("ticket_escalated", at, ticket.assignee, changes=changes, data=data)
        ticket.tier, ticket.team, ticket.assignee = tier, team, ""
        if ticket.status == "new":
            ticket.status = "open"
        if "escalade" not in ticket.tags:
            ticket.tags = (*ticket.tags, "escalade")

    def set_status(self, at: dt.datetime, status: str, actor: str = "") -> None:
        self._status(self._at(at), status, actor)


def _escalate(
    life: Lifecycle,
    rng: Random,
    writer: AgentWriter,
    at: dt.datetime,
    reasons: dict[int, tuple[str, ...]],
) -> dt.datetime:
    ticket = life.ticket
    tier = ticket.tier + 1
    at = business_after(rng, at, 120, life.hours)
    reason = rng.choice(reasons[tier])
    life.note(at, f"Escalade N{tier} : {reason}")
    life.reply(at, writer.transfer(life.staffing.first_name(ticket.assignee)))
    life.escalate(at, tier, reason)
    at = business_after(rng, at, 60 * tier, life.hours)
    life.assign(rng, at)
    return at


def _solve(
    life: Lifecycle, rng: Random, writer: AgentWriter, intent: IntentSpec, at: dt.datetime
) -> None:
    ticket = life.ticket
    minutes = min(
        intent.resolve_hours * 60 * PRIORITY_FACTOR[ticket.priority] * TIER_FACTOR[ticket.tier],
        MAX_RESOLVE_MINUTES,
    )
    if ticket.tier == 3 and rng.random() < 0.5:
        at = business_after(rng, at, 90, life.hours)
        life.set_status(at, "on_hold", ticket.assignee)
    at = business_after(rng, at, minutes, life.hours, sigma=0.9)
    life.reply(at, writer.solution(life.staffing.first_name(ticket.assignee)), status="solved")


def run(
    life: Lifecycle,
    rng: Random,
    writer: AgentWriter,
    intent: IntentSpec,
    first_body: str,
    texts: tuple[Callable[[], str], Callable[[], str]],
    reasons: dict[int, tuple[str, ...]],
) -> None:
    """Play the ticket's life; `texts` makes the customer's follow-up and reopening messages."""
    with contextlib.suppress(Cutoff):
        _run(life, rng, writer, intent, first_body, texts, reasons)


def _run(
    life: Lifecycle,
    rng: Random,
    writer: AgentWriter,
    intent: IntentSpec,
    first_body: str,
    texts: tuple[Callable[[], str], Callable[[], str]],
    reasons: dict[int, tuple[str, ...]],
) -> None:
    ticket, hours = life.ticket, life.hours
    follow_up, reopening = texts
    life.create(first_body)
    at = business_after(rng, ticket.created_at, ASSIGN_MINUTES[ticket.priority], hours, 0.9)
    agent = life.assign(rng, at)
    at = max(
        at, business_after(rng, ticket.created_at, FIRST_REPLY_MINUTES[ticket.priority], hours)
    )
    escalations = 0
    if ticket.tier < 3 and rng.random() < (
        intent.escalate if ticket.tier == 1 else intent.escalate_deep
    ):
        escalations = 1 + (ticket.tier == 1 and rng.random() < intent.escalate_deep)
    simple = intent.type in ("question", "request")
    if not escalations and rng.random() < (0.5 if simple else 0.3):
        life.reply(at, writer.solution(life.staffing.first_name(agent)), status="solved")
    else:
        if rng.random() < 0.45:
            life.reply(at, writer.question(life.staffing.first_name(agent)), status="pending")
            at = at + lognormal_minutes(rng, 300, 1.0)
            life.customer(at, follow_up())
            at = business_after(rng, at, FIRST_REPLY_MINUTES[ticket.priority], hours)
        else:
            life.reply(at, writer.acknowledgement(life.staffing.first_name(agent)))
        if rng.random() < 0.15:
            at = business_after(rng, at, 30, hours)
            life.note(at, writer.note())
        for _ in range(escalations):
            at = _escalate(life, rng, writer, at, reasons)
        _solve(life, rng, writer, intent, at)
    _after_solve(life, rng, writer, intent, reopening)


def _after_solve(
    life: Lifecycle,
    rng: Random,
    writer: AgentWriter,
    intent: IntentSpec,
    reopening: Callable[[], str],
) -> None:
    ticket = life.ticket
    assert ticket.solved_at is not None
    if rng.random() < intent.reopen:
        at = ticket.solved_at + lognormal_minutes(rng, 900, 0.8)
        if at < ticket.solved_at + AUTO_CLOSE:
            life.customer(at, reopening())
            ticket.tags = (*ticket.tags, "reouvert")
            at = business_after(rng, at, FIRST_REPLY_MINUTES[ticket.priority], life.hours)
            life.reply(
                at, writer.solution(life.staffing.first_name(ticket.assignee)), status="solved"
            )
    assert ticket.solved_at is not None
    life.set_status(ticket.solved_at + AUTO_CLOSE, "closed", "")
