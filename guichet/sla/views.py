"""Workspace pages of the SLA app: the "at risk" queue and the live clocks of a ticket.

The settings pages are in `settings_views.py`. See docs/sla.md ("In the workspace and the API").
"""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from guichet.core import access
from guichet.sla import queries
from guichet.sla.escalation import escalation_rates
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


REPORT_PERIODS = (7, 30, 90, 365)


@agent_required
@require_GET
def escalation_report(request: HttpRequest) -> HttpResponse:
    """Escalation rates N1->N2, N2->N3, N3->N4 of the tickets created in the last N days
    (the agent's brands only); the same figures as GET /api/v1/sla/escalation-rates."""
    days = int(request.GET["days"]) if request.GET.get("days", "").isdigit() else 30
    days = days if days in REPORT_PERIODS else 30
    agent = access.agent_of(request.user)
    brands = access.agent_brand_ids(agent) if agent is not None else None
    since = timezone.now() - dt.timedelta(days=days)
    rates = escalation_rates(since=since, brand_ids=brands)
    rows = [(step.replace("->", " → "), rate) for step, rate in rates.items()]
    context = {"rows": rows, "days": days, "periods": REPORT_PERIODS, "nav": "at_risk"}
    return render_ws(request, "sla/escalation_report.html", context)
