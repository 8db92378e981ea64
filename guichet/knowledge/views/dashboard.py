"""The self-service dashboard: searches, articles, votes and deflection for one brand."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from guichet.knowledge import analytics, charts
from guichet.knowledge.actions.analytics import settle_outcomes
from guichet.knowledge.views.manage import _brand, _shell
from guichet.workspace.views.common import agent_required, render_ws

PERIODS = (7, 30, 90)


@agent_required
def dashboard(request: HttpRequest) -> HttpResponse:
    brand = _brand(request, "kb.manage")
    days = (
        int(request.GET.get("days", "30"))
        if request.GET.get("days", "") in {"7", "30", "90"}
        else 30
    )
    settle_outcomes()
    period = analytics.Period.last(brand, days)
    top = analytics.top_searches(period)
    zero = analytics.top_searches(period, zero_only=True)
    worst = analytics.worst_rated(period)
    stale = analytics.stale(period)
    by_day = analytics.deflection_by_day(period)
    points = [(date_format(day, "d/m"), deflected / whole if whole else None)
              for day, deflected, whole in by_day]  # fmt: skip
    context = _shell(
        request, brand, "analytics", days=days, periods=PERIODS,
        totals=analytics.totals(period), top=top, zero=zero, worst=worst,
        comments=analytics.recent_comments(period), stale=stale, by_day=by_day,
        top_chart=charts.bar_chart([(r["normalised"], r["n"]) for r in top],
                                   title=_("Recherches les plus fréquentes")),
        zero_chart=charts.bar_chart([(r["normalised"], r["n"]) for r in zero],
                                    title=_("Recherches sans résultat"), colour="#b42318"),
        worst_chart=charts.bar_chart([(r["title"], r["ratio"]) for r in worst], percent=True,
                                     title=_("Articles les moins utiles"), colour="#b54708"),
        stale_chart=charts.bar_chart([(r["title"], r["overdue"]) for r in stale],
                                     title=_("Articles à relire (jours de retard)"),
                                     colour="#6941c6"),
        deflection_chart=charts.line_chart(points, title=_("Taux de déflexion par jour")),
    )  # fmt: skip
    return render_ws(request, "knowledge/agent/dashboard.html", context)
