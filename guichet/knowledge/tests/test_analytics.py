"""The self-service dashboard: numbers, charts, permissions."""

import datetime as dt

import pytest
from django.utils import timezone

from guichet.core.tests import factories
from guichet.knowledge import analytics, charts
from guichet.knowledge.actions.analytics import do_record_search, do_vote
from guichet.knowledge.models import Outcome, SearchEvent, SuggestionSession
from guichet.knowledge.tests import factories as kb

pytestmark = pytest.mark.django_db


def search(brand, query, results, visitor):
    return do_record_search(brand=brand, language="fr", query=query, result_count=results,
                            source="help", visitor=visitor)  # fmt: skip


def test_top_and_zero_result_searches(brand):
    for visitor in ("v1", "v2", "v3"):
        search(brand, "Imprimante", 2, visitor)
    search(brand, "agenda", 0, "v1x")
    search(brand, "agenda", 0, "v2x")
    period = analytics.Period.last(brand, 30)
    assert [(r["normalised"], r["n"]) for r in analytics.top_searches(period)] == [
        ("imprimante", 3),
        ("agenda", 2),
    ]
    assert [r["normalised"] for r in analytics.top_searches(period, zero_only=True)] == ["agenda"]
    assert analytics.totals(period)["zero_rate"] == pytest.approx(0.4)


def test_the_ticket_rate_leaves_out_widget_searches_whose_follow_up_cannot_be_seen(brand):
    now = timezone.now()
    ticket = factories.ticket(brand)
    followed = search(brand, "imprimante", 2, "v1")
    SearchEvent.objects.filter(pk=followed.pk).update(ticket=ticket, settled_at=now)
    search(brand, "agenda", 1, "v2")
    do_record_search(brand=brand, language="fr", query="facture", result_count=1,
                     source="widget", visitor="wabcdef12")  # fmt: skip
    clicked = do_record_search(brand=brand, language="fr", query="ordonnance", result_count=1,
                               source="widget", visitor="wghijkl34")  # fmt: skip
    SearchEvent.objects.filter(pk=clicked.pk).update(clicked_at=now)
    SearchEvent.objects.exclude(pk=followed.pk).update(settled_at=now)
    totals = analytics.totals(analytics.Period.last(brand, 30, now + dt.timedelta(minutes=1)))
    assert totals["click_rate"] == pytest.approx(1 / 4)  # widget clicks are recorded: all count
    assert totals["ticket_rate"] == pytest.approx(1 / 3)  # not the widget search left unseen
    assert (totals["observed"], totals["widget_searches"]) == (3, 2)


def test_worst_rated_articles_need_enough_votes(brand):
    good, bad, few = (
        kb.article(brand, "Bon"),
        kb.article(brand, "Mauvais"),
        kb.article(brand, "Rare"),
    )
    for i in range(4):
        do_vote(good, visitor=f"g{i}", helpful=i != 0)
        do_vote(bad, visitor=f"b{i}", helpful=i == 0)
    do_vote(few, visitor="f", helpful=False)
    rows = analytics.worst_rated(analytics.Period.last(brand, 30))
    assert [(r["title"], r["yes"], r["votes"]) for r in rows] == [("Mauvais", 1, 4), ("Bon", 3, 4)]


def test_deflection_rate_per_day(brand, customer):
    now = timezone.now()
    outcomes = (Outcome.DEFLECTED, Outcome.DEFLECTED, Outcome.TICKET, Outcome.PENDING)
    for index, outcome in enumerate(outcomes):
        SuggestionSession.objects.create(brand=brand, token=f"token-{index}",
                                         contact=customer.contact, outcome=outcome,
                                         created_at=now, updated_at=now)  # fmt: skip
    period = analytics.Period.last(brand, 7, now + dt.timedelta(minutes=1))
    assert analytics.totals(period)["deflection_rate"] == pytest.approx(2 / 3)
    assert analytics.deflection_by_day(period)[-1][1:] == (2, 3)


def test_charts_are_svg_with_escaped_labels():
    svg = charts.bar_chart([("<script>", 3), ("b", 1)], title="Top & co")
    assert svg.startswith("<svg") and "<script>" not in svg and "&lt;script&gt;" in svg
    assert 'aria-label="Top &amp; co"' in svg
    line = charts.line_chart([("01/05", 0.5), ("02/05", None), ("03/05", 1.0)], title="Taux")
    assert line.count("<circle") == 2 and "100 %" in line


def test_the_dashboard_is_for_supervisors(client, brand, writer, supervisor):
    search(brand, "imprimante", 0, "v")
    client.force_login(writer)
    assert client.get("/agent/kb/analytics/").status_code == 403
    client.force_login(supervisor)
    page = client.get(f"/agent/kb/analytics/?brand={brand.pk}&days=7").content.decode()
    assert "Recherches sans résultat" in page and "imprimante" in page and "<svg" in page
    assert "dont 0 dans le widget" in page and "sur 0 dont la suite est connue" in page
