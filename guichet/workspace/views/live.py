"""Small htmx endpoints polled by the pages: presence on a ticket, the notification bell,
and @mention completion."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_POST

from guichet.core import access
from guichet.workspace import actions, queries
from guichet.workspace.views.common import agent_required


@agent_required
@require_POST
def presence(request: HttpRequest, pk: int) -> HttpResponse:
    """Refresh my presence on the ticket; answer with who else is there and what is new."""
    ticket = queries.ticket_for_agent(request.user, pk)
    state = request.POST.get("state", "viewing")
    actions.do_touch_presence(request.user, ticket, state)
    if state == "gone":
        return HttpResponse(status=204)
    seen = request.POST.get("seen", "")
    newer = (
        [
            m
            for m in queries.newer_public_messages(request.user, ticket, int(seen))
            if m.author_user_id != request.user.pk
        ]
        if seen.isdigit()
        else []
    )
    context = {
        "ticket": ticket,
        "presence": queries.active_presence(ticket, request.user),
        "newer": newer,
    }
    return render(request, "workspace/partials/presence.html", context)


@agent_required
@require_GET
def bell(request: HttpRequest) -> HttpResponse:
    context = {"unread_count": queries.unread_count(request.user)}
    return render(request, "workspace/partials/bell.html", context)


@agent_required
@require_GET
def mentions(request: HttpRequest) -> JsonResponse:
    """Agents to suggest after "@" in a note (only those who can see the ticket)."""
    ticket_id = request.GET.get("ticket", "")
    ticket = queries.ticket_for_agent(request.user, int(ticket_id)) if ticket_id.isdigit() else None
    users = queries.mention_candidates(request.user, request.GET.get("q", "")[:60])
    if ticket is not None:
        users = [u for u in users if access.can_view_ticket(u, ticket)]
    return JsonResponse(
        {"results": [{"username": u.username, "name": u.get_full_name()} for u in users]}
    )
