"""Reads for routing: a ticket's facts, the rules, a team's candidates, the transfer rate.

See docs/routing.md.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, F, Max, Q, QuerySet

from guichet.brands.models import Brand, Category
from guichet.people.models import Agent, Team
from guichet.routing.explain import model_category_ids
from guichet.routing.models import (
    DEFAULT_MAX_CHATS,
    AgentRoutingProfile,
    Assignment,
    CategoryThreshold,
    QueueEntry,
    RoutingRule,
    TeamRouting,
)
from guichet.routing.rules import (
    DEFAULT_LANGUAGE_THRESHOLD,
    CategoryRoute,
    RuleSpec,
    TicketFacts,
    facts_category,
    facts_language,
)
from guichet.routing.strategies import Candidate, Need
from guichet.sla.system import SYSTEM_USERNAME
from guichet.tickets.models import Channel, Message, Status, Ticket

logger = logging.getLogger("guichet.routing")

CLOSED = (Status.SOLVED, Status.CLOSED)
# Reasons of a ticket's first placement: a team change with one of them is not a transfer.
INITIAL_REASONS = ("rule", "model", "default")
Predictions = Mapping[str, tuple[str, float]]


def read_predictions(ticket_id: int) -> dict[str, tuple[str, float]]:
    """Triage's predictions for a ticket; none when triage is missing or fails."""
    try:
        from guichet.triage.queries import ticket_predictions
    except ImportError:
        return {}
    try:
        return dict(ticket_predictions(ticket_id))
    except Exception:  # a broken model must not stop routing
        logger.exception("Reading triage predictions of ticket %s failed", ticket_id)
        return {}


def thresholds_for(brand_id: int) -> dict[int, float]:
    rows = CategoryThreshold.objects.filter(category__brand_id=brand_id)
    return dict(rows.values_list("category_id", "threshold"))


def category_routes(brand_id: int) -> dict[int, CategoryRoute]:
    rows = Category.objects.filter(brand_id=brand_id).values_list(
        "pk", "default_team_id", "default_tier"
    )
    return {pk: CategoryRoute(team_id, tier) for pk, team_id, tier in rows}


def rule_specs(brand_id: int) -> list[RuleSpec]:
    rules = (
        RoutingRule.objects.filter(Q(brand_id=brand_id) | Q(brand__isnull=True), active=True)
        .prefetch_related("categories")
        .order_by("position", "id")
    )
    return [spec_of(rule) for rule in rules]


def spec_of(rule: RoutingRule) -> RuleSpec:
    return RuleSpec(
        id=rule.pk,
        brand_id=rule.brand_id,
        channels=frozenset(rule.channels),
        segments=frozenset(rule.segments),
        vip_only=rule.vip_only,
        languages=frozenset(rule.languages),
        tags=frozenset(rule.tags),
        keywords=tuple(word.lower() for word in rule.keywords),
        category_ids=frozenset(category.pk for category in rule.categories.all()),
        set_team_id=rule.set_team_id,
        set_tier=rule.set_tier,
        set_priority=rule.set_priority,
    )


def first_message_text(ticket: Ticket) -> str:
    body = (
        Message.objects.filter(ticket=ticket, kind=Message.Kind.CUSTOMER)
        .order_by("created_at", "id")
        .values_list("body_text", flat=True)
        .first()
    )
    return body or ""


def language_threshold() -> float:
    return float(
        getattr(settings, "GUICHET_ROUTING_LANGUAGE_THRESHOLD", DEFAULT_LANGUAGE_THRESHOLD)
    )


def ticket_facts(
    ticket: Ticket, predictions: Predictions, thresholds: Mapping[int, float], default: float
) -> TicketFacts:
    organisation = ticket.organisation
    text = f"{ticket.subject}\n{first_message_text(ticket)}"
    return TicketFacts(
        brand_id=ticket.brand_id,
        channel=ticket.channel,
        segment=organisation.segment if organisation else "",
        vip=ticket.requester.vip,
        language=facts_language(ticket.language, predictions, language_threshold(), text),
        ticket_language=ticket.language,
        tags=frozenset(ticket.tags.values_list("name", flat=True)),
        text=text.lower(),
        category_id=facts_category(ticket.category_id, predictions, thresholds, default),
        team_id=ticket.team_id,
        tier=ticket.tier,
        priority=ticket.priority,
    )


def category_slugs(category_id: int | None) -> frozenset[str]:
    """The slugs of a category and of its ancestors: an agent's skill (people.Agent.skills, a
    category slug) covers the category's subcategories. One query, whatever the depth."""
    if category_id is None:
        return frozenset()
    rows = Category.objects.filter(brand__categories__pk=category_id).values_list(
        "pk", "parent_id", "slug"
    )
    tree = {pk: (parent_id, slug) for pk, parent_id, slug in rows}
    slugs: set[str] = set()
    seen: set[int] = set()
    node: int | None = category_id
    while node is not None and node in tree and node not in seen:
        seen.add(node)
        node, slug = tree[node]
        slugs.add(slug)
    return frozenset(slugs)


def routing_language(ticket: Ticket) -> str:
    """The language routing uses for a ticket outside a routing decision (serving the queue):
    the same rule as the ticket's facts (rules.facts_language)."""
    text = f"{ticket.subject}\n{first_message_text(ticket)}"
    return facts_language(ticket.language, read_predictions(ticket.pk), language_threshold(), text)


def need_of(ticket: Ticket, category_id: int | None, language: str) -> Need:
    return Need(
        is_chat=ticket.channel == Channel.CHAT,
        category_slugs=category_slugs(category_id),
        language=language,
        tier=ticket.tier,
    )


def team_routing(team: Team) -> TeamRouting:
    routing, _ = TeamRouting.objects.get_or_create(team=team)
    return routing


def team_agents(team: Team, brand_id: int | None = None) -> list[Agent]:
    """Active agents of a team (working for the brand when given), never the system actor."""
    agents = Agent.objects.filter(teams=team, user__is_active=True).exclude(
        user__username=SYSTEM_USERNAME
    )
    if brand_id is not None:
        agents = agents.filter(Q(brands=None) | Q(brands=brand_id))
    return list(agents.distinct().select_related("user").order_by("pk"))


def ensure_profiles(agents: list[Agent]) -> None:
    have = set(
        AgentRoutingProfile.objects.filter(agent__in=agents).values_list("agent_id", flat=True)
    )
    missing = [AgentRoutingProfile(agent=agent) for agent in agents if agent.pk not in have]
    if missing:
        AgentRoutingProfile.objects.bulk_create(missing, ignore_conflicts=True)


def loads(user_ids: list[int]) -> dict[int, tuple[int, int]]:
    """Open tickets and open chats assigned to each user."""
    rows = (
        Ticket.objects.filter(assignee_id__in=user_ids, merged_into__isnull=True)
        .exclude(status__in=CLOSED)
        .values("assignee_id")
        .annotate(n=Count("id"), chats=Count("id", filter=Q(channel=Channel.CHAT)))
        .order_by()
    )
    return {row["assignee_id"]: (row["n"], row["chats"]) for row in rows}


def agent_skills(agent: Agent) -> frozenset[str]:
    return frozenset(skill for skill in agent.skills or () if isinstance(skill, str))


def candidates(agents: list[Agent]) -> list[Candidate]:
    """The team's agents as strategy candidates. Skills, languages, tier and the open-ticket
    limit (`capacity`) come from people.Agent; the chat limit and absences from the profile."""
    profiles = {p.agent_id: p for p in AgentRoutingProfile.objects.filter(agent__in=agents)}
    load = loads([agent.user_id for agent in agents])
    result = []
    for agent in agents:
        profile = profiles.get(agent.pk) or AgentRoutingProfile(agent=agent)
        open_tickets, open_chats = load.get(agent.user_id, (0, 0))
        result.append(
            Candidate(
                user_id=agent.user_id,
                availability=agent.availability,
                tier=agent.tier,
                languages=frozenset(agent.languages or ()),
                skills=agent_skills(agent),
                open_tickets=open_tickets,
                open_chats=open_chats,
                max_open_tickets=agent.capacity,
                max_chats=profile.max_chats,
                last_assigned_at=profile.last_assigned_at,
                out_of_office_from=profile.out_of_office_from,
                out_of_office_until=profile.out_of_office_until,
            )
        )
    return result


# --- Transfer rate -----------------------------------------------------------


@dataclass(frozen=True)
class TransferRate:
    tickets: int
    transferred: int

    @property
    def rate(self) -> float:
        return self.transferred / self.tickets if self.tickets else 0.0


def transfer_rate(brand: Brand | int, since: dt.datetime, until: dt.datetime) -> TransferRate:
    """Share of the tickets routed or assigned in [since, until) that were handed on.

    A ticket counts as transferred when, inside the window, it was assigned to an agent while
    another agent had had it (earlier in the window or before it), or moved from one team to
    another for any reason but its first placement (rule, model, category default). Agents
    are counted once: Alice, then nobody, then Alice again is not a transfer.
    """
    brand_id = brand if isinstance(brand, int) else brand.pk
    moved = Q(from_team__isnull=False) & ~Q(to_team=F("from_team")) & ~Q(reason__in=INITIAL_REASONS)
    per_ticket = (
        Assignment.objects.filter(brand_id=brand_id, created_at__gte=since, created_at__lt=until)
        .values("ticket_id")
        .annotate(
            agents=Count("to_assignee", distinct=True),
            agent=Max("to_assignee"),
            moves=Count("id", filter=moved),
        )
        .order_by()
    )
    rows = list(per_ticket)
    # a ticket given to another agent before the window, then to this one inside it
    only_agent = {row["ticket_id"]: row["agent"] for row in rows if row["agents"] == 1}
    earlier = Assignment.objects.filter(
        brand_id=brand_id,
        created_at__lt=since,
        to_assignee__isnull=False,
        ticket_id__in=list(only_agent),
    ).values_list("ticket_id", "to_assignee_id")
    assigned_before = {
        ticket_id for ticket_id, user_id in earlier if user_id != only_agent[ticket_id]
    }
    transferred = sum(
        row["agents"] > 1 or row["moves"] > 0 or row["ticket_id"] in assigned_before for row in rows
    )
    return TransferRate(len(rows), transferred)


def assignment_rows(ticket: Ticket) -> QuerySet[Assignment]:
    """A ticket's assignment log, oldest first, with what its lines name (the ticket card, and
    the API's /tickets/{id}/assignments, which pages it newest first)."""
    return (
        Assignment.objects.filter(ticket=ticket)
        .select_related("from_team", "to_team", "from_assignee", "to_assignee", "rule", "actor")
        .order_by("created_at", "id")
    )


def ticket_assignments(ticket: Ticket) -> list[Assignment]:
    """A ticket's assignment log, oldest first (one query)."""
    return list(assignment_rows(ticket))


def model_category_names(rows: list[Assignment]) -> dict[int, str]:
    """The names of the categories the model guessed in these rows (one query, or none)."""
    ids = model_category_ids(rows)
    return dict(Category.objects.filter(pk__in=ids).values_list("pk", "name")) if ids else {}


# --- Supervisor page ---------------------------------------------------------


@dataclass(frozen=True)
class AgentRow:
    agent: Agent
    profile: AgentRoutingProfile | None
    open_tickets: int
    open_chats: int
    max_open_tickets: int
    max_chats: int


def agent_rows(brand_ids: list[int] | None) -> list[AgentRow]:
    agents = Agent.objects.exclude(user__username=SYSTEM_USERNAME).filter(user__is_active=True)
    if brand_ids is not None:
        agents = agents.filter(Q(brands=None) | Q(brands__in=brand_ids)).distinct()
    agent_list = list(agents.select_related("user", "routing"))
    load = loads([agent.user_id for agent in agent_list])
    rows = []
    for agent in agent_list:
        profile = agent.routing if _has_profile(agent) else None
        open_tickets, open_chats = load.get(agent.user_id, (0, 0))
        max_chats = profile.max_chats if profile else DEFAULT_MAX_CHATS
        rows.append(AgentRow(agent, profile, open_tickets, open_chats, agent.capacity, max_chats))
    return rows


def _has_profile(agent: Agent) -> bool:
    try:
        agent.routing  # noqa: B018
    except AgentRoutingProfile.DoesNotExist:
        return False
    return True


def _has_routing(team: Team) -> bool:
    try:
        team.routing  # noqa: B018
    except TeamRouting.DoesNotExist:
        return False
    return True


def team_rows(brand_ids: list[int] | None) -> list[tuple[Team, TeamRouting | None, int]]:
    """Each team with its routing settings (None: defaults) and how many tickets wait."""
    teams = Team.objects.select_related("brand", "routing")
    if brand_ids is not None:
        teams = teams.filter(Q(brand__isnull=True) | Q(brand_id__in=brand_ids))
    waiting = dict(
        QueueEntry.objects.values("team_id").annotate(n=Count("id")).values_list("team_id", "n")
    )
    return [
        (team, team.routing if _has_routing(team) else None, waiting.get(team.pk, 0))
        for team in teams
    ]
