"""/agent/routing/: the supervisor page (rules, strategies, agents' load, transfer rate), the
forms that edit them, and the workspace header's availability control. See docs/routing.md.

Thin views: parse the form, call one action, show its errors on the form.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from guichet.brands.models import Brand
from guichet.core import access
from guichet.core.errors import ActionError, NotAllowed
from guichet.people.models import Agent, Team
from guichet.routing import admin_actions, queries
from guichet.routing.actions import do_rebalance_agent
from guichet.routing.explain import routing_lines
from guichet.routing.forms import (
    AgentProfileForm,
    AvailabilityForm,
    RuleForm,
    TeamRoutingForm,
    ThresholdForm,
    words,
)
from guichet.routing.models import DEFAULT_MAX_CHATS, CategoryThreshold, RoutingRule
from guichet.routing.skills import skill_choices
from guichet.workspace.queries import ticket_for_agent
from guichet.workspace.views.common import agent_required, back, render_ws

TRANSFER_WINDOW_DAYS = 30


def manager_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @agent_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not access.has_perm(request.user, admin_actions.PERMISSION):
            raise PermissionDenied("Routing settings are for admins and supervisors.")
        return view(request, *args, **kwargs)

    return wrapper


def _brand_ids(request: HttpRequest) -> list[int] | None:
    agent = access.agent_of(request.user)
    return access.agent_brand_ids(agent) if agent else []


def _form_page(
    request: HttpRequest, form: Any, title: str, status: int = 200, **extra: Any
) -> HttpResponse:
    context = {"form": form, "title": title, "nav": "routing",
               "back_url": reverse("routing:home"), **extra}  # fmt: skip
    return render_ws(request, "routing/form.html", context, status=status)


def _saved(request: HttpRequest, what: str) -> HttpResponseRedirect:
    messages.success(request, _("« %(name)s » enregistré.") % {"name": what})
    return HttpResponseRedirect(reverse("routing:home"))


def _form_error(form: Any, error: ActionError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


@manager_required
def home(request: HttpRequest) -> HttpResponse:
    brand_ids = _brand_ids(request)
    brands = Brand.objects.all() if brand_ids is None else Brand.objects.filter(pk__in=brand_ids)
    until = timezone.now()
    since = until - dt.timedelta(days=TRANSFER_WINDOW_DAYS)
    rules = RoutingRule.objects.select_related("brand", "set_team").prefetch_related("categories")
    if brand_ids is not None:
        rules = rules.filter(Q(brand_id__in=brand_ids) | Q(brand__isnull=True))
    thresholds = CategoryThreshold.objects.select_related("category__brand")
    if brand_ids is not None:
        thresholds = thresholds.filter(category__brand_id__in=brand_ids)
    context = {
        "nav": "routing",
        "rules": rules,
        "teams": queries.team_rows(brand_ids),
        "agents": queries.agent_rows(brand_ids),
        "rates": [(brand, queries.transfer_rate(brand, since, until)) for brand in brands],
        "window_days": TRANSFER_WINDOW_DAYS,
        "thresholds": thresholds,
        "default_threshold": _default_threshold(),
        "threshold_form": ThresholdForm(),
    }
    return render_ws(request, "routing/home.html", context)


def _default_threshold() -> float:
    from guichet.routing.actions import default_threshold

    return default_threshold()


@manager_required
def rule_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    rule = get_object_or_404(RoutingRule, pk=pk) if pk else None
    if rule is not None and rule.brand_id is not None:
        _require_brand(request, rule.brand_id)
    if request.method != "POST":
        initial = RuleForm.initial_for(rule) if rule else None
        return _form_page(request, RuleForm(initial=initial), _("Règle de routage"), rule=rule)
    form = RuleForm(request.POST)
    if form.is_valid():
        try:
            rule = admin_actions.do_save_rule(
                request.user, rule, brand=form.cleaned_data["brand"],
                categories=form.cleaned_data["categories"], **form.fields_for_action(),
            )  # fmt: skip
            return _saved(request, rule.name)
        except ActionError as error:
            _form_error(form, error)
    return _form_page(request, form, _("Règle de routage"), status=400, rule=rule)


@manager_required
@require_POST
def rule_delete(request: HttpRequest, pk: int) -> HttpResponse:
    rule = get_object_or_404(RoutingRule, pk=pk)
    try:
        admin_actions.do_delete_rule(request.user, rule)
    except NotAllowed as error:
        raise PermissionDenied(str(error)) from error
    messages.success(request, _("Règle supprimée."))
    return HttpResponseRedirect(reverse("routing:home"))


def _require_brand(request: HttpRequest, brand_id: int) -> None:
    try:
        access.require_brand(request.user, brand_id)
    except NotAllowed as error:
        raise PermissionDenied(str(error)) from error


@manager_required
def team_edit(request: HttpRequest, pk: int) -> HttpResponse:
    team = get_object_or_404(Team, pk=pk)
    if team.brand_id is not None:
        _require_brand(request, team.brand_id)
    routing = queries.team_routing(team)
    title = _("Distribution : %(team)s") % {"team": team.name}
    if request.method != "POST":
        initial = {"strategy": routing.strategy}
        return _form_page(request, TeamRoutingForm(initial=initial), title)
    form = TeamRoutingForm(request.POST)
    if form.is_valid():
        try:
            admin_actions.do_save_team_routing(request.user, team, **form.cleaned_data)
            return _saved(request, team.name)
        except ActionError as error:
            _form_error(form, error)
    return _form_page(request, form, title, status=400)


@manager_required
def agent_edit(request: HttpRequest, pk: int) -> HttpResponse:
    agent = get_object_or_404(Agent.objects.select_related("user"), pk=pk)
    brand_ids = _brand_ids(request)
    mine = access.agent_brand_ids(agent)
    if brand_ids is not None and (mine is None or not set(mine) & set(brand_ids)):
        raise PermissionDenied("This agent works for other brands.")
    title = _("Compétences et capacité : %(who)s") % {"who": str(agent)}
    choices = skill_choices(mine)
    if request.method != "POST":
        profile = agent.routing if queries._has_profile(agent) else None
        initial = {
            "tier": agent.tier, "languages": ", ".join(agent.languages or []),
            "skills": list(agent.skills or []), "capacity": agent.capacity,
            "max_chats": profile.max_chats if profile else DEFAULT_MAX_CHATS,
            "out_of_office_from": profile.out_of_office_from if profile else None,
            "out_of_office_until": profile.out_of_office_until if profile else None,
        }  # fmt: skip
        form = AgentProfileForm(initial=initial, skill_choices=choices)
        return _form_page(request, form, title)
    form = AgentProfileForm(request.POST, skill_choices=choices)
    if form.is_valid():
        data = dict(form.cleaned_data)
        data["languages"] = words(data["languages"])
        try:
            admin_actions.do_save_agent_profile(request.user, agent, **data)
            return _saved(request, str(agent))
        except ActionError as error:
            _form_error(form, error)
    return _form_page(request, form, title, status=400)


@manager_required
@require_POST
def agent_rebalance(request: HttpRequest, pk: int) -> HttpResponse:
    agent = get_object_or_404(Agent.objects.select_related("user"), pk=pk)
    moved = do_rebalance_agent(request.user, agent)
    messages.success(
        request, _("%(n)d ticket(s) non commencé(s) remis en file d'attente.") % {"n": moved}
    )
    return HttpResponseRedirect(reverse("routing:home"))


@manager_required
@require_POST
def threshold_set(request: HttpRequest) -> HttpResponse:
    form = ThresholdForm(request.POST)
    if not form.is_valid():
        messages.error(
            request, _("Seuil invalide : choisissez une catégorie et un nombre de 0 à 1.")
        )
        return HttpResponseRedirect(reverse("routing:home"))
    category = form.cleaned_data["category"]
    try:
        admin_actions.do_set_threshold(request.user, category, form.cleaned_data["threshold"])
    except NotAllowed as error:
        raise PermissionDenied(str(error)) from error
    except ActionError as error:
        messages.error(request, error.message)
        return HttpResponseRedirect(reverse("routing:home"))
    return _saved(request, category.name)


@agent_required
@require_POST
def set_availability(request: HttpRequest) -> HttpResponse:
    """The workspace header's control: an agent sets their own availability."""
    agent = access.agent_of(request.user)
    assert agent is not None
    form = AvailabilityForm(request.POST)
    if form.is_valid():
        try:
            admin_actions.do_set_availability(
                request.user, agent, form.cleaned_data["availability"],
                out_of_office_until=form.cleaned_data["out_of_office_until"],
            )  # fmt: skip
        except ActionError as error:
            messages.error(request, error.message)
    else:
        messages.error(request, _("Disponibilité inconnue."))
    return back(request, reverse("workspace:queue"))


@agent_required
@require_GET
def ticket_card(request: HttpRequest, pk: int) -> HttpResponse:
    """The ticket page's routing card (loaded by htmx, so the page keeps its query budget):
    each change of team or assignee with its reason, for agents who may see the ticket."""
    ticket = ticket_for_agent(request.user, pk)
    rows = queries.ticket_assignments(ticket)
    context = {"ticket": ticket, "lines": routing_lines(rows, queries.model_category_names(rows))}
    return render(request, "routing/partials/ticket_routing.html", context)
