"""Routing writes: place a ticket (team, tier, priority), hand it to an agent or to the team's
queue, and drain queues when someone has room. See docs/routing.md.

Every change goes through guichet.tickets.actions (audit, notifications, SLA hooks) as the
system actor, inside `hooks.routing_reason(...)` so that the assignment log says why.

Locks, always taken in this order so that concurrent routers never deadlock:
1. the ticket row; 2. the team's TeamRouting row; 3. the team's agents' routing profiles.
On SQLite every transaction is BEGIN IMMEDIATE (settings.py): one writer at a time.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from guichet.core import access
from guichet.people.models import Agent, Team
from guichet.routing import queries
from guichet.routing.hooks import routing_reason
from guichet.routing.models import AgentRoutingProfile, QueueEntry, Reason, TeamRouting
from guichet.routing.rules import DEFAULT_THRESHOLD, Decision, decide
from guichet.routing.strategies import PRIORITY_RANK, Need, choose, eligible, queue_rank
from guichet.sla.system import system_actor
from guichet.tickets.actions import do_update_ticket
from guichet.tickets.models import Status, Ticket

logger = logging.getLogger("guichet.routing")
CLOSED = (Status.SOLVED, Status.CLOSED)


@dataclass(frozen=True)
class Outcome:
    decision: Decision | None
    assignee_id: int | None = None
    queued: bool = False


def default_threshold() -> float:
    return float(getattr(settings, "GUICHET_ROUTING_THRESHOLD", DEFAULT_THRESHOLD))


def route_after_triage(ticket_id: int) -> None:
    """Entry point for the triage job: route the ticket, then serve its team's queue.

    Never raises: a routing failure is logged and the ticket stays where it is.
    """
    try:
        outcome = do_route_ticket(ticket_id)
        if outcome.queued and outcome.decision and outcome.decision.team_id:
            do_drain_team(outcome.decision.team_id)
    except Exception:
        logger.exception("Routing ticket %s failed", ticket_id)


def _lock_ticket(ticket_id: int) -> Ticket | None:
    locked = Ticket.objects.select_for_update().filter(pk=ticket_id).values_list("pk", flat=True)
    if not list(locked):
        return None
    return Ticket.objects.select_related("brand", "organisation", "requester", "team").get(
        pk=ticket_id
    )


def routable(ticket: Ticket) -> bool:
    return ticket.status not in CLOSED and ticket.merged_into_id is None


@transaction.atomic
def do_route_ticket(
    ticket_id: int,
    *,
    predictions: dict[str, tuple[str, float]] | None = None,
    today: dt.date | None = None,
) -> Outcome:
    """Decide the ticket's team, tier and priority, then hand it to an agent or queue it.

    Tickets already assigned to someone are left alone (a person chose).
    """
    ticket = _lock_ticket(ticket_id)
    if ticket is None or not routable(ticket) or ticket.assignee_id is not None:
        return Outcome(None)
    if predictions is None:
        predictions = queries.read_predictions(ticket_id)
    thresholds = queries.thresholds_for(ticket.brand_id)
    facts = queries.ticket_facts(ticket, predictions, thresholds, default_threshold())
    decision = decide(
        facts,
        queries.rule_specs(ticket.brand_id),
        predictions,
        thresholds,
        queries.category_routes(ticket.brand_id),
        default_threshold(),
    )
    need = (facts.category_id, facts.language)
    return _place(ticket, decision, need, today or timezone.localdate())


def _place(
    ticket: Ticket, decision: Decision, need: tuple[int | None, str], today: dt.date
) -> Outcome:
    """Apply the decision (team, tier, priority) and hand the ticket to an agent or queue it;
    `need` is (category id, language) as the decision saw them."""
    changes: dict[str, Any] = {}
    team = Team.objects.filter(pk=decision.team_id).first() if decision.team_id else None
    if decision.team_id != ticket.team_id:
        changes["team"] = team
    if decision.tier != ticket.tier:
        changes["tier"] = decision.tier
    if decision.priority != ticket.priority:
        changes["priority"] = decision.priority
    assignee = None
    if team is not None and not QueueEntry.objects.filter(team=team).exists():
        # Someone already waits in this queue: the newcomer queues behind them.
        ticket.tier = decision.tier
        assignee, _free = _pick_agent(team, ticket, need, today)
    if assignee is not None:
        changes["assignee"] = assignee
    if changes:
        with routing_reason(decision.reason, decision.rule_id, decision.detail):
            ticket = do_update_ticket(system_actor(), ticket, **changes)
    if assignee is not None:
        _mark_assigned(assignee.pk)
        return Outcome(decision, assignee_id=assignee.pk)
    if team is not None:
        _enqueue(ticket, team)
        return Outcome(decision, queued=True)
    return Outcome(decision)


def _pick_agent(
    team: Team, ticket: Ticket, need: tuple[int | None, str], today: dt.date
) -> tuple[Any, bool]:
    """Lock the team and its agents' profiles, then let the team's strategy choose.

    Returns (the chosen user or None, whether anyone in the team is available with room).
    """
    routing = queries.team_routing(team)
    routing = TeamRouting.objects.select_for_update().get(pk=routing.pk)
    TeamRouting.objects.filter(pk=routing.pk).update(version=F("version") + 1)
    agents = queries.team_agents(team, ticket.brand_id)
    if not agents:
        return None, False
    queries.ensure_profiles(agents)
    list(
        AgentRoutingProfile.objects.select_for_update()
        .filter(agent__in=agents)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    pool = queries.candidates(agents)
    chosen = choose(routing.strategy, pool, queries.need_of(ticket, *need), today)
    if chosen is None:
        return None, bool(eligible(pool, Need(), today))
    return next(agent.user for agent in agents if agent.user_id == chosen.user_id), True


def _mark_assigned(user_id: int) -> None:
    AgentRoutingProfile.objects.filter(agent__user_id=user_id).update(
        last_assigned_at=timezone.now()
    )


def _enqueue(ticket: Ticket, team: Team) -> None:
    """Put the ticket in its team's queue; a ticket already waiting in that team keeps its
    place (a later customer message re-triages it)."""
    segment = ticket.organisation.segment if ticket.organisation else ""
    order = {"rank": queue_rank(segment, ticket.requester.vip),
             "priority_rank": PRIORITY_RANK.get(ticket.priority, 2)}  # fmt: skip
    entry = QueueEntry.objects.filter(ticket=ticket).first()
    if entry is None or entry.team_id != team.pk:
        QueueEntry.objects.update_or_create(
            ticket=ticket, defaults={"team": team, "enqueued_at": timezone.now(), **order}
        )
    else:
        QueueEntry.objects.filter(pk=entry.pk).update(**order)


# --- Waiting tickets ---------------------------------------------------------


ASSIGNED, STALE, UNSUITED, NOBODY_FREE = "assigned", "stale", "unsuited", "nobody_free"


def assign_from_queue(ticket_id: int, today: dt.date | None = None) -> bool:
    """Give one waiting ticket to an agent of its team, if one has room."""
    return _serve(ticket_id, today or timezone.localdate()) == ASSIGNED


@transaction.atomic
def _serve(ticket_id: int, today: dt.date) -> str:
    ticket = _lock_ticket(ticket_id)
    entry = QueueEntry.objects.filter(ticket_id=ticket_id).first()
    if entry is None:
        return STALE
    if ticket is None or not routable(ticket) or ticket.assignee_id or ticket.team is None:
        entry.delete()
        return STALE
    team = ticket.team
    if team.pk != entry.team_id:
        entry.team = team
        entry.save(update_fields=["team"])
    need = (ticket.category_id, queries.routing_language(ticket))
    assignee, someone_free = _pick_agent(team, ticket, need, today)
    if assignee is None:
        return UNSUITED if someone_free else NOBODY_FREE
    with routing_reason(Reason.QUEUE, detail={"waited_since": entry.enqueued_at.isoformat()}):
        do_update_ticket(system_actor(), ticket, assignee=assignee)
    _mark_assigned(assignee.pk)
    entry.delete()
    return ASSIGNED


def route_within_team(ticket_id: int) -> bool:
    """Hand a ticket that a person moved to a team (escalation, transfer) to one of that
    team's agents, keeping the team: it joins the queue, which is then served in order."""
    with transaction.atomic():
        ticket = _lock_ticket(ticket_id)
        if ticket is None or not routable(ticket) or ticket.assignee_id or ticket.team is None:
            return False
        team_id = ticket.team.pk
        _enqueue(ticket, ticket.team)
    do_drain_team(team_id)
    return not QueueEntry.objects.filter(ticket_id=ticket_id).exists()


def do_drain_team(team_id: int, *, today: dt.date | None = None, limit: int = 200) -> int:
    """Serve a team's queue in order (enterprise and VIP first, then priority, then age).

    Stops as soon as nobody in the team is available with room (and at once for manual
    teams). A ticket nobody can take while someone has room (skills they lack, a full chat
    limit) keeps its place and the next one is tried. Stale entries (ticket closed, assigned)
    are dropped. Returns how many tickets were handed out.
    """
    strategy = (
        TeamRouting.objects.filter(team_id=team_id).values_list("strategy", flat=True).first()
    )
    waiting = list(
        QueueEntry.objects.filter(team_id=team_id).values_list("ticket_id", flat=True)[:limit]
    )
    handed = 0
    today = today or timezone.localdate()
    for ticket_id in waiting:
        served = _serve(ticket_id, today)
        handed += served == ASSIGNED
        if served == NOBODY_FREE or (served == UNSUITED and strategy == "manual"):
            break
    return handed


def do_drain_all(*, today: dt.date | None = None) -> int:
    team_ids = QueueEntry.objects.values_list("team_id", flat=True).distinct().order_by()
    return sum(do_drain_team(team_id, today=today) for team_id in list(team_ids))


# --- Rebalancing -------------------------------------------------------------


def do_rebalance_agent(actor: Any, agent: Agent, *, today: dt.date | None = None) -> int:
    """Take back the tickets an agent has not started (no reply yet), for instance when they
    go away unexpectedly: each returns to its team's queue, which is then served (so they go
    to colleagues with room, in queue order). Returns how many tickets were taken back."""
    access.require(actor, "routing.manage")
    return _take_back(actor, agent, Reason.REBALANCE, today)


def returns_on_absence() -> bool:
    return bool(getattr(settings, "GUICHET_ROUTING_RETURN_ON_ABSENCE", True))


def take_back_for_absence(agent_id: int, *, today: dt.date | None = None) -> int:
    """An agent has gone out of office: their unstarted tickets go back to their teams'
    queues (reason "absence"), as the system. Tickets they already answered stay theirs:
    the customer knows them, and a colleague can still take one by hand."""
    agent = Agent.objects.filter(pk=agent_id).first()
    if agent is None or not returns_on_absence():
        return 0
    return _take_back(system_actor(), agent, Reason.ABSENCE, today)


def do_take_back_absentees(*, today: dt.date | None = None) -> int:
    """The minute sweep's part for absences planned ahead: on the first day of an absence
    (out_of_office_from), hand back the agent's unstarted tickets once."""
    if not returns_on_absence():
        return 0
    today = today or timezone.localdate()
    starting = AgentRoutingProfile.objects.filter(
        out_of_office_from__isnull=False, out_of_office_from__lte=today
    ).filter(Q(out_of_office_until__isnull=True) | Q(out_of_office_until__gte=today))
    starting = starting.filter(
        Q(handed_back_on__isnull=True) | Q(handed_back_on__lt=F("out_of_office_from"))
    )
    moved = 0
    for agent_id in list(starting.values_list("agent_id", flat=True)):
        AgentRoutingProfile.objects.filter(agent_id=agent_id).update(handed_back_on=today)
        moved += take_back_for_absence(agent_id, today=today)
    return moved


def _take_back(actor: Any, agent: Agent, reason: str, today: dt.date | None) -> int:
    tickets = access.visible_tickets(
        actor,
        Ticket.objects.filter(
            assignee_id=agent.user_id, first_reply_at__isnull=True, merged_into__isnull=True
        ).exclude(status__in=CLOSED),
    )
    team_ids: set[int] = set()
    moved = 0
    for ticket_id in list(tickets.order_by("created_at", "id").values_list("pk", flat=True)):
        with transaction.atomic():
            ticket = _lock_ticket(ticket_id)
            if ticket is None or ticket.assignee_id != agent.user_id:
                continue
            with routing_reason(reason):
                ticket = do_update_ticket(actor, ticket, assignee=None)
            if ticket.team is not None:
                _enqueue(ticket, ticket.team)
                team_ids.add(ticket.team.pk)
            moved += 1
    for team_id in sorted(team_ids):
        do_drain_team(team_id, today=today)
    return moved
