"""A month of plausible self-service activity for the demo dashboard (seeded, bulk-inserted):
searches (some finding nothing), clicks, article views, votes with comments, ticket-form
suggestion sessions with their outcomes, and guided-flow runs."""

from __future__ import annotations

import datetime as dt
import random
from types import ModuleType

from django.utils import timezone

from guichet.brands.models import Brand
from guichet.knowledge import flowgraph
from guichet.knowledge.actions.analytics import new_token, normalise_query
from guichet.knowledge.models import (
    Article,
    ArticleFeedback,
    ArticleView,
    Flow,
    FlowRun,
    Outcome,
    SearchEvent,
    Source,
    State,
    SuggestionSession,
    Visibility,
)
from guichet.knowledge.permissions import Audience
from guichet.knowledge.search import search_articles
from guichet.people.models import Contact
from guichet.tickets.models import Ticket

DAYS = 30
COMMENTS_GOOD = ("Très clair, merci.", "Parfait, problème réglé.", "")
COMMENTS_BAD = ("Les captures d'écran ne correspondent plus à la version actuelle.",
                "Il manque la procédure pour Mac.", "Trop technique pour moi.", "")  # fmt: skip


def generate(brand: Brand, content: ModuleType, seed: int = 42) -> dict[str, int]:
    rng = random.Random(f"{seed}-{brand.slug}")  # noqa: S311 - demo data
    now = timezone.now()
    published = list(Article.objects.filter(brand=brand, state=State.PUBLISHED, language="fr")
                     .exclude(visibility=Visibility.INTERNAL))  # fmt: skip
    if not published:
        return {}
    searches, views = _searches(brand, content, rng, now)
    votes = _votes(published, rng, now)
    sessions = _sessions(brand, published, rng, now)
    runs = _runs(brand, rng, now)
    return {
        "searches": searches,
        "views": views,
        "votes": votes,
        "sessions": sessions,
        "runs": runs,
    }


def _moment(rng: random.Random, now: dt.datetime) -> dt.datetime:
    return now - dt.timedelta(days=rng.randint(0, DAYS - 1), minutes=rng.randint(31, 60 * 20))


def _searches(
    brand: Brand, content: ModuleType, rng: random.Random, now: dt.datetime
) -> tuple[int, int]:
    events, views = [], []
    tickets = list(
        Ticket.objects.filter(brand=brand).order_by("-pk").values_list("pk", flat=True)[:200]
    )
    for query, weight in content.SEARCHES:
        hits = search_articles(query, brand=brand, audience=Audience.PUBLIC, language="fr", limit=5)
        for _ in range(weight):
            at = _moment(rng, now)
            clicked = hits[0].article_id if hits and rng.random() < 0.65 else None
            events.append(SearchEvent(
                brand=brand, language="fr", query=query, normalised=normalise_query(query),
                result_count=len(hits), source=rng.choice([Source.HELP_CENTRE] * 4 + [Source.WIDGET]),
                visitor=new_token(), clicked_article_id=clicked,
                clicked_at=at + dt.timedelta(seconds=20) if clicked else None,
                asked_for_help=not clicked and rng.random() < 0.3, settled_at=now,
                ticket_id=rng.choice(tickets) if tickets and not clicked and rng.random() < 0.4 else None,
                created_at=at, updated_at=at,
            ))  # fmt: skip
    SearchEvent.objects.bulk_create(events, batch_size=500)
    for event in events:
        if event.clicked_article_id:
            views.append(ArticleView(article_id=event.clicked_article_id, brand=brand,
                                     source=Source.HELP_CENTRE, visitor=event.visitor,
                                     created_at=event.clicked_at or event.created_at))  # fmt: skip
    ArticleView.objects.bulk_create(views, batch_size=500)
    return len(events), len(views)


def _votes(published: list[Article], rng: random.Random, now: dt.datetime) -> int:
    feedback = []
    poor = rng.choice(published).pk  # one article readers do not like
    for article in published:
        ratio = 0.3 if article.pk == poor else rng.uniform(0.6, 0.95)
        for _ in range(rng.randint(3, 14)):
            helpful = rng.random() < ratio
            at = _moment(rng, now)
            comment = rng.choice(COMMENTS_GOOD if helpful else COMMENTS_BAD)
            feedback.append(ArticleFeedback(article=article, helpful=helpful, comment=comment,
                                            visitor=new_token(), created_at=at, updated_at=at))  # fmt: skip
    ArticleFeedback.objects.bulk_create(feedback, batch_size=500)
    return len(feedback)


def _sessions(brand: Brand, published: list[Article], rng: random.Random, now: dt.datetime) -> int:
    contacts = list(
        Contact.objects.filter(brand=brand).order_by("pk").values_list("pk", flat=True)[:300]
    )
    if not contacts:
        return 0
    sessions = []
    for day in range(DAYS):
        rate = 0.3 + 0.2 * (DAYS - day) / DAYS  # deflection improves as the base grows
        for _ in range(rng.randint(4, 12)):
            at = now - dt.timedelta(days=day, minutes=rng.randint(31, 600))
            shown = rng.sample(published, k=min(3, len(published)))
            roll = rng.random()
            outcome = Outcome.DEFLECTED if roll < rate else (
                Outcome.TICKET if roll < rate + 0.4 else Outcome.ABANDONED)  # fmt: skip
            opened = (
                shown[0]
                if outcome == Outcome.DEFLECTED or (outcome == Outcome.TICKET and roll < 0.8)
                else None
            )
            sessions.append(SuggestionSession(
                brand=brand, token=new_token(), contact_id=rng.choice(contacts), last_query="demo",
                suggested=[a.pk for a in shown], opened_article=opened,
                opened_at=at + dt.timedelta(minutes=1) if opened else None, outcome=outcome,
                settled_at=now, created_at=at, updated_at=at,
            ))  # fmt: skip
    SuggestionSession.objects.bulk_create(sessions, batch_size=500)
    return len(sessions)


def _runs(brand: Brand, rng: random.Random, now: dt.datetime) -> int:
    runs = []
    for flow in Flow.objects.filter(brand=brand, state=Flow.State.PUBLISHED):
        for _ in range(rng.randint(40, 90)):
            path = flowgraph.start_path(flow.definition)
            outcome = FlowRun.Outcome.IN_PROGRESS
            while True:
                _, step = flowgraph.current_step(flow.definition, path)
                if step.get("end"):
                    outcome = {"article": FlowRun.Outcome.ARTICLE, "resolved": FlowRun.Outcome.RESOLVED,
                               "ticket": FlowRun.Outcome.TICKET}[step["end"]]  # fmt: skip
                    break
                if rng.random() < 0.12:  # the visitor leaves
                    break
                path = flowgraph.choose(flow.definition, path, rng.randrange(len(step["options"])))
            at = _moment(rng, now)
            runs.append(FlowRun(flow=flow, token=new_token(), visitor=new_token(), path=path,
                                outcome=outcome, created_at=at, updated_at=at))  # fmt: skip
    FlowRun.objects.bulk_create(runs, batch_size=500)
    return len(runs)
