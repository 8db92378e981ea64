"""Admin pages: automations (triggers, time-based) and webhooks, with validation errors shown.

Thin views: parse, call one action, show its errors on the form. See docs/automations.md.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from guichet.automations import actions, webhook_actions
from guichet.automations.forms import AutomationForm, WebhookForm
from guichet.automations.models import Automation, Webhook
from guichet.automations.presets import PRESETS
from guichet.core.errors import ActionError
from guichet.sla.settings_views import admin_required
from guichet.workspace.views.common import render_ws

FORM_FIELDS = ("name", "kind", "event", "position", "active", "conditions", "actions")


def _home() -> HttpResponseRedirect:
    return HttpResponseRedirect(reverse("automations:home"))


def _page(
    request: HttpRequest, form: Any, title: str, status: int = 200, **extra: Any
) -> HttpResponse:
    context = {"form": form, "title": title, "nav": "sla_settings",
               "back_url": reverse("automations:home"), **extra}  # fmt: skip
    return render_ws(request, "sla/settings_form.html", context, status=status)


@admin_required
def home(request: HttpRequest) -> HttpResponse:
    context = {
        "triggers": Automation.objects.filter(kind=Automation.Kind.TRIGGER).select_related("brand"),
        "scheduled": Automation.objects.filter(kind=Automation.Kind.SCHEDULED).select_related(
            "brand"
        ),
        "webhooks": Webhook.objects.select_related("brand"),
        "presets": PRESETS,
        "nav": "sla_settings",
    }
    return render_ws(request, "automations/home.html", context)


@admin_required
def automation_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    automation = get_object_or_404(Automation, pk=pk) if pk else None
    if request.method != "POST":
        initial: dict[str, Any] = {"kind": request.GET.get("kind", Automation.Kind.TRIGGER)}
        if automation:
            initial = {name: getattr(automation, name) for name in FORM_FIELDS}
            initial["brand"] = automation.brand
        return _page(request, AutomationForm(initial=initial), _("Automatisation"))
    form = AutomationForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            spec = actions.check_automation(**{name: data[name] for name in FORM_FIELDS})
            automation = actions.do_save_automation(
                request.user, automation, spec, brand=data["brand"]
            )
            messages.success(request, _("« %(name)s » enregistrée.") % {"name": automation.name})
            return _home()
        except ActionError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
    return _page(request, form, _("Automatisation"), status=400)


@admin_required
@require_POST
def automation_delete(request: HttpRequest, pk: int) -> HttpResponse:
    actions.do_delete_automation(request.user, get_object_or_404(Automation, pk=pk))
    return _home()


@admin_required
@require_POST
def add_preset(request: HttpRequest, key: str) -> HttpResponse:
    preset = PRESETS.get(key)
    if preset is None:
        return _home()
    spec = actions.check_automation(
        **{name: preset.get(name, "") for name in FORM_FIELDS if name != "active"}
    )
    actions.do_save_automation(request.user, None, spec)
    messages.success(request, _("« %(name)s » ajoutée.") % {"name": spec.name})
    return _home()


@admin_required
def webhook_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    webhook = get_object_or_404(Webhook, pk=pk) if pk else None
    deliveries = webhook.deliveries.all()[:20] if webhook else []
    if request.method != "POST":
        initial = {"name": webhook.name, "url": webhook.url, "brand": webhook.brand,
                   "active": webhook.active,
                   "allow_private_network": webhook.allow_private_network} if webhook else None  # fmt: skip
        return _page(request, WebhookForm(initial=initial), _("Webhook"), webhook=webhook,
                     deliveries=deliveries)  # fmt: skip
    form = WebhookForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            webhook = webhook_actions.do_save_webhook(
                request.user, webhook, name=data["name"], url=data["url"], brand=data["brand"],
                active=data["active"], allow_private_network=data["allow_private_network"],
            )  # fmt: skip
            messages.success(request, _("« %(name)s » enregistré.") % {"name": webhook.name})
            return HttpResponseRedirect(reverse("automations:webhook_edit", args=[webhook.pk]))
        except ActionError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
    return _page(request, form, _("Webhook"), status=400, webhook=webhook, deliveries=deliveries)
