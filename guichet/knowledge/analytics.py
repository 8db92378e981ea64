"""Reads behind the self-service dashboard. See docs/knowledge.md ("Analytics").

Every number is for one brand over the last `days` days; outcomes are settled first
(actions/analytics.settle_outcomes), so a dashboard is up to date even without the worker.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone

from guichet.brands.models import Brand
from guichet.knowledge import deflection
from guichet.knowledge.models import (
    Article,
    ArticleFeedback,
    ArticleView,
    Outcome,
    SearchEvent,
    Source,
    SuggestionSession,
)
from guichet.knowledge.queries import stale_articles

MIN_VOTES = 3

# Searches whose follow-up (a ticket or not) Guichet can see. A help-centre search is tied to the
# visitor's session, which the portal's sign-in (required to submit) ties to the contact. A widget
# search runs on the customer's site, where Guichet sets no cookie: only once the visitor followed
# one of its links (a result, "Contact support") is it tied to a session; otherwise a ticket that
# followed could never be seen, and counting it as "no ticket" would lower the rate.
FOLLOW_UP_OBSERVABLE = (
    ~Q(source=Source.WIDGET) | Q(clicked_at__isnull=False) | Q(asked_for_help=True)
)


@dataclass(frozen=True)
class Period:
    brand: Brand
    days: int
    since: dt.datetime
    until: dt.datetime

    @classmethod
    def last(cls, brand: Brand, days: int, now: dt.datetime | None = None) -> Period:
        now = now or timezone.now()
        return cls(brand, days, now - dt.timedelta(days=days), now)


def _searches(period: Period) -> QuerySet[SearchEvent]:
    return SearchEvent.objects.filter(brand=period.brand, created_at__gte=period.since,
                                      created_at__lte=period.until)  # fmt: skip


def totals(period: Period) -> dict[str, Any]:
    searches = _searches(period).aggregate(
        all=Count("pk"),
        zero=Count("pk", filter=Q(result_count=0)),
        clicked=Count("pk", filter=Q(clicked_at__isnull=False)),
        settled=Count("pk", filter=Q(settled_at__isnull=False) & FOLLOW_UP_OBSERVABLE),
        ticket=Count("pk", filter=Q(ticket__isnull=False) & FOLLOW_UP_OBSERVABLE),
        asked=Count("pk", filter=Q(asked_for_help=True)),
        widget=Count("pk", filter=Q(source=Source.WIDGET)),
    )
    views = ArticleView.objects.filter(brand=period.brand, created_at__gte=period.since).count()
    votes = ArticleFeedback.objects.filter(
        article__brand=period.brand, updated_at__gte=period.since
    ).aggregate(yes=Count("pk", filter=Q(helpful=True)), no=Count("pk", filter=Q(helpful=False)))
    sessions = SuggestionSession.objects.filter(brand=period.brand, created_at__gte=period.since)
    outcomes = dict(sessions.values_list("outcome").annotate(n=Count("pk")).order_by())
    settled = sum(n for outcome, n in outcomes.items() if outcome != Outcome.PENDING)
    return {
        "searches": searches["all"],
        "zero": searches["zero"],
        "zero_rate": deflection.rate(searches["zero"], searches["all"]),
        "click_rate": deflection.rate(searches["clicked"], searches["all"]),
        "ticket_rate": deflection.rate(searches["ticket"], searches["settled"]),
        "asked": searches["asked"],
        "widget_searches": searches["widget"],
        "observed": searches["settled"],  # the ticket rate's denominator
        "views": views,
        "helpful": votes["yes"],
        "not_helpful": votes["no"],
        "deflected": outcomes.get(Outcome.DEFLECTED, 0),
        "sessions": settled,
        "deflection_rate": deflection.rate(outcomes.get(Outcome.DEFLECTED, 0), settled),
        "outcomes": outcomes,
    }


def top_searches(
    period: Period, limit: int = 10, *, zero_only: bool = False
) -> list[dict[str, Any]]:
    qs = _searches(period)
    if zero_only:
        qs = qs.filter(result_count=0)
    rows: Any = (
        qs.values("normalised")
        .annotate(n=Count("pk"), clicked=Count("pk", filter=Q(clicked_at__isnull=False)),
                  tickets=Count("pk", filter=Q(ticket__isnull=False)))
        .order_by("-n", "normalised")[:limit]
    )  # fmt: skip
    return [dict(row) for row in rows]


def worst_rated(period: Period, limit: int = 8) -> list[dict[str, Any]]:
    rows: Any = (
        Article.objects.filter(brand=period.brand, feedback__updated_at__gte=period.since)
        .annotate(yes=Count("feedback", filter=Q(feedback__helpful=True)), votes=Count("feedback"))
        .filter(votes__gte=MIN_VOTES)
        .values("pk", "title", "language", "yes", "votes")
    )
    rated = [{**row, "ratio": row["yes"] / row["votes"]} for row in rows]
    rated = [row for row in rated if row["ratio"] < 1]
    return sorted(rated, key=lambda r: (r["ratio"], -r["votes"]))[:limit]


def recent_comments(period: Period, limit: int = 10) -> QuerySet[ArticleFeedback]:
    return (
        ArticleFeedback.objects.filter(article__brand=period.brand, updated_at__gte=period.since)
        .exclude(comment="")
        .select_related("article")
        .order_by("-updated_at")[:limit]
    )


def stale(period: Period, limit: int = 20) -> list[dict[str, Any]]:
    """Live articles past their review-by date at the end of the period, most overdue first,
    with how many days they are overdue (the dashboard charts it)."""
    day = timezone.localdate(period.until)
    articles = stale_articles(Article.objects.filter(brand=period.brand), day)
    return [
        {"pk": a.pk, "title": a.title, "owner": a.owner, "review_by": a.review_by,
         "overdue": (day - a.review_by).days if a.review_by else 0}
        for a in articles.select_related("owner").order_by("review_by", "pk")[:limit]
    ]  # fmt: skip


def deflection_by_day(period: Period) -> list[tuple[dt.date, int, int]]:
    """(day, deflected, settled sessions) for every day of the period, oldest first."""
    rows = (
        SuggestionSession.objects.filter(brand=period.brand, created_at__gte=period.since)
        .exclude(outcome=Outcome.PENDING)
        .annotate(day=TruncDate("created_at"))
        .values("day")
        .annotate(all=Count("pk"), deflected=Count("pk", filter=Q(outcome=Outcome.DEFLECTED)))
        .order_by("day")
    )
    by_day = {row["day"]: (row["deflected"], row["all"]) for row in rows}
    first = timezone.localtime(period.since).date()
    days = [first + dt.timedelta(days=i) for i in range(period.days + 1)]
    return [(day, *by_day.get(day, (0, 0))) for day in days]
