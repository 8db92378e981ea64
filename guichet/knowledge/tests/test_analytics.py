"""The self-service dashboard: numbers, charts, permissions."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from guichet.core.tests import factories
from guichet.knowledge import analytics, charts
from guichet.knowledge.actions.analytics import do_record_search, do_vote
from guichet.knowledge.models import Article, Outcome, SearchEvent, SuggestionSession
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


def overdue(article, days, today):
    Article.objects.filter(pk=article.pk).update(review_by=today - dt.timedelta(days=days))


def test_stale_lists_live_articles_past_review_most_overdue_first(brand, other_brand):
    # Given articles past their review date in every state, one not yet due, another brand's
    now = timezone.now()
    today = timezone.localdate(now)
    for title, state, days in [("Publié", "published", 10), ("En relecture", "review", 30),
                               ("Pas encore", "published", -5), ("Brouillon", "draft", 40),
                               ("Archivé", "archived", 50)]:  # fmt: skip
        overdue(kb.article(brand, title, state=state), days, today)
    overdue(kb.article(other_brand, "Autre marque"), 60, today)
    # When the dashboard reads the stale articles
    rows = analytics.stale(analytics.Period.last(brand, 30, now))
    # Then only the brand's live ones past due show, most overdue first, with their delay
    assert [(r["title"], r["overdue"]) for r in rows] == [("En relecture", 30), ("Publié", 10)]


def test_stale_is_judged_at_the_end_of_the_period_and_limited(brand):
    now = timezone.now()
    today = timezone.localdate(now)
    for index in range(3):
        overdue(kb.article(brand, f"Article {index}"), 2 + index, today)
    period = analytics.Period.last(brand, 30, now - dt.timedelta(days=3))
    assert [r["title"] for r in analytics.stale(period)] == ["Article 2"]  # due before the end
    assert len(analytics.stale(analytics.Period.last(brand, 30, now), limit=2)) == 2


def section(page, ident):
    found = re.search(rf'<section class="card" id="{ident}">(.*?)</section>', page, re.S)
    assert found, f"no section {ident}"
    return found.group(1)


def test_the_dashboard_shows_each_section_with_its_chart(client, brand, customer, supervisor):
    # Given a month with searches, votes, a comment, a deflection and a stale article
    now = timezone.now()
    search(brand, "imprimante", 2, "v1")
    search(brand, "agenda partagé", 0, "v2")
    poor = kb.article(brand, "Article peu utile")
    for i in range(4):
        do_vote(poor, visitor=f"p{i}", helpful=i == 0, comment="Trop vague" if i == 1 else "")
    overdue(kb.article(brand, "Tarifs 2024"), 12, timezone.localdate(now))
    SuggestionSession.objects.create(brand=brand, token="t1", contact=customer.contact,
                                     outcome=Outcome.DEFLECTED, created_at=now,
                                     updated_at=now)  # fmt: skip
    # When a supervisor opens the dashboard
    client.force_login(supervisor)
    page = client.get(f"/agent/kb/analytics/?brand={brand.pk}&days=30").content.decode()
    # Then every section is there, with its chart and its numbers
    deflection = section(page, "kb-deflection")
    assert 'role="img" aria-label="Taux de déflexion par jour"' in deflection
    assert "<circle" in deflection and "100 %" in deflection
    assert "imprimante" in section(page, "kb-top") and "<svg" in section(page, "kb-top")
    zero = section(page, "kb-zero")
    assert "agenda partage" in zero and "imprimante" not in zero and "<svg" in zero
    worst = section(page, "kb-worst")
    assert 'aria-label="Articles les moins utiles"' in worst
    assert "Article peu utile" in worst and "25 %" in worst and "1 utiles sur 4" in worst
    stale = section(page, "kb-stale")
    assert 'aria-label="Articles à relire (jours de retard)"' in stale
    assert "Tarifs 2024" in stale and ">12</text>" in stale and "12 jours de retard" in stale
    assert "Trop vague" in section(page, "kb-comments")


def test_the_dashboard_says_when_no_article_is_stale(client, brand, supervisor):
    client.force_login(supervisor)
    page = client.get(f"/agent/kb/analytics/?brand={brand.pk}").content.decode()
    stale = section(page, "kb-stale")
    assert "Aucun article en retard de relecture." in stale and "<svg" not in stale
