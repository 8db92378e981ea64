"""Keep each ticket's SLA clocks in step with its life. See docs/sla.md ("Policies and timers").

The ticket actions record audit events; `on_ticket_event(event)` (connected to the events'
post_save in `hooks.py`, so it runs inside the action's transaction) turns each into clock
changes. The named `do_*` functions below are the same steps for callers that prefer to call
them directly (tests, imports, a future explicit wiring in the ticket actions).

Lifecycle, per ticket:
1. Created: the matching policy is chosen; first-reply and resolution clocks start.
2. An agent's public reply meets the running first-reply / next-reply clock.
3. A customer message starts the next next-reply clock (unless one is already running).
4. Pending / on hold pause every running clock (per policy); other statuses resume them.
   Solved meets the resolution clock and cancels reply clocks; reopening resumes the
   resolution clock with the solved time as a pause. A merged ticket's clocks are cancelled.
5. A change of priority, type, team, tags or tier re-matches the policy; when the policy or
   the priority changed, running clocks take the new target (recomputed from their start).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import connection, transaction

from guichet.core.transaction_memo import memoised
from guichet.sla import escalation, targets
from guichet.sla.calendars import calendar_of
from guichet.sla.choices import Metric, Outcome
from guichet.sla.facts import condition_keys, facts_of
from guichet.sla.models import SlaPolicy, SlaPolicyTarget, TicketSla, TicketTarget
from guichet.sla.policies import Candidate, first_match
from guichet.tickets.models import Status, Ticket

HANDLED_VERBS = frozenset(
    {"ticket_created", "ticket_updated", "ticket_escalated", "reply_sent", "customer_replied",
     "ticket_merged"}
)  # fmt: skip
MATCH_FIELDS = frozenset({"priority", "type", "team", "tags", "tier"})
REPLY_METRICS = (Metric.FIRST_REPLY, Metric.NEXT_REPLY)
DONE_STATUSES = (Status.SOLVED, Status.CLOSED)


def on_ticket_event(event: Any) -> None:
    """Apply one audit event to its ticket's SLA clocks (inside the event's transaction)."""
    if event.ticket_id is None or event.verb not in HANDLED_VERBS:
        return
    if connection.in_atomic_block:
        _apply_event(event)
    else:
        with transaction.atomic():
            _apply_event(event)


def _apply_event(event: Any) -> None:
    at = event.created_at
    if event.verb == "ticket_created":
        do_start_clocks(event.ticket_id, at, ticket=_new_ticket_of(event))
        return
    if event.verb == "ticket_merged":  # before its status change: merged is not resolved
        _cancel_running(event.ticket_id, at, "merged")
    for change in event.changes or []:
        if change.get("field") == "status" and change.get("old") != change.get("new"):
            do_record_status_change(event.ticket_id, change.get("old"), change["new"], at)
    if event.verb == "reply_sent":
        do_record_agent_reply(event.ticket_id, at)
    elif event.verb == "customer_replied":
        do_record_customer_message(event.ticket_id, at)
    fields = {change.get("field") for change in event.changes or []}
    if fields & MATCH_FIELDS:
        do_recompute_ticket(event.ticket_id, at)
    if event.verb == "ticket_escalated":
        escalation.record_escalation(event)


# --- The steps -----------------------------------------------------------------------


def do_start_clocks(ticket_id: int, at: dt.datetime, *, ticket: Ticket | None = None) -> TicketSla:
    """A new ticket: choose its policy and start its first-reply and resolution clocks.

    `ticket`: the instance just saved (as the `ticket_created` event carries it), else it is
    read. The state row is written in one statement (an insert that updates on conflict)."""
    ticket = ticket if ticket is not None else _ticket(ticket_id)
    policy = match_policy(ticket)
    state = TicketSla(
        ticket=ticket, policy=policy, priority=ticket.priority, status=ticket.status,
        status_since=at, updated_at=at,
    )  # fmt: skip
    TicketSla.objects.bulk_create(
        [state], update_conflicts=True, unique_fields=["ticket"],
        update_fields=["policy", "priority", "status", "status_since", "updated_at"],
    )  # fmt: skip
    if policy is not None:
        for metric in (Metric.FIRST_REPLY, Metric.RESOLUTION):
            _start(ticket, state, policy, metric, 0, at)
    escalation.sync_timers(ticket, at)
    return state


def do_record_agent_reply(ticket_id: int, at: dt.datetime) -> None:
    """A public reply meets the running first-reply and next-reply clocks."""
    for target in _running(ticket_id, metrics=REPLY_METRICS):
        _complete(target, at)
    escalation.sync_timers(_ticket(ticket_id), at)


def do_record_customer_message(ticket_id: int, at: dt.datetime) -> None:
    """A customer message starts a next-reply clock, unless a reply clock already runs."""
    state = _state(ticket_id, at)
    if state.policy_id is None or _running(ticket_id, metrics=REPLY_METRICS):
        return
    ticket = _ticket(ticket_id)
    if ticket.first_reply_at is None:
        return  # the first-reply clock covers the customer until the first reply
    last = (
        TicketTarget.objects.filter(ticket_id=ticket_id, metric=Metric.NEXT_REPLY)
        .order_by("-cycle")
        .values_list("cycle", flat=True)
        .first()
    )
    policy = _policy(ticket.brand_id, state.policy_id)
    _start(ticket, state, policy, Metric.NEXT_REPLY, (last or 0) + 1, at)
    escalation.sync_timers(ticket, at)


def do_record_status_change(ticket_id: int, old: str | None, new: str, at: dt.datetime) -> None:
    """Pause, resume, meet, cancel or reopen clocks as the status changes (see the module)."""
    state = _state(ticket_id, at)
    policy = state.policy
    state.status, state.status_since, state.updated_at = new, at, at
    state.save(update_fields=["status", "status_since", "updated_at"])
    if new in DONE_STATUSES:
        for target in _running(ticket_id):
            target.pauses = targets.dump_pauses(targets.close_pause(_pauses(target), at))
            if target.metric == Metric.RESOLUTION:
                _complete(target, at)
            else:
                _cancel(target, at, "solved")
    else:
        if old == Status.SOLVED:
            _reopen_resolution(ticket_id, at)
        pause = pauses_status(policy, new)
        for target in _running(ticket_id):
            _set_paused(target, pause, at)
    escalation.sync_timers(_ticket(ticket_id), at)


def do_recompute_ticket(ticket_id: int, at: dt.datetime) -> None:
    """Re-match the policy; if it or the priority changed, running clocks take the new targets
    (recomputed from their own start) and missing ones start."""
    ticket = _ticket(ticket_id)
    state = _state(ticket_id, at)
    policy = match_policy(ticket)
    if (policy.pk if policy else None) != state.policy_id or ticket.priority != state.priority:
        state.policy, state.priority, state.updated_at = policy, ticket.priority, at
        state.save(update_fields=["policy", "priority", "updated_at"])
        _retarget(ticket, state, policy, at)
    escalation.sync_timers(ticket, at)


def do_recompute_targets(target_ids: list[int], at: dt.datetime) -> int:
    """Recompute running clocks after their policy or calendar was edited; how many moved."""
    moved = 0
    running = TicketTarget.objects.select_for_update(of=("self",)).select_related("ticket")
    for target in running.filter(pk__in=target_ids, completed_at__isnull=True):
        definition = _definition(target.policy_id, target.metric, target.ticket.priority)
        if definition is None:
            continue
        target.warning_percent = definition.policy.warning_percent
        moved += _apply_definition(target, definition, at, "policy_edited")
    return moved


# --- Policy matching -------------------------------------------------------------------


def match_policy(ticket: Ticket) -> SlaPolicy | None:
    policies = active_policies(ticket.brand_id)
    if not policies:
        return None
    candidates = [Candidate(p.pk, p.conditions, p.is_default) for p in policies]
    keys = condition_keys(c.conditions for c in candidates if not c.is_default)
    chosen = first_match(candidates, facts_of(ticket, keys))
    return next((p for p in policies if p.pk == chosen), None)


def active_policies(brand_id: int) -> list[SlaPolicy]:
    """The brand's active policies in order, with calendars and targets (read once per
    transaction: see transaction_memo.py). Callers must not change them."""
    return memoised(
        "sla", ("policies", brand_id),
        lambda: list(_policies().filter(brand_id=brand_id, active=True)),
    )  # fmt: skip


def _policy(brand_id: int, policy_id: int) -> SlaPolicy:
    found = next((p for p in active_policies(brand_id) if p.pk == policy_id), None)
    return found if found is not None else _policies().get(pk=policy_id)


def pauses_status(policy: SlaPolicy | None, status: str) -> bool:
    if policy is None:
        return False
    return (status == Status.PENDING and policy.pause_when_pending) or (
        status == Status.ON_HOLD and policy.pause_when_on_hold
    )


# --- Clock changes ---------------------------------------------------------------------


def _start(
    ticket: Ticket, state: TicketSla, policy: SlaPolicy, metric: str, cycle: int, at: dt.datetime
) -> TicketTarget | None:
    definition = next(
        (t for t in policy.targets.all() if t.metric == metric and t.priority == ticket.priority),
        None,
    )
    if definition is None:
        return None
    pauses: list[targets.Pause] = [(at, None)] if pauses_status(policy, state.status) else []
    target = TicketTarget(
        ticket=ticket, metric=metric, cycle=cycle, policy=policy,
        calendar=definition.calendar or policy.calendar,
        target_minutes=definition.minutes, warning_percent=policy.warning_percent,
        started_at=at, pauses=targets.dump_pauses(pauses), created_at=at, updated_at=at,
    )  # fmt: skip
    _reschedule(target)
    target.history = [
        targets.history_entry(at, "started", due_at=target.due_at, minutes=target.target_minutes)
    ]
    target.save()
    return target


def _complete(target: TicketTarget, at: dt.datetime) -> None:
    result = targets.result_at(
        calendar_of(target.calendar), target.started_at, target.target_minutes,
        _pauses(target), at,
    )  # fmt: skip
    target.pauses = targets.dump_pauses(targets.close_pause(_pauses(target), at))
    target.completed_at, target.outcome = at, result.outcome
    target.elapsed_minutes, target.margin_minutes = result.elapsed_minutes, result.margin_minutes
    target.history.append(
        targets.history_entry(at, result.outcome, margin_minutes=result.margin_minutes)
    )
    target.updated_at = at
    target.save()
    escalation.cancel_timers(target, at)


def _cancel(target: TicketTarget, at: dt.datetime, reason: str) -> None:
    target.completed_at, target.outcome, target.updated_at = at, Outcome.CANCELLED, at
    target.history.append(targets.history_entry(at, "cancelled", reason=reason))
    target.save()
    escalation.cancel_timers(target, at)


def _cancel_running(ticket_id: int, at: dt.datetime, reason: str) -> None:
    for target in _running(ticket_id):
        _cancel(target, at, reason)


def _set_paused(target: TicketTarget, paused: bool, at: dt.datetime) -> None:
    pauses = _pauses(target)
    if paused == targets.is_paused(pauses):
        return
    pauses = targets.open_pause(pauses, at) if paused else targets.close_pause(pauses, at)
    target.pauses = targets.dump_pauses(pauses)
    _reschedule(target)
    target.history.append(
        targets.history_entry(at, "paused" if paused else "resumed", due_at=target.due_at)
    )
    target.updated_at = at
    target.save()


def _reopen_resolution(ticket_id: int, at: dt.datetime) -> None:
    """A solved ticket reopens: its resolution clock runs again, the solved time a pause."""
    target = (
        TicketTarget.objects.select_for_update(of=("self",))
        .select_related("calendar")
        .filter(ticket_id=ticket_id, metric=Metric.RESOLUTION)
        .exclude(outcome=Outcome.CANCELLED)
        .order_by("-cycle")
        .first()
    )
    if target is None or target.completed_at is None:
        return
    pauses = targets.add_pause(_pauses(target), target.completed_at, at)
    target.pauses = targets.dump_pauses(pauses)
    target.completed_at, target.outcome = None, ""
    target.elapsed_minutes = target.margin_minutes = None
    _reschedule(target)
    target.history.append(targets.history_entry(at, "reopened", due_at=target.due_at))
    target.updated_at = at
    target.save()


def _retarget(ticket: Ticket, state: TicketSla, policy: SlaPolicy | None, at: dt.datetime) -> None:
    running = _running(ticket.pk)
    for target in running:
        definition = _definition_in(policy, target.metric, ticket.priority)
        if definition is None:
            _cancel(target, at, "no_target_in_policy")
            continue
        target.policy = policy
        target.warning_percent = policy.warning_percent if policy else target.warning_percent
        _set_paused(target, pauses_status(policy, state.status), at)
        _apply_definition(target, definition, at, "recomputed")
    if policy is None or ticket.status in DONE_STATUSES:
        return
    started = set(TicketTarget.objects.filter(ticket=ticket).values_list("metric", flat=True))
    if Metric.RESOLUTION not in started:
        _start(ticket, state, policy, Metric.RESOLUTION, 0, at)
    if Metric.FIRST_REPLY not in started and ticket.first_reply_at is None:
        _start(ticket, state, policy, Metric.FIRST_REPLY, 0, at)


def _apply_definition(
    target: TicketTarget, definition: SlaPolicyTarget, at: dt.datetime, why: str
) -> int:
    """Give a running clock a new target; warnings and breaches that now lie ahead may fire
    again. Returns 1 when the due time moved."""
    old_due = target.due_at
    target.target_minutes = definition.minutes
    target.calendar = definition.calendar or definition.policy.calendar
    _reschedule(target)
    cleared: dict[str, Any] = {}
    if target.warned_at is not None and target.warn_at is not None and target.warn_at > at:
        cleared["warning_cleared"], target.warned_at = target.warned_at, None
    if target.breached_at is not None and target.due_at is not None and target.due_at > at:
        cleared["breach_cleared"], target.breached_at = target.breached_at, None
    target.history.append(
        targets.history_entry(
            at, why, due_at=target.due_at, minutes=target.target_minutes, **cleared
        )
    )
    target.updated_at = at
    target.save()
    return int(old_due != target.due_at)


def _reschedule(target: TicketTarget) -> None:
    planned = targets.schedule(
        calendar_of(target.calendar), target.started_at, target.target_minutes,
        target.warning_percent, _pauses(target),
    )  # fmt: skip
    target.due_at, target.warn_at = planned.due_at, planned.warn_at


# --- Loading -----------------------------------------------------------------------------


def _new_ticket_of(event: Any) -> Ticket | None:
    """The ticket instance a `ticket_created` event was recorded with (just saved), if any."""
    ticket = event.ticket if type(event).ticket.is_cached(event) else None
    if ticket is None or ticket.pk != event.ticket_id or ticket._state.adding:
        return None
    return ticket  # type: ignore[no-any-return]


def _ticket(ticket_id: int) -> Ticket:
    return (
        Ticket.objects.select_related("organisation", "team")
        .prefetch_related("tags")
        .get(pk=ticket_id)
    )


def _state(ticket_id: int, at: dt.datetime) -> TicketSla:
    """The ticket's SLA state; a ticket older than the SLA app gets one (no clocks) now."""
    state = TicketSla.objects.select_related("policy").filter(ticket_id=ticket_id).first()
    if state is not None:
        return state
    ticket = _ticket(ticket_id)
    return TicketSla.objects.create(
        ticket=ticket, policy=match_policy(ticket), priority=ticket.priority,
        status=ticket.status, status_since=at, updated_at=at,
    )  # fmt: skip


def _running(ticket_id: int, metrics: tuple[str, ...] | None = None) -> list[TicketTarget]:
    qs = TicketTarget.objects.select_for_update(of=("self",)).select_related("calendar")
    qs = qs.filter(ticket_id=ticket_id, completed_at__isnull=True)
    if metrics is not None:
        qs = qs.filter(metric__in=metrics)
    return list(qs)


def _pauses(target: TicketTarget) -> list[targets.Pause]:
    return targets.load_pauses(target.pauses)


def _definition_in(policy: SlaPolicy | None, metric: str, priority: str) -> SlaPolicyTarget | None:
    if policy is None:
        return None
    return next(
        (t for t in policy.targets.all() if t.metric == metric and t.priority == priority), None
    )


def _definition(policy_id: int | None, metric: str, priority: str) -> SlaPolicyTarget | None:
    if policy_id is None:
        return None
    return (
        SlaPolicyTarget.objects.select_related("calendar", "policy__calendar")
        .filter(policy_id=policy_id, metric=metric, priority=priority)
        .first()
    )


def _policies() -> Any:
    return SlaPolicy.objects.select_related("calendar").prefetch_related("targets__calendar")
