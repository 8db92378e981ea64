"""Escalation: the history of each ticket, rule timers, what a rule does when it fires, the
handover note, and the tier-to-tier rates for reporting. See docs/sla.md ("Escalation").

Tiers N1..N4 are teams (`guichet.people.Team.tier`); escalating goes through the ticket
action `do_escalate_ticket` (as the system actor for rules), which records `ticket_escalated`;
`record_escalation` then keeps an `EscalationRecord` and schedules the handover note.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.db.models import Count, F, IntegerField, Max, Min, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from guichet.core.transaction_memo import memoised
from guichet.jobs.enqueue import on_commit
from guichet.sla import clock, targets
from guichet.sla.calendars import calendar_of
from guichet.sla.choices import RuleTrigger
from guichet.sla.facts import condition_keys, facts_of
from guichet.sla.models import (
    EscalationRecord,
    EscalationRule,
    EscalationTimer,
    TicketTarget,
)
from guichet.sla.policies import matches
from guichet.tickets.models import Ticket

_escalating_rule: ContextVar[int | None] = ContextVar("guichet_escalating_rule", default=None)


@contextmanager
def escalating_by(rule_id: int) -> Iterator[None]:
    """Escalations made inside are recorded as made by this rule (automatic)."""
    token = _escalating_rule.set(rule_id)
    try:
        yield
    finally:
        _escalating_rule.reset(token)


def record_escalation(event: Any) -> EscalationRecord:
    """Keep the history line of a `ticket_escalated` event and schedule its handover note."""
    from guichet.sla.system import is_system
    from guichet.sla.tasks import write_handover_note

    data = event.data or {}
    rule_id = _escalating_rule.get()
    record, created = EscalationRecord.objects.get_or_create(
        event=event,
        defaults={
            "ticket_id": event.ticket_id, "from_tier": int(data.get("from_tier") or 0),
            "to_tier": int(data.get("to_tier") or 0), "reason": str(data.get("reason", "")),
            "actor_id": event.actor_id, "rule_id": rule_id,
            "automatic": rule_id is not None or is_system(event.actor),
            "created_at": event.created_at,
        },
    )  # fmt: skip
    if created:
        on_commit(write_handover_note, event.pk)
    return record


# --- Rule timers ("elapsed" rules) ---------------------------------------------------------


def sync_timers(ticket: Ticket, at: dt.datetime) -> None:
    """Create, move or cancel the ticket's timers for the brand's 'elapsed' rules.

    1. A rule with a metric gets one timer per running clock of that metric, firing after
       `after_minutes` of the clock's unpaused business time (None while paused).
    2. A rule without a metric fires `after_minutes` real minutes after the ticket first
       matches (0: at once), once per ticket.
    3. Timers of rules the ticket no longer matches are cancelled (and revived if it matches
       again); fired timers are never touched.
    """
    rules = elapsed_rules(ticket.brand_id)
    if not rules:
        return
    facts = facts_of(ticket, condition_keys(rule.conditions for rule in rules))
    running = list(
        TicketTarget.objects.filter(ticket=ticket, completed_at__isnull=True).select_related(
            "calendar"
        )
    )
    timers = {(t.rule_id, t.target_id): t for t in EscalationTimer.objects.filter(ticket=ticket)}
    for rule in rules:
        ok = ticket.is_open and matches(rule.conditions, facts)
        fire_at: dt.datetime | None
        if not rule.metric:
            fire_at = targets_plus(at, rule.after_minutes)
            _sync(timers.get((rule.pk, None)), rule, ticket, None, ok, fire_at, at, moves=False)
            continue
        for target in running:
            if target.metric == rule.metric:
                fire_at = clock.due_at(
                    calendar_of(target.calendar), target.started_at, rule.after_minutes,
                    targets.load_pauses(target.pauses),
                )  # fmt: skip
                _sync(timers.get((rule.pk, target.pk)), rule, ticket, target, ok, fire_at, at)


def elapsed_rules(brand_id: int) -> list[EscalationRule]:
    """The brand's active 'elapsed' rules (read once per transaction: transaction_memo.py)."""
    return memoised(
        "sla", ("elapsed_rules", brand_id),
        lambda: list(
            EscalationRule.objects.filter(
                brand_id=brand_id, active=True, trigger=RuleTrigger.ELAPSED
            )
        ),
    )  # fmt: skip


def targets_plus(at: dt.datetime, minutes: int) -> dt.datetime:
    return at.astimezone(dt.UTC) + dt.timedelta(minutes=minutes)


def _sync(
    timer: EscalationTimer | None,
    rule: EscalationRule,
    ticket: Ticket,
    target: TicketTarget | None,
    ok: bool,
    fire_at: dt.datetime | None,
    at: dt.datetime,
    moves: bool = True,
) -> None:
    if timer is None:
        if ok:
            timer = EscalationTimer.objects.create(
                rule=rule, ticket=ticket, target=target, fire_at=fire_at, created_at=at
            )
            _sweep_soon(timer, at)
        return
    if timer.fired_at is not None:
        return
    if not ok:
        if timer.cancelled_at is None:
            timer.cancelled_at = at
            timer.save(update_fields=["cancelled_at"])
        return
    revived = timer.cancelled_at is not None
    if revived or (moves and timer.fire_at != fire_at):
        timer.cancelled_at, timer.fire_at = None, fire_at
        timer.save(update_fields=["cancelled_at", "fire_at"])
        _sweep_soon(timer, at)


def _sweep_soon(timer: EscalationTimer, at: dt.datetime) -> None:
    """A timer already due (e.g. 'page at once') need not wait for the next minute's sweep."""
    if timer.fire_at is not None and timer.fire_at <= at:
        from guichet.sla.tasks import sweep_sla_timers

        on_commit(sweep_sla_timers)


def cancel_timers(target: TicketTarget, at: dt.datetime) -> None:
    """A clock stopped: its rule timers will not fire."""
    EscalationTimer.objects.filter(
        target=target, fired_at__isnull=True, cancelled_at__isnull=True
    ).update(cancelled_at=at)


# --- History and rates ---------------------------------------------------------------------


def escalation_history(ticket: Ticket) -> list[EscalationRecord]:
    return list(EscalationRecord.objects.filter(ticket=ticket).select_related("actor", "rule"))


def escalation_rates(
    brand_id: int | None = None,
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
    *,
    brand_ids: list[int] | None = None,
) -> dict[str, dict[str, Any]]:
    """For tickets created in [since, until): of those that reached tier k, how many went
    above it, for k = 1, 2, 3 ("N1->N2", "N2->N3", "N3->N4"). `brand_ids` narrows to those
    brands (an agent restricted to some brands sees only theirs).

    A ticket's path runs from its first tier (the `from_tier` of its first escalation, else
    its tier) to its highest (the highest `to_tier`, else its tier); a jump N1 -> N3 counts as
    passing N2. One grouped query: (first tier, highest tier) -> ticket count.
    """
    tickets = Ticket.objects.filter(merged_into__isnull=True)
    if brand_id is not None:
        tickets = tickets.filter(brand_id=brand_id)
    if brand_ids is not None:
        tickets = tickets.filter(brand_id__in=brand_ids)
    if since is not None:
        tickets = tickets.filter(created_at__gte=since)
    if until is not None:
        tickets = tickets.filter(created_at__lt=until)
    records = EscalationRecord.objects.filter(ticket=OuterRef("pk")).values("ticket")
    first = records.annotate(v=Min("from_tier")).values("v")
    top = records.annotate(v=Max("to_tier")).values("v")
    paths = (
        tickets.annotate(
            first=Coalesce(Subquery(first), F("tier"), output_field=IntegerField()),
            top=Coalesce(Subquery(top), F("tier"), output_field=IntegerField()),
        )
        .order_by()
        .values("first", "top")
        .annotate(n=Count("pk"))
    )
    rates: dict[str, dict[str, Any]] = {}
    counted = [(row["first"], row["top"], row["n"]) for row in paths]
    for tier in (1, 2, 3):
        reached = sum(n for lo, hi, n in counted if lo <= tier <= hi)
        escalated = sum(n for lo, hi, n in counted if lo <= tier < hi)
        rates[f"N{tier}->N{tier + 1}"] = {
            "reached": reached,
            "escalated": escalated,
            "rate": round(escalated / reached, 4) if reached else None,
        }
    return rates


# --- Supervisors ---------------------------------------------------------------------------


def supervisors_of(brand_id: int) -> list[Any]:
    """Active supervisors who work for the brand (or every brand)."""
    from guichet.people.models import Agent

    agents = (
        Agent.objects.filter(role=Agent.Role.SUPERVISOR, user__is_active=True)
        .filter(Q(brands__isnull=True) | Q(brands=brand_id))
        .select_related("user")
        .distinct()
    )
    return [agent.user for agent in agents]
