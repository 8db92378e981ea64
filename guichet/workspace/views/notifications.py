"""The notification list and marking notifications read."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from guichet.notifications.actions import do_mark_read
from guichet.notifications.models import Notification
from guichet.workspace import queries
from guichet.workspace.views.common import agent_required, back, render_ws


@agent_required
@require_GET
def notification_list(request: HttpRequest) -> HttpResponse:
    page = queries.notifications_page(
        request.user, request.GET.get("after", ""), request.GET.get("before", "")
    )
    return render_ws(
        request, "workspace/notifications.html", {"page": page, "nav": "notifications"}
    )


@agent_required
@require_POST
def mark_read(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if request.POST.get("all"):
        ids = list(
            Notification.objects.filter(user=user, read_at__isnull=True).values_list(
                "pk", flat=True
            )
        )
    else:
        ids = [int(i) for i in request.POST.getlist("notification") if i.isdigit()]
    do_mark_read(request.user, ids)
    return back(request, reverse("workspace:notifications"))


@agent_required
@require_POST
def open_notification(request: HttpRequest, pk: int) -> HttpResponse:
    notification = get_object_or_404(Notification, pk=pk, user=request.user)
    do_mark_read(request.user, [notification.pk])
    if notification.ticket_id:
        return HttpResponseRedirect(reverse("workspace:ticket", args=[notification.ticket_id]))
    return HttpResponseRedirect(reverse("workspace:notifications"))
