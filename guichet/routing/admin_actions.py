"""Configuring routing: rules, teams' strategies, agents' skills and limits, thresholds, and
agents' own availability. check_* validates (ActionError naming the field), do_* saves and
audits. See docs/routing.md ("Configuring").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from guichet.audit.actions import record_event
from guichet.brands.models import Brand, Category
from guichet.core import access
from guichet.core.errors import ActionError, NotAllowed
from guichet.jobs.enqueue import on_commit
from guichet.people.models import Agent, Segment, Team, Tier
from guichet.routing.models import (
    DEFAULT_MAX_CHATS,
    AgentRoutingProfile,
    CategoryThreshold,
    RoutingRule,
    Strategy,
    TeamRouting,
)
from guichet.routing.skills import check_capacity, check_skills
from guichet.tickets.models import Channel, Priority

PERMISSION = "routing.manage"
MAX_KEYWORDS = 50


def _words(values: Iterable[Any], field: str, allowed: Iterable[str] | None = None) -> list[str]:
    cleaned: list[str] = []
    allowed_set = set(allowed) if allowed is not None else None
    for value in values:
        word = " ".join(str(value).split()).lower()
        if not word or word in cleaned:
            continue
        if allowed_set is not None and word not in allowed_set:
            raise ActionError(_("Valeur inconnue : « %(v)s ».") % {"v": word}, field=field)
        if len(word) > 60:
            raise ActionError(_("« %(v)s » est trop long.") % {"v": word[:20]}, field=field)
        cleaned.append(word)
    if len(cleaned) > MAX_KEYWORDS:
        raise ActionError(_("Au plus %(n)d valeurs.") % {"n": MAX_KEYWORDS}, field=field)
    return cleaned


def check_rule(
    brand: Brand | None,
    fields: dict[str, Any],
    categories: Iterable[Category],
) -> dict[str, Any]:
    """Validate a rule's conditions and actions; returns the cleaned fields."""
    name = " ".join(str(fields.get("name") or "").split())
    if not name:
        raise ActionError(_("Donnez un nom à la règle."), code="required", field="name")
    team: Team | None = fields.get("set_team")
    tier = fields.get("set_tier")
    priority = fields.get("set_priority") or ""
    if team is None and tier is None and not priority:
        raise ActionError(
            _("Une règle doit fixer au moins l'équipe, le niveau ou la priorité."),
            field="set_team",
        )
    if (
        team is not None
        and team.brand_id is not None
        and (brand is None or team.brand_id != brand.pk)
    ):
        raise ActionError(_("Cette équipe travaille pour une autre marque."), field="set_team")
    if tier is not None and int(tier) not in Tier.values:
        raise ActionError(_("Niveau inconnu."), field="set_tier")
    if priority and priority not in Priority.values:
        raise ActionError(_("Priorité inconnue."), field="set_priority")
    for category in categories:
        if brand is None or category.brand_id != brand.pk:
            raise ActionError(
                _("La catégorie « %(c)s » appartient à une autre marque.") % {"c": category.name},
                field="categories",
            )
    return {
        "name": name[:120],
        "position": int(fields.get("position") or 0),
        "active": bool(fields.get("active", True)),
        "channels": _words(fields.get("channels", ()), "channels", Channel.values),
        "segments": _words(fields.get("segments", ()), "segments", Segment.values),
        "vip_only": bool(fields.get("vip_only")),
        "languages": _words(fields.get("languages", ()), "languages"),
        "tags": _words(fields.get("tags", ()), "tags"),
        "keywords": _words(fields.get("keywords", ()), "keywords"),
        "set_team": team,
        "set_tier": int(tier) if tier is not None else None,
        "set_priority": priority,
    }


@transaction.atomic
def do_save_rule(
    actor: Any,
    rule: RoutingRule | None,
    *,
    brand: Brand | None,
    categories: Iterable[Category] = (),
    **fields: Any,
) -> RoutingRule:
    access.require(actor, PERMISSION)
    _require_rule_brand(actor, brand.pk if brand else None)
    categories = list(categories)
    cleaned = check_rule(brand, fields, categories)
    rule = rule or RoutingRule()
    rule.brand = brand
    for key, value in cleaned.items():
        setattr(rule, key, value)
    rule.save()
    rule.categories.set(categories)
    record_event(actor, "routing_rule_saved", rule, data={"name": rule.name, **_plain(cleaned)})
    return rule


def _require_rule_brand(actor: Any, brand_id: int | None) -> None:
    """A rule for every brand is for staff who work for every brand."""
    if brand_id is not None:
        access.require_brand(actor, brand_id)
        return
    agent = access.agent_of(actor)
    if agent is None or access.agent_brand_ids(agent) is not None:
        raise NotAllowed(_("Seul le personnel de toutes les marques règle le routage commun."))


def _plain(cleaned: dict[str, Any]) -> dict[str, Any]:
    return {k: (v.pk if hasattr(v, "pk") else v) for k, v in cleaned.items()}


@transaction.atomic
def do_delete_rule(actor: Any, rule: RoutingRule) -> None:
    access.require(actor, PERMISSION)
    _require_rule_brand(actor, rule.brand_id)
    record_event(actor, "routing_rule_deleted", rule, data={"name": rule.name})
    rule.delete()


@transaction.atomic
def do_save_team_routing(actor: Any, team: Team, *, strategy: str) -> TeamRouting:
    """Set how a team hands out its tickets (limits are each agent's: see do_save_agent_profile)."""
    access.require(actor, PERMISSION)
    if team.brand_id is not None:
        access.require_brand(actor, team.brand_id)
    if strategy not in Strategy.values:
        raise ActionError(_("Stratégie inconnue."), field="strategy")
    routing, _created = TeamRouting.objects.get_or_create(team=team)
    routing.strategy = strategy
    routing.save()
    record_event(actor, "team_routing_saved", routing, data={"team": team.pk, "strategy": strategy})
    _wake(team.pk)
    return routing


def _check_limit(value: int, field: str) -> None:
    if not 0 <= int(value) <= 500:
        raise ActionError(_("Entre 0 et 500."), field=field)


def check_out_of_office(start: dt.date | None, end: dt.date | None) -> None:
    if start and end and end < start:
        raise ActionError(_("La fin de l'absence précède son début."), field="out_of_office_until")


@transaction.atomic
def do_save_agent_profile(
    actor: Any,
    agent: Agent,
    *,
    tier: int,
    languages: Iterable[str],
    skills: Iterable[str],
    capacity: int,
    max_chats: int = DEFAULT_MAX_CHATS,
    out_of_office_from: dt.date | None = None,
    out_of_office_until: dt.date | None = None,
) -> AgentRoutingProfile:
    """An admin or supervisor sets what routing uses of an agent. Tier, languages, skills
    (category slugs) and capacity (open tickets) are saved on people.Agent, the same fields the
    REST API writes; the chat limit and the absence on the routing profile."""
    access.require(actor, PERMISSION)
    if int(tier) not in Tier.values:
        raise ActionError(_("Niveau inconnu."), field="tier")
    capacity = check_capacity(capacity)
    _check_limit(max_chats, "max_chats")
    check_out_of_office(out_of_office_from, out_of_office_until)
    values = {"tier": int(tier), "languages": _words(languages, "languages"),
              "skills": check_skills(list(skills), access.agent_brand_ids(agent)),
              "capacity": capacity}  # fmt: skip
    Agent.objects.filter(pk=agent.pk).update(**values)
    for key, value in values.items():
        setattr(agent, key, value)
    profile, _created = AgentRoutingProfile.objects.get_or_create(agent=agent)
    profile.max_chats = max_chats
    profile.out_of_office_from, profile.out_of_office_until = (
        out_of_office_from,
        out_of_office_until,
    )
    profile.save()
    record_event(
        actor, "agent_routing_saved", profile,
        data={"agent": agent.pk, **values, "max_chats": max_chats},
    )  # fmt: skip
    wake_agent(agent)
    return profile


@transaction.atomic
def do_set_threshold(actor: Any, category: Category, threshold: float | None) -> None:
    """Set (or, with None, remove) the confidence a category's prediction must reach."""
    access.require(actor, PERMISSION)
    access.require_brand(actor, category.brand_id)
    if threshold is None:
        CategoryThreshold.objects.filter(category=category).delete()
    else:
        if not 0.0 <= float(threshold) <= 1.0:
            raise ActionError(_("Un seuil est compris entre 0 et 1."), field="threshold")
        CategoryThreshold.objects.update_or_create(
            category=category, defaults={"threshold": float(threshold)}
        )
    record_event(actor, "routing_threshold_saved", category, data={"threshold": threshold})


@transaction.atomic
def do_set_availability(
    actor: Any,
    agent: Agent,
    availability: str,
    *,
    out_of_office_until: dt.date | None = None,
    idle: bool = False,
) -> Agent:
    """An agent sets their own availability (supervisors may set anyone's). Coming online
    wakes the queues of the agent's teams; going out of office hands their unstarted tickets
    back to the queues once the change commits (GUICHET_ROUTING_RETURN_ON_ABSENCE).

    `idle`: the minute sweep sets the agent away for idleness (routing/presence.py), so that
    their next request brings them back; any other change forgets that."""
    if agent.user_id == getattr(actor, "pk", None):
        access.require(actor, "routing.set_own_availability")
    elif not access.has_perm(actor, PERMISSION):
        raise NotAllowed(_("Vous ne pouvez changer que votre propre disponibilité."))
    if availability not in Agent.Availability.values:
        raise ActionError(_("Disponibilité inconnue."), field="availability")
    before = agent.availability
    now = timezone.now()
    fields: dict[str, Any] = {"availability": availability, "idle_since": now if idle else None}
    if availability == Agent.Availability.ONLINE:
        fields["last_seen_at"] = now  # the idle sweep counts from here
    Agent.objects.filter(pk=agent.pk).update(**fields)
    for name, value in fields.items():
        setattr(agent, name, value)
    if availability == Agent.Availability.OUT_OF_OFFICE or out_of_office_until:
        profile, _created = AgentRoutingProfile.objects.get_or_create(agent=agent)
        profile.out_of_office_until = out_of_office_until
        profile.out_of_office_from = None
        if availability == Agent.Availability.ONLINE:
            profile.out_of_office_until = None
        profile.save(update_fields=["out_of_office_from", "out_of_office_until", "updated_at"])
    elif availability == Agent.Availability.ONLINE:
        AgentRoutingProfile.objects.filter(agent=agent).update(
            out_of_office_from=None, out_of_office_until=None
        )
    record_event(
        actor,
        "availability_changed",
        agent,
        changes=[{"field": "availability", "old": before, "new": availability}],
        data={"idle": True} if idle else None,
    )
    if availability == Agent.Availability.ONLINE and before != availability:
        wake_agent(agent)
    if availability == Agent.Availability.OUT_OF_OFFICE and before != availability:
        _take_back_later(agent)
    return agent


def _take_back_later(agent: Agent) -> None:
    from guichet.routing import tasks

    on_commit(tasks.take_back_for_absence, agent.pk)


def _wake(team_id: int) -> None:
    from guichet.routing import tasks

    on_commit(tasks.drain_team, team_id)


def wake_agent(agent: Agent) -> None:
    """Serve the queues of the agent's teams once the transaction commits: they may now take
    tickets (back online, more capacity, new skills, a new team)."""
    for team_id in agent.teams.values_list("pk", flat=True):
        _wake(team_id)
