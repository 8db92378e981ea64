"""SLA settings pages for admins: calendars, policies, escalation rules, on-call rotas.

Thin views: parse the form, call one action, show its errors on the form. See docs/sla.md
("Configuring").
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from guichet.core import access
from guichet.core.errors import ActionError
from guichet.sla import admin_actions
from guichet.sla.forms import (
    CalendarForm,
    OverrideForm,
    PolicyForm,
    RotaForm,
    RuleForm,
    target_field_name,
)
from guichet.sla.models import BusinessCalendar, EscalationRule, OnCallRota, SlaPolicy
from guichet.sla.oncall import who_is_on_call
from guichet.workspace.views.common import agent_required, render_ws


def admin_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @agent_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not access.has_perm(request.user, admin_actions.PERMISSION):
            raise PermissionDenied("SLA settings are for admins.")
        return view(request, *args, **kwargs)

    return wrapper


def _form_page(
    request: HttpRequest, form: Any, title: str, status: int = 200, **extra: Any
) -> HttpResponse:
    context = {"form": form, "title": title, "nav": "sla_settings",
               "back_url": reverse("sla:settings"), **extra}  # fmt: skip
    return render_ws(request, "sla/settings_form.html", context, status=status)


def _saved(request: HttpRequest, what: str) -> HttpResponseRedirect:
    messages.success(request, _("« %(name)s » enregistré.") % {"name": what})
    return HttpResponseRedirect(reverse("sla:settings"))


@admin_required
def settings_home(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    rotas = [(rota, who_is_on_call(rota, now)) for rota in OnCallRota.objects.all()]
    context = {
        "calendars": BusinessCalendar.objects.select_related("brand"),
        "policies": SlaPolicy.objects.select_related("brand", "calendar").prefetch_related(
            "targets"
        ),
        "rules": EscalationRule.objects.select_related("brand", "page_rota", "webhook"),
        "rotas": rotas,
        "nav": "sla_settings",
    }
    return render_ws(request, "sla/settings.html", context)


@admin_required
def calendar_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    calendar = get_object_or_404(BusinessCalendar, pk=pk) if pk else None
    if request.method != "POST":
        initial = CalendarForm.initial_for(calendar) if calendar else None
        return _form_page(
            request, CalendarForm(initial=initial), _("Calendrier"), calendar=calendar
        )
    form = CalendarForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            calendar = admin_actions.do_save_calendar(
                request.user, calendar, brand=form.cleaned_data["brand"], **form.fields_for_action()
            )
            upload = form.cleaned_data.get("ics")
            if upload:
                imported = admin_actions.do_import_ics(
                    request.user, calendar, upload.name, upload.read()
                )
                for reason in imported.skipped:
                    messages.warning(request, _("iCal ignoré : %(r)s") % {"r": reason})
            return _saved(request, calendar.name)
        except ActionError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
    return _form_page(request, form, _("Calendrier"), status=400, calendar=calendar)


@admin_required
def policy_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    policy = get_object_or_404(SlaPolicy, pk=pk) if pk else None
    if request.method != "POST":
        form = PolicyForm(initial=_policy_initial(policy) if policy else None)
        return _form_page(request, form, _("Politique SLA"), targets=form.target_rows())
    form = PolicyForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            policy = admin_actions.do_save_policy(
                request.user, policy, brand=data["brand"], name=data["name"],
                calendar=data["calendar"], conditions=data["conditions"],
                targets=form.targets(), position=data["position"],
                is_default=data["is_default"], active=data["active"],
                warning_percent=data["warning_percent"],
                pause_when_pending=data["pause_when_pending"],
                pause_when_on_hold=data["pause_when_on_hold"],
            )  # fmt: skip
            return _saved(request, policy.name)
        except ActionError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
    return _form_page(request, form, _("Politique SLA"), status=400, targets=form.target_rows())


def _policy_initial(policy: SlaPolicy) -> dict[str, Any]:
    initial: dict[str, Any] = {
        field: getattr(policy, field)
        for field in ("name", "brand", "calendar", "conditions", "position", "is_default",
                      "active", "warning_percent", "pause_when_pending", "pause_when_on_hold")
    }  # fmt: skip
    for target in policy.targets.all():
        initial[target_field_name(target.metric, target.priority)] = target.minutes
    return initial


@admin_required
def rule_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    rule = get_object_or_404(EscalationRule, pk=pk) if pk else None
    fields = list(RuleForm.base_fields)
    if request.method != "POST":
        initial = {name: getattr(rule, name) for name in fields} if rule else None
        return _form_page(request, RuleForm(initial=initial), _("Règle d'escalade"))
    form = RuleForm(request.POST)
    if form.is_valid():
        data = dict(form.cleaned_data)
        try:
            rule = admin_actions.do_save_rule(request.user, rule, **data)
            return _saved(request, rule.name)
        except ActionError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
    return _form_page(request, form, _("Règle d'escalade"), status=400)


@admin_required
def rota_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    rota = get_object_or_404(OnCallRota, pk=pk) if pk else None
    if request.method != "POST":
        initial = None
        if rota:
            members = ", ".join(m.user.username for m in rota.members.select_related("user"))
            initial = {"name": rota.name, "timezone": rota.timezone, "members": members,
                       "starts_at": timezone.localtime(rota.starts_at), "shift_hours": rota.shift_hours}  # fmt: skip
        return _form_page(request, RotaForm(initial=initial), _("Astreinte"), **_rota_extra(rota))
    form = RotaForm(request.POST)
    if form.is_valid():
        users = form.member_users()
        if form.is_valid():
            data = form.cleaned_data
            try:
                rota = admin_actions.do_save_rota(
                    request.user, rota, name=data["name"], timezone_name=data["timezone"],
                    starts_at=data["starts_at"], shift_hours=data["shift_hours"], members=users,
                )  # fmt: skip
                return _saved(request, rota.name)
            except ActionError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
    return _form_page(request, form, _("Astreinte"), status=400, **_rota_extra(rota))


def _rota_extra(rota: OnCallRota | None) -> dict[str, Any]:
    """Who is on call now and the overrides to come, on an existing rota's page."""
    if rota is None:
        return {}
    now = timezone.now()
    overrides = rota.overrides.filter(ends_at__gt=now).select_related("user")
    return {"rota": rota, "on_call": who_is_on_call(rota, now), "overrides": overrides}


@admin_required
def override_new(request: HttpRequest, pk: int) -> HttpResponse:
    """Put someone else on call for a while (e.g. a swap of shifts)."""
    rota = get_object_or_404(OnCallRota, pk=pk)
    title = _("Remplacement d'astreinte : %(rota)s") % {"rota": rota.name}
    if request.method != "POST":
        return _form_page(request, OverrideForm(), title)
    form = OverrideForm(request.POST)
    if form.is_valid():
        user = form.agent_user()
        if form.is_valid():
            data = form.cleaned_data
            try:
                admin_actions.do_add_override(
                    request.user, rota, user=user, starts_at=data["starts_at"],
                    ends_at=data["ends_at"],
                )  # fmt: skip
                return _saved(request, rota.name)
            except ActionError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
    return _form_page(request, form, title, status=400)
