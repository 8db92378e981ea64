"""The knowledge panel of the agent's ticket page: the articles linked to the ticket, a search
over the brand's articles (as an agent) to link one, and unlink. See docs/knowledge.md
("From a ticket"). Loaded by htmx, so that the ticket page stays within its query budget; the
writes go through actions/tickets (do_link_ticket / do_unlink_ticket), which check kb.write, the
ticket and the brand. "Insérer" (static/knowledge/ticket_insert.js) puts the public link of an
article a customer could read into the reply box.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from guichet.core.errors import ActionError, NotAllowed
from guichet.knowledge.actions.tickets import do_link_ticket, do_unlink_ticket
from guichet.knowledge.models import Article, ArticleTicketLink
from guichet.knowledge.paths import article_path
from guichet.knowledge.permissions import (
    Audience,
    audience_for,
    editable_articles,
    has_kb_perm,
    published_articles,
)
from guichet.knowledge.search import search_articles
from guichet.tickets.models import Ticket
from guichet.workspace.queries import ticket_for_agent
from guichet.workspace.views.common import agent_required, is_htmx

SEARCH_LIMIT = 8


def linked_articles(user: Any, ticket: Ticket) -> list[Article]:
    """The ticket's articles this agent may see (drafts written from it included)."""
    links = ArticleTicketLink.objects.filter(ticket=ticket, article__in=editable_articles(user))
    return [link.article for link in links.select_related("article").order_by("-created_at", "-pk")]


def insertable_urls(request: HttpRequest, ticket: Ticket, ids: Iterable[int]) -> dict[int, str]:
    """The help-centre URLs of the articles among `ids` that a signed-in customer of the brand
    could read (public or customers-only, published): only those get "Insérer", since an
    internal article's link would show the customer a 404 and its title would leak."""
    readable = published_articles(ticket.brand, Audience.CUSTOMER).filter(pk__in=list(ids))
    return {
        article.pk: request.build_absolute_uri(article_path(ticket.brand, article))
        for article in readable.only("pk", "language", "slug")
    }


def _panel(request: HttpRequest, ticket: Ticket, **extra: Any) -> HttpResponse:
    articles = linked_articles(request.user, ticket)
    urls = insertable_urls(request, ticket, (article.pk for article in articles))
    linked = [(article, urls.get(article.pk, "")) for article in articles]
    context = {"ticket": ticket, "linked": linked,
               "can_link": has_kb_perm(request.user, "kb.write"), **extra}  # fmt: skip
    return render(request, "knowledge/workspace/ticket_articles.html", context)


@agent_required
@require_GET
def panel(request: HttpRequest, pk: int) -> HttpResponse:
    return _panel(request, ticket_for_agent(request.user, pk))


@agent_required
@require_GET
def search(request: HttpRequest, pk: int) -> HttpResponse:
    """htmx: the brand's published articles this agent may read that match the query."""
    ticket = ticket_for_agent(request.user, pk)
    q = request.GET.get("q", "").strip()[:200]
    audience = audience_for(request.user, ticket.brand)
    hits = search_articles(q, brand=ticket.brand, audience=audience, limit=SEARCH_LIMIT)
    linked = {article.pk for article in linked_articles(request.user, ticket)}
    urls = insertable_urls(request, ticket, (hit.article_id for hit in hits))
    rows = [(hit, urls.get(hit.article_id, "")) for hit in hits]
    context = {"ticket": ticket, "q": q, "hits": rows, "linked_ids": linked,
               "can_link": has_kb_perm(request.user, "kb.write")}  # fmt: skip
    return render(request, "knowledge/workspace/ticket_article_results.html", context)


def _done(request: HttpRequest, ticket: Ticket, error: str, done: str) -> HttpResponse:
    if is_htmx(request):  # the panel comes back with the outcome in it (htmx swaps 200s only)
        return _panel(request, ticket, kb_error=error, kb_done="" if error else done)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, done)
    return HttpResponseRedirect(reverse("workspace:ticket", args=[ticket.pk]))


@agent_required
@require_POST
def link(request: HttpRequest, pk: int) -> HttpResponse:
    ticket = ticket_for_agent(request.user, pk)
    article_id = request.POST.get("article", "")
    readable = published_articles(ticket.brand, audience_for(request.user, ticket.brand))
    article = get_object_or_404(readable, pk=int(article_id) if article_id.isdigit() else 0)
    error = ""
    try:
        do_link_ticket(request.user, article, ticket)
    except (ActionError, NotAllowed) as failure:
        error = failure.message
    return _done(request, ticket, error, _("Article lié : %(title)s.") % {"title": article.title})


@agent_required
@require_POST
def unlink(request: HttpRequest, pk: int, article_id: int) -> HttpResponse:
    ticket = ticket_for_agent(request.user, pk)
    linked = editable_articles(request.user).filter(ticket_links__ticket=ticket)
    article = get_object_or_404(linked, pk=article_id)
    error = ""
    try:
        do_unlink_ticket(request.user, article, ticket)
    except (ActionError, NotAllowed) as failure:
        error = failure.message
    return _done(request, ticket, error, _("Lien retiré : %(title)s.") % {"title": article.title})
