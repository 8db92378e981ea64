"""Recording what self-service visitors do, and settling outcomes (deflections, searches
followed by a ticket). See docs/knowledge.md ("Analytics", "Deflection").

These writes come from anonymous visitors too: they take a `visitor` id (kept in the session)
and the visitor's contact when signed in, never a permission.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Sequence
from typing import Any

from django.core import signing
from django.db import transaction
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
from guichet.people.models import Contact
from guichet.search.hybrid.analysis import fold
from guichet.tickets.models import Ticket

REFINE_WINDOW = dt.timedelta(seconds=90)
WIDGET_SEARCH_SALT = "guichet.knowledge.widget-search"
SETTLE_BATCH = 1000
FORM_FIELD = "kb_suggestions"  # the ticket form posts its suggestion-session token in it
FORM_TOKENS_KEY = "kb_form_tokens"  # per browser session: brand id -> its ticket form's token


def new_token() -> str:
    return secrets.token_hex(16)


def normalise_query(query: str) -> str:
    return " ".join(fold(query).split())[:200]


def is_refinement(previous: str, current: str) -> bool:
    """Typing on: "impr" → "imprimante"; or correcting: "imprimante bloq" → "imprimante"."""
    return bool(previous and current) and (
        current.startswith(previous) or previous.startswith(current)
    )


@transaction.atomic
def do_record_search(
    *,
    brand: Brand,
    language: str,
    query: str,
    result_count: int,
    source: str,
    visitor: str,
    contact: Contact | None = None,
) -> SearchEvent | None:
    """One event per search; keystrokes of the same visitor within REFINE_WINDOW refine it."""
    normalised = normalise_query(query)
    if not normalised:
        return None
    now = timezone.now()
    recent = (
        SearchEvent.objects.select_for_update()
        .filter(brand=brand, visitor=visitor, source=source, updated_at__gte=now - REFINE_WINDOW)
        .order_by("-updated_at", "-pk")
        .first()
        if visitor
        else None
    )
    if (
        recent is not None
        and recent.clicked_at is None
        and is_refinement(recent.normalised, normalised)
    ):
        recent.query, recent.normalised = query.strip()[:200], normalised
        recent.result_count, recent.updated_at = min(result_count, 32767), now
        recent.save(update_fields=["query", "normalised", "result_count", "updated_at"])
        return recent
    return SearchEvent.objects.create(
        brand=brand, language=language, query=query.strip()[:200], normalised=normalised,
        result_count=min(result_count, 32767), source=source, visitor=visitor, contact=contact,
        created_at=now, updated_at=now,
    )  # fmt: skip


def search_of(visitor: str, search_id: Any) -> SearchEvent | None:
    """The visitor's own search event (ids from the URL are never trusted alone)."""
    try:
        pk = int(search_id)
    except (TypeError, ValueError):
        return None
    return SearchEvent.objects.filter(pk=pk, visitor=visitor).first() if visitor else None


# --- Widget searches ------------------------------------------------------------------------------
# The widget runs on the customer's site and sends no cookie, so the visitor who opens one of its
# links on Guichet cannot vouch for the search by their session: the links carry the search id
# signed instead (`?ws=`), and the first visit adopts the search into the help-centre session.


def widget_search_token(search: SearchEvent) -> str:
    return signing.Signer(salt=WIDGET_SEARCH_SALT).sign(str(search.pk))


def widget_search_of(token: str, brand: Brand) -> SearchEvent | None:
    """The widget search a link's signed id names (a forged or altered id names none)."""
    try:
        pk = int(signing.Signer(salt=WIDGET_SEARCH_SALT).unsign(token))
    except (signing.BadSignature, ValueError):
        return None
    return SearchEvent.objects.filter(pk=pk, brand=brand, source=Source.WIDGET).first()


def do_adopt_widget_search(
    search: SearchEvent, *, visitor: str, contact: Contact | None
) -> SearchEvent:
    """The widget's visitor came to Guichet through the search's links: the search becomes this
    session's (its visitor id, the contact when signed in), so that a sign-in ties it to the
    contact and the ticket that follows is found, as for a help-centre search."""
    if search.settled_at is None and visitor:
        search.visitor = visitor
        search.contact_id = search.contact_id or (contact.pk if contact else None)
        SearchEvent.objects.filter(pk=search.pk, settled_at__isnull=True).update(
            visitor=search.visitor, contact_id=search.contact_id
        )
    return search


@transaction.atomic
def do_record_view(
    article: Article,
    *,
    source: str,
    visitor: str,
    contact: Contact | None = None,
    search: SearchEvent | None = None,
) -> ArticleView:
    now = timezone.now()
    if search is not None and search.clicked_at is None:
        SearchEvent.objects.filter(pk=search.pk, clicked_at__isnull=True).update(
            clicked_article=article, clicked_at=now, updated_at=now
        )
    return ArticleView.objects.create(
        article=article, brand_id=article.brand_id, source=source, visitor=visitor,
        contact=contact, search=search, created_at=now,
    )  # fmt: skip


@transaction.atomic
def do_vote(
    article: Article, *, visitor: str, helpful: bool, comment: str = "",
    contact: Contact | None = None,
) -> ArticleFeedback:  # fmt: skip
    """Was this helpful? Voting again replaces the visitor's vote; an empty comment keeps the
    previous one."""
    now = timezone.now()
    feedback, created = ArticleFeedback.objects.get_or_create(
        article=article, visitor=visitor,
        defaults={"helpful": helpful, "comment": comment.strip()[:2000], "contact": contact,
                  "created_at": now, "updated_at": now},
    )  # fmt: skip
    if not created:
        feedback.helpful = helpful
        feedback.comment = comment.strip()[:2000] or feedback.comment
        feedback.contact = contact or feedback.contact
        feedback.updated_at = now
        feedback.save(update_fields=["helpful", "comment", "contact", "updated_at"])
    return feedback


def do_ask_for_help(search: SearchEvent | None) -> None:
    """ "Still need help?" clicked after this search."""
    if search is not None:
        SearchEvent.objects.filter(pk=search.pk).update(asked_for_help=True)


def do_bind_visitor(visitor: str, contact: Contact) -> int:
    """Searches made before signing in become the contact's (to find the ticket that follows)."""
    if not visitor:
        return 0
    since = timezone.now() - dt.timedelta(days=1)
    return SearchEvent.objects.filter(
        visitor=visitor, contact__isnull=True, settled_at__isnull=True, created_at__gte=since
    ).update(contact=contact)


# --- Suggestions on the ticket form -----------------------------------------------------------


@transaction.atomic
def do_record_suggestions(
    *, brand: Brand, contact: Contact, token: str, query: str, article_ids: Sequence[int]
) -> SuggestionSession | None:
    """Articles were shown to a customer on the ticket form (one session per form)."""
    if not token or len(token) > 32 or not article_ids:
        return None
    now = timezone.now()
    session = SuggestionSession.objects.select_for_update().filter(token=token).first()
    if session is None:
        return SuggestionSession.objects.create(
            brand=brand, token=token, contact=contact, last_query=query[:300],
            suggested=list(article_ids)[:20], created_at=now, updated_at=now,
        )  # fmt: skip
    if session.contact_id != contact.pk or session.outcome != Outcome.PENDING:
        return None
    shown = list(dict.fromkeys([*session.suggested, *article_ids]))[:100]
    session.suggested, session.last_query, session.updated_at = shown, query[:300], now
    session.save(update_fields=["suggested", "last_query", "updated_at"])
    return session


@transaction.atomic
def do_open_suggestion(*, token: str, contact: Contact | None, article: Article) -> bool:
    """The customer opened a suggested article: the deflection clock starts (first one only)."""
    if contact is None or not token:
        return False
    now = timezone.now()
    return bool(
        SuggestionSession.objects.filter(
            token=token, contact=contact, outcome=Outcome.PENDING, opened_at__isnull=True
        ).update(opened_article=article, opened_at=now, updated_at=now)
    )


def form_token(value: Any) -> str:
    """The suggestion-session token a ticket form posted back ("" when it is not one of ours)."""
    token = str(value or "")
    return token if 0 < len(token) <= 32 and token.isalnum() else ""


def remembered_form_token(session: Any, brand_id: int) -> str:
    """The token of the brand's ticket form for this browser session: the one it was given
    before while that form's suggestion session is still open (a reload, or coming back from a
    suggested article, is the same form), else a fresh one. Without it a customer who reads a
    suggestion, reloads and sends the form would count as deflected (docs/knowledge.md)."""
    tokens = dict(session.get(FORM_TOKENS_KEY) or {})
    token = form_token(tokens.get(str(brand_id)))
    settled = SuggestionSession.objects.filter(token=token).exclude(outcome=Outcome.PENDING)
    if token and not settled.exists():
        return token
    tokens[str(brand_id)] = token = new_token()
    session[FORM_TOKENS_KEY] = tokens
    return token


@transaction.atomic
def do_settle_suggestions_by_form(token: str, ticket: Ticket) -> bool:
    """The ticket form whose suggestions these were was submitted: the session is a `ticket`,
    however long after the articles were read, and even if it was settled as deflected or
    abandoned meanwhile. Only the session's own contact, in the ticket's brand, settles it."""
    if not form_token(token):
        return False
    return bool(
        SuggestionSession.objects.filter(
            token=token, contact_id=ticket.requester_id, brand_id=ticket.brand_id,
            ticket__isnull=True,
        ).update(outcome=Outcome.TICKET, ticket=ticket, settled_at=timezone.now())
    )  # fmt: skip


# --- Settling -----------------------------------------------------------------------------------


def _first_ticket(contact_id: int | None, brand_id: int, since: dt.datetime,
                  until: dt.datetime | None = None) -> Ticket | None:  # fmt: skip
    if contact_id is None:
        return None
    qs = Ticket.objects.filter(requester_id=contact_id, brand_id=brand_id, created_at__gte=since)
    if until is not None:
        qs = qs.filter(created_at__lte=until)
    return qs.order_by("created_at", "pk").first()


def settle_outcomes(
    now: dt.datetime | None = None, window: dt.timedelta = deflection.WINDOW
) -> int:
    """Settle pending suggestion sessions and searches whose window has passed (or that a ticket
    already decided). Idempotent; the periodic job and the dashboard both call it."""
    now = now or timezone.now()
    settled = 0
    sessions = SuggestionSession.objects.filter(outcome=Outcome.PENDING).order_by("pk")
    for session in sessions[:SETTLE_BATCH]:
        # A submitted form settles its session at once (do_settle_suggestions_by_form): here
        # only time decides, and any other ticket of the contact is none of this session's.
        outcome = deflection.session_outcome(
            opened_at=session.opened_at, last_seen=session.updated_at, submitted=False, now=now,
            window=window,
        )  # fmt: skip
        if outcome == Outcome.PENDING:
            continue
        settled += SuggestionSession.objects.filter(pk=session.pk, outcome=Outcome.PENDING).update(
            outcome=outcome, settled_at=now
        )
    searches = SearchEvent.objects.filter(settled_at__isnull=True, created_at__lte=now - window)
    for search in searches.order_by("pk")[:SETTLE_BATCH]:
        ticket = _first_ticket(search.contact_id, search.brand_id, search.created_at,
                               search.created_at + window)  # fmt: skip
        settled += SearchEvent.objects.filter(pk=search.pk, settled_at__isnull=True).update(
            ticket=ticket, settled_at=now
        )
    return settled
