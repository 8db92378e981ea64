"""Workspace pages of the SLA app: the "at risk" queue and the live clocks of a ticket.

The settings pages are in `settings_views.py`. See docs/sla.md ("In the workspace and the API").
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from guichet.sla import queries
from guichet.workspace.queries import ticket_for_agent
from guichet.workspace.views.common import agent_required, render_ws


@agent_required
@require_GET
def at_risk(request: HttpRequest) -> HttpResponse:
    """Tickets whose clock is past its warning (or every running clock), soonest due first."""
    everything = request.GET.get("all") == "1"
    mine = request.GET.get("mine") == "1"
    rows = queries.at_risk(request.user, timezone.now(), everything=everything, mine=mine)
    context = {"rows": rows, "everything": everything, "mine": mine, "nav": "at_risk"}
    return render_ws(request, "sla/at_risk.html", context)


@agent_required
@require_GET
def ticket_clocks(request: HttpRequest, pk: int) -> HttpResponse:
    """The clocks card of a ticket page (htmx refreshes it every minute)."""
    ticket = ticket_for_agent(request.user, pk)
    return render(request, "sla/partials/ticket_clocks.html", {"ticket": ticket})
