"""/agent/triage/: agents' corrections of predictions, the evaluation page, "train now".

See docs/triage.md ("In the workspace").
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from guichet.core import access
from guichet.core.errors import ActionError
from guichet.jobs.enqueue import on_commit
from guichet.triage import report
from guichet.triage.actions import check_can_train
from guichet.triage.hooks import triage_enabled
from guichet.triage.models import Target, TicketPrediction
from guichet.triage.tasks import train_triage_model
from guichet.triage.ticket_actions import do_correct_prediction
from guichet.workspace.queries import ticket_for_agent
from guichet.workspace.views.common import agent_required, is_htmx, render_ws

REVIEWERS = {access.ADMIN, access.SUPERVISOR}
POLL_FOR = dt.timedelta(hours=1)  # a ticket this young may still be waiting for its triage


@agent_required
@require_GET
def ticket_card(request: HttpRequest, pk: int) -> HttpResponse:
    """The triage card of a ticket page, loaded by htmx (the page itself stays within its
    query budget); it polls while the ticket awaits its triage."""
    ticket = ticket_for_agent(request.user, pk)
    recent = timezone.now() - ticket.created_at < POLL_FOR
    context = {"ticket": ticket, "can": {"update": access.has_perm(request.user, "ticket.update")},
               "triage_poll": recent and triage_enabled()}  # fmt: skip
    return render(request, "triage/partials/ticket_triage.html", context)


@agent_required
@require_POST
def correct(request: HttpRequest, pk: int) -> HttpResponse:
    """An agent corrects (or confirms) one prediction; htmx gets the card back."""
    tickets = access.visible_tickets(request.user)
    prediction = get_object_or_404(
        TicketPrediction.objects.select_related("ticket"), pk=pk, ticket__in=tickets
    )
    error, saved = "", _("Correction enregistrée : elle servira à l'entraînement.")
    try:
        do_correct_prediction(request.user, prediction, request.POST.get("label"))
    except ActionError as failure:
        error = failure.message
    if is_htmx(request):  # the card comes back, with the outcome in it (htmx swaps 200s only)
        context = {"ticket": prediction.ticket, "can": {"update": True}, "triage_error": error,
                   "triage_saved": "" if error else saved}  # fmt: skip
        return render(request, "triage/partials/ticket_triage.html", context)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, saved)
    return HttpResponseRedirect(reverse("workspace:ticket", args=[prediction.ticket_id]))


def require_reviewer(request: HttpRequest) -> None:
    if access.role_of(request.user) not in REVIEWERS:
        raise PermissionDenied("Supervisors and admins only.")


@agent_required
@require_GET
def evaluation(request: HttpRequest) -> HttpResponse:
    """Per brand and target: the active model, the candidates, and their held-out figures."""
    require_reviewer(request)
    brands = report.visible_brands(request.user)
    if not brands:
        raise Http404("No brand.")
    wanted = request.GET.get("brand", "")
    brand = next((b for b in brands if str(b.pk) == wanted), brands[0])
    shown = request.GET.get("model", "")
    context = {
        "brands": brands,
        "brand": brand,
        "sections": report.brand_report(brand, int(shown) if shown.isdigit() else None),
        "can_train": access.has_perm(request.user, "settings.manage"),
        "nav": "triage",
    }
    return render_ws(request, "triage/evaluation.html", context)


@agent_required
@require_POST
def train(request: HttpRequest) -> HttpResponse:
    """Enqueue the training of one brand's model for one target (admins of the brand)."""
    brand_id = request.POST.get("brand", "")
    if not brand_id.isdigit():
        raise Http404("No brand.")
    brand = get_object_or_404(report.brand_queryset(request.user), pk=int(brand_id))
    target = request.POST.get("target", "")
    try:
        check_can_train(request.user, brand, target)
    except ActionError as error:
        messages.error(request, error.message)
    else:
        on_commit(train_triage_model, brand.pk, target)
        messages.success(
            request, _("Entraînement demandé : le résultat apparaîtra ici dans quelques minutes.")
        )
    url = reverse("triage:evaluation")
    return HttpResponseRedirect(
        f"{url}?brand={brand.pk}" + (f"#target-{target}" if target in Target.values else "")
    )
