"""Every read of the agent workspace, bounded in queries (select_related / prefetch_related).

Visibility always starts from guichet.core.access (visible_tickets & co). See docs/workspace.md.
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Case, FloatField, IntegerField, Q, QuerySet, Value, When
from django.shortcuts import get_object_or_404
from django.utils import timezone

from guichet.core import access
from guichet.core.custom_fields import coerce_value
from guichet.core.errors import ActionError
from guichet.core.models import CustomField
from guichet.notifications.models import Notification
from guichet.people.models import Agent, Contact, Team
from guichet.tickets.message_actions import visible_macros
from guichet.tickets.models import Macro, Message, Priority, Status, Ticket
from guichet.workspace import keyset
from guichet.workspace.filters import ANY, UNSOLVED, QueueSpec
from guichet.workspace.models import Presence, SavedView

PAGE_SIZE = 50
COUNT_CAP = 100  # sidebar counts stop at "99+" so that they never scan a huge queue
PRESENCE_TTL = dt.timedelta(seconds=30)
UNSOLVED_STATUSES = (Status.NEW, Status.OPEN, Status.PENDING, Status.ON_HOLD)
PRIORITY_RANK = Case(
    When(priority=Priority.URGENT, then=Value(4)),
    When(priority=Priority.HIGH, then=Value(3)),
    When(priority=Priority.NORMAL, then=Value(2)),
    default=Value(1),
    output_field=IntegerField(),
)
SORT_KEYS: dict[str, tuple[keyset.Key, ...]] = {
    "-created": (keyset.Key("created_at", True, "datetime"), keyset.Key("id", True)),
    "created": (keyset.Key("created_at", False, "datetime"), keyset.Key("id", False)),
    "-updated": (keyset.Key("updated_at", True, "datetime"), keyset.Key("id", True)),
    "updated": (keyset.Key("updated_at", False, "datetime"), keyset.Key("id", False)),
    # Most urgent first; within a priority the oldest waits least long.
    "-priority": (
        keyset.Key("priority_rank", True),
        keyset.Key("created_at", False, "datetime"),
        keyset.Key("id", False),
    ),
    # Only with a search: the search backend's rank, then the most recent.
    "relevance": (
        keyset.Key("search_rank", True, "float"),
        keyset.Key("created_at", True, "datetime"),
        keyset.Key("id", True),
    ),
}


# --- Queues -----------------------------------------------------------------


def _search_function() -> Callable[[QuerySet[Ticket], str], QuerySet[Ticket]] | None:
    """guichet.search's search_tickets(queryset, q), wherever that app exposes it."""
    for module_name in ("guichet.search.queries", "guichet.search"):
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue
        function = getattr(module, "search_tickets", None)
        if callable(function):
            return function  # type: ignore[no-any-return]
    return None


def search(queryset: QuerySet[Ticket], q: str, user: Any = None) -> QuerySet[Ticket]:
    """Tickets of `queryset` matching `q`, each annotated with `search_rank`."""
    function = _search_function()
    if function is not None:
        return function(queryset, q, user=user)  # type: ignore[call-arg]
    # Fallback if guichet.search is not installed: reference or subject, no ranking.
    return queryset.filter(Q(reference__iexact=q) | Q(subject__icontains=q)).annotate(
        search_rank=Value(0.0, output_field=FloatField())
    )


def in_queue(user: Any, queue: str, queryset: QuerySet[Ticket]) -> QuerySet[Ticket]:
    if queue == "mine":
        return queryset.filter(assignee=user)
    if queue == "unassigned":
        return queryset.filter(assignee__isnull=True)
    if queue == "team":
        agent = access.agent_of(user)
        teams = Agent.teams.through.objects.filter(agent=agent).values("team_id")
        return queryset.filter(team__in=teams)
    if queue in {"n1", "n2", "n3", "n4"}:
        return queryset.filter(tier=int(queue[1]))
    return queryset


def with_status(queryset: QuerySet[Ticket], status: str) -> QuerySet[Ticket]:
    if status == UNSOLVED:
        return queryset.filter(status__in=UNSOLVED_STATUSES)
    if status == ANY:
        return queryset
    return queryset.filter(status=status)


def with_custom_fields(queryset: QuerySet[Ticket], custom: dict[str, str]) -> QuerySet[Ticket]:
    if not custom:
        return queryset
    definitions = {f.key: f for f in CustomField.objects.filter(target="ticket", key__in=custom)}
    for key, raw in custom.items():
        definition = definitions.get(key)
        if definition is None:
            continue
        try:
            value = coerce_value(definition, raw)
        except ActionError:
            return queryset.none()
        queryset = queryset.filter(**{f"custom_fields__{key}": value})
    return queryset


def queue_tickets(user: Any, spec: QueueSpec) -> QuerySet[Ticket]:
    """The tickets of a queue with every filter of `spec` applied (not yet ordered)."""
    queryset = access.visible_tickets(user, Ticket.objects.filter(merged_into__isnull=True))
    queryset = with_status(in_queue(user, spec.queue, queryset), spec.status)
    exact = {
        "priority": spec.priority,
        "team_id": spec.team,
        "channel": spec.channel,
        "brand_id": spec.brand,
        "organisation_id": spec.organisation,
        "tags__name": spec.tag,
    }
    queryset = queryset.filter(**{k: v for k, v in exact.items() if v not in (None, "")})
    queryset = with_custom_fields(queryset, spec.custom_dict)
    if spec.q:
        queryset = search(queryset, spec.q, user)
    return queryset


def queue_page(user: Any, spec: QueueSpec, *, after: str = "", before: str = "") -> keyset.Page:
    queryset = (
        queue_tickets(user, spec)
        .select_related("brand", "requester", "organisation", "assignee", "team")
        .prefetch_related("tags")
    )
    sort = spec.sort
    if sort == "-priority":
        queryset = queryset.annotate(priority_rank=PRIORITY_RANK)
    elif sort == "relevance" and "search_rank" not in queryset.query.annotations:
        sort = "-created"  # no search ran (e.g. a query without letters matched nothing)
    return keyset.paginate(queryset, SORT_KEYS[sort], size=PAGE_SIZE, after=after, before=before)


def queue_counts(user: Any) -> dict[str, int]:
    """Unsolved tickets in the personal queues, capped at COUNT_CAP each."""
    counts = {}
    for queue in ("mine", "unassigned", "team"):
        queryset = queue_tickets(user, QueueSpec(queue=queue))
        counts[queue] = queryset.order_by()[:COUNT_CAP].count()
    return counts


BULK_AGENTS_MAX = 200


def bulk_agents(user: Any) -> list[Any]:
    """Agents offered in the bulk "assign to" menu: those sharing a brand with `user`."""
    agents = Agent.objects.filter(user__is_active=True).select_related("user")
    brand_ids = _brand_ids(user)
    if brand_ids is not None:
        agents = agents.filter(Q(brands__isnull=True) | Q(brands__in=brand_ids)).distinct()
    return [a.user for a in agents.order_by("user__first_name", "user__username")[:BULK_AGENTS_MAX]]


def saved_views(user: Any) -> list[SavedView]:
    return list(SavedView.objects.filter(owner=user))


@dataclass
class FilterChoices:
    teams: list[Team]
    brands: list[Any]
    organisation: Any  # the selected organisation, when the agent may see it
    custom_fields: list[CustomField]


ORGANISATION_MATCHES_MAX = 20
ORGANISATION_QUERY_MAX = 100


def filter_choices(user: Any, organisation_id: int | None = None) -> FilterChoices:
    """Choices for the queue's filters. Organisations are too many to list (thousands of
    business customers): only the selected one is loaded; others come from
    `organisation_matches` as the agent types."""
    from guichet.brands.models import Brand

    brand_ids = _brand_ids(user)
    brands = Brand.objects.all() if brand_ids is None else Brand.objects.filter(pk__in=brand_ids)
    teams = Team.objects.all()
    fields = CustomField.objects.filter(target="ticket")
    if brand_ids is not None:
        teams = teams.filter(Q(brand__isnull=True) | Q(brand_id__in=brand_ids))
        fields = fields.filter(Q(brand__isnull=True) | Q(brand_id__in=brand_ids))
    return FilterChoices(
        teams=list(teams),
        brands=list(brands),
        organisation=visible_organisation(user, organisation_id),
        custom_fields=list(fields),
    )


def visible_organisation(user: Any, organisation_id: int | None) -> Any:
    if organisation_id is None:
        return None
    found = access.visible_organisations(user).select_related("brand").filter(pk=organisation_id)
    return found.first()


def organisation_matches(user: Any, q: str, limit: int = ORGANISATION_MATCHES_MAX) -> list[Any]:
    """Organisations the agent may see whose name contains `q` (names starting with it first)."""
    q = q.strip()[:ORGANISATION_QUERY_MAX]
    if not q:
        return []
    found = access.visible_organisations(user).filter(name__icontains=q).select_related("brand")
    starts = list(found.filter(name__istartswith=q).order_by("name", "pk")[:limit])
    if len(starts) < limit:
        rest = found.exclude(pk__in=[org.pk for org in starts]).order_by("name", "pk")
        starts += list(rest[: limit - len(starts)])
    return starts


def _brand_ids(user: Any) -> list[int] | None:
    agent = access.agent_of(user)
    return access.agent_brand_ids(agent) if agent else []


# --- Ticket page ----------------------------------------------------------------


def ticket_for_agent(user: Any, pk: int) -> Ticket:
    """The ticket if `user` may see it (404 otherwise, so that ids do not leak)."""
    queryset = access.visible_tickets(user).select_related(
        "brand", "requester", "organisation__csm_owner", "assignee", "team", "category",
        "merged_into",
    )  # fmt: skip
    ticket = get_object_or_404(queryset.prefetch_related("tags"), pk=pk)
    access.require_ticket(user, ticket, "ticket.view")
    return ticket


def ticket_messages(user: Any, ticket: Ticket) -> list[Message]:
    return list(
        access.visible_messages(user, ticket)
        .select_related("author_user", "author_contact")
        .prefetch_related("attachments")
    )


def ticket_events(ticket: Ticket) -> list[Any]:
    from guichet.workspace.timeline import HIDDEN_VERBS

    return list(ticket.events.exclude(verb__in=HIDDEN_VERBS).select_related("actor"))


def names_for(events: list[Any]) -> dict[str, dict[int, str]]:
    """Display names of the users, teams and macros that events refer to by id (three queries
    at most, whatever the number of events)."""
    user_ids: set[int] = set()
    team_ids: set[int] = set()
    for event in events:
        for change in event.changes:
            target = {"assignee": user_ids, "team": team_ids}.get(change.get("field"))
            if target is not None:
                target.update(v for v in (change.get("old"), change.get("new")) if v)
    macro_ids = {e.data.get("macro") for e in events if e.verb == "macro_applied"} - {None}
    users = get_user_model().objects.filter(pk__in=user_ids) if user_ids else []
    teams = Team.objects.filter(pk__in=team_ids) if team_ids else []
    macros = Macro.objects.filter(pk__in=macro_ids).only("name") if macro_ids else []
    return {
        "assignee": {u.pk: u.get_full_name() or u.get_username() for u in users},
        "team": {t.pk: t.name for t in teams},
        "macro": {m.pk: m.name for m in macros},
    }


def latest_message_id(ticket: Ticket) -> int:
    return (
        Message.objects.filter(ticket=ticket).order_by("-id").values_list("id", flat=True).first()
        or 0
    )


def newer_public_messages(user: Any, ticket: Ticket, seen_id: int) -> list[Message]:
    """Public messages (customer or reply) added after the one the agent last saw."""
    return list(
        access.visible_messages(user, ticket)
        .filter(id__gt=seen_id)
        .exclude(kind=Message.Kind.NOTE)
        .select_related("author_user", "author_contact")
        .prefetch_related("attachments")
    )


def assignable_agents(ticket: Ticket) -> list[Any]:
    """Active agents who work for the ticket's brand."""
    agents = (
        Agent.objects.filter(user__is_active=True)
        .filter(Q(brands__isnull=True) | Q(brands=ticket.brand_id))
        .select_related("user")
        .distinct()
        .order_by("user__first_name", "user__username")
    )
    return [agent.user for agent in agents]


def teams_for(ticket: Ticket) -> list[Team]:
    return list(Team.objects.filter(Q(brand__isnull=True) | Q(brand=ticket.brand_id)))


def macros_for(user: Any, ticket: Ticket) -> list[Macro]:
    return list(visible_macros(user, ticket))


def macro_for(user: Any, ticket: Ticket, pk: int) -> Macro:
    return get_object_or_404(visible_macros(user, ticket), pk=pk)


def custom_field_rows(ticket: Ticket) -> list[tuple[CustomField, Any]]:
    fields = CustomField.objects.filter(target="ticket").filter(
        Q(brand__isnull=True) | Q(brand=ticket.brand_id)
    )
    return [(f, ticket.custom_fields.get(f.key, "")) for f in fields]


@dataclass
class CustomerPanel:
    requester: Contact
    other_tickets: list[Ticket]
    organisation_open: int | None
    participants: list[Any] = field(default_factory=list)


OTHER_TICKETS = 5


def customer_panel(user: Any, ticket: Ticket) -> CustomerPanel:
    requester = Contact.objects.prefetch_related("identities").get(pk=ticket.requester_id)
    others = list(
        access.visible_tickets(user)
        .filter(requester_id=ticket.requester_id)
        .exclude(pk=ticket.pk)
        .only("id", "reference", "subject", "status", "created_at")
        .order_by("-created_at", "-id")[:OTHER_TICKETS]
    )
    org_open = None
    if ticket.organisation_id:
        org_open = (
            access.visible_tickets(user)
            .filter(organisation_id=ticket.organisation_id, status__in=UNSOLVED_STATUSES)
            .order_by()[:COUNT_CAP]
            .count()
        )
    participants = list(ticket.participants.select_related("contact", "user"))
    return CustomerPanel(requester, others, org_open, participants)


def find_ticket(user: Any, reference_or_id: str) -> Ticket | None:
    value = reference_or_id.strip().lstrip("#")
    visible = access.visible_tickets(user)
    if value.isdigit():
        return visible.filter(pk=int(value)).first()
    return visible.filter(reference__iexact=value).first()


def find_contact(user: Any, ticket: Ticket, value: str) -> Contact | None:
    """A contact of the ticket's brand by id or email address."""
    value = value.strip()
    visible = access.visible_contacts(user).filter(brand_id=ticket.brand_id)
    if value.isdigit():
        return visible.filter(pk=int(value)).first()
    return visible.filter(identities__kind="email", identities__value=value.lower()).first()


# --- Presence and notifications -------------------------------------------------


def active_presence(ticket: Ticket, exclude_user: Any, now: dt.datetime | None = None) -> list:
    since = (now or timezone.now()) - PRESENCE_TTL
    return list(
        Presence.objects.filter(ticket=ticket, seen_at__gte=since)
        .exclude(user=exclude_user)
        .select_related("user")
        .order_by("-state", "seen_at")
    )


def unread_count(user: Any) -> int:
    return (
        Notification.objects.filter(user=user, read_at__isnull=True).order_by()[:COUNT_CAP].count()
    )


NOTIFICATIONS_PAGE = 30


def notifications_page(user: Any, after: str = "", before: str = "") -> keyset.Page:
    queryset = Notification.objects.filter(user=user).select_related("ticket")
    keys = (keyset.Key("id", True),)
    return keyset.paginate(queryset, keys, size=NOTIFICATIONS_PAGE, after=after, before=before)


def mention_candidates(user: Any, q: str, limit: int = 8) -> list[Any]:
    """Active agents whose username or name starts with `q` (for @mention completion)."""
    q = q.strip()
    users = get_user_model().objects.filter(agent__isnull=False, is_active=True)
    if q:
        users = users.filter(
            Q(username__istartswith=q) | Q(first_name__istartswith=q) | Q(last_name__istartswith=q)
        )
    return list(users.order_by("username")[:limit])
