"""Queues, saved views and bulk actions."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from guichet.core.errors import ActionError
from guichet.workspace import actions, queries
from guichet.workspace.filters import parse_spec, querystring, to_params
from guichet.workspace.forms import SaveViewForm
from guichet.workspace.labels import choices
from guichet.workspace.models import SavedView
from guichet.workspace.views.common import agent_required, back, render_ws, report_error


@agent_required
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    spec = parse_spec(request.GET)
    page = queries.queue_page(
        request.user,
        spec,
        after=request.GET.get("after", ""),
        before=request.GET.get("before", ""),
    )
    view_id = request.GET.get("view", "")
    base = querystring(spec, view=view_id)
    context = {
        "spec": spec,
        "page": page,
        "counts": queries.queue_counts(request.user),
        "saved_views": queries.saved_views(request.user),
        "active_view": int(view_id) if view_id.isdigit() else None,
        "choices": queries.filter_choices(request.user, spec.organisation),
        "base_query": base,
        "queue_labels": choices("queue"),
        "status_filters": choices("status_filter") + choices("status"),
        "sorts": choices("sort"),
        "bulk_statuses": [c for c in choices("status") if c[0] not in ("new", "closed")],
        "priorities": choices("priority"),
        "channels": choices("channel"),
        "bulk_agents": queries.bulk_agents(request.user),
        "spec_params": to_params(spec),
        "current_url": request.get_full_path(),
        "nav": "queue",
    }
    return render_ws(request, "workspace/queue.html", context)


@agent_required
@require_GET
def organisations(request: HttpRequest) -> HttpResponse:
    """Type-ahead for the organisation filter (htmx): matching organisations the agent may see,
    as radio buttons of the queue's filter form; the selected one stays listed."""
    selected = queries.visible_organisation(request.user, parse_spec(request.GET).organisation)
    matches = queries.organisation_matches(request.user, request.GET.get("org_q", ""))
    if selected is not None:
        matches = [org for org in matches if org.pk != selected.pk]
    context = {
        "selected": selected,
        "matches": matches,
        "query": request.GET.get("org_q", ""),
        "more": len(matches) >= queries.ORGANISATION_MATCHES_MAX,
    }
    return render(request, "workspace/partials/organisation_options.html", context)


@agent_required
@require_POST
def save_view(request: HttpRequest) -> HttpResponse:
    form = SaveViewForm(request.POST)
    spec = parse_spec(request.POST)
    if not form.is_valid():
        messages.error(request, _("Donnez un nom à la vue."))
        return HttpResponseRedirect(reverse("workspace:queue") + "?" + querystring(spec))
    try:
        view = actions.do_save_view(
            request.user, name=form.cleaned_data["name"], filters=request.POST.dict()
        )
    except ActionError as error:
        report_error(request, error)
        return HttpResponseRedirect(reverse("workspace:queue") + "?" + querystring(spec))
    messages.success(request, _("Vue « %(name)s » enregistrée.") % {"name": view.name})
    return HttpResponseRedirect(reverse("workspace:saved_view", args=[view.pk]))


@agent_required
@require_GET
def open_view(request: HttpRequest, pk: int) -> HttpResponse:
    view = get_object_or_404(SavedView, pk=pk, owner=request.user)
    spec = parse_spec(view.filters)
    return HttpResponseRedirect(
        reverse("workspace:queue") + "?" + querystring(spec, view=str(view.pk))
    )


@agent_required
@require_POST
def delete_view(request: HttpRequest, pk: int) -> HttpResponse:
    view = get_object_or_404(SavedView, pk=pk, owner=request.user)
    actions.do_delete_view(request.user, view)
    messages.success(request, _("Vue « %(name)s » supprimée.") % {"name": view.name})
    return HttpResponseRedirect(reverse("workspace:queue"))


BULK_VALUE_FIELD = {
    "assign": "assignee",
    "status": "status",
    "tag_add": "tag",
    "tag_remove": "tag",
}


@agent_required
@require_POST
def bulk(request: HttpRequest) -> HttpResponse:
    operation = request.POST.get("operation", "")
    value = request.POST.get(BULK_VALUE_FIELD.get(operation, ""), "")
    try:
        result = actions.do_bulk_update(
            request.user, request.POST.getlist("ticket"), operation, value
        )
    except ActionError as error:
        report_error(request, error)
        return back(request, reverse("workspace:queue"))
    if result.done:
        count = len(result.done)
        messages.success(
            request,
            ngettext("%(count)s ticket mis à jour.", "%(count)s tickets mis à jour.", count)
            % {"count": count},
        )
    for reference, reason in result.failed:
        messages.error(request, f"{reference} : {reason}")
    return back(request, reverse("workspace:queue"))
