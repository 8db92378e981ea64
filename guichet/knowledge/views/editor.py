"""The agents' knowledge-base editor under /agent/kb/: list, write, review, publish.

See docs/knowledge.md ("Editor"). Views parse, call one action, render; reads go through
permissions.editable_articles (the agent's brands).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from guichet.core import access
from guichet.core.errors import ActionError
from guichet.knowledge import queries
from guichet.knowledge.actions.articles import (
    can_edit,
    can_transition,
    do_create_article,
    do_update_article,
    translations_of,
)
from guichet.knowledge.actions.tickets import do_create_article_from_ticket, prefill_from_ticket
from guichet.knowledge.forms import ArticleForm, NewArticleForm
from guichet.knowledge.languages import brand_languages
from guichet.knowledge.models import Article
from guichet.knowledge.permissions import agent_brands, editable_articles, has_kb_perm
from guichet.knowledge.shapes import skeleton
from guichet.knowledge.workflow import transitions_from
from guichet.tickets.models import Ticket
from guichet.workspace.views.common import agent_required, render_ws

PAGE = 100


def _filters(request: HttpRequest) -> queries.EditorFilters:
    brand = request.GET.get("brand", "")
    return queries.EditorFilters(
        brand=int(brand) if brand.isdigit() else None,
        state=request.GET.get("state", ""),
        language=request.GET.get("language", ""),
        visibility=request.GET.get("visibility", ""),
        stale=request.GET.get("stale") == "1",
        mine=request.GET.get("mine") == "1",
        q=request.GET.get("q", "")[:200],
    )


@agent_required
def article_list(request: HttpRequest) -> HttpResponse:
    filters = _filters(request)
    articles = list(
        queries.editor_articles(editable_articles(request.user), filters, request.user)[:PAGE]
    )
    context = {
        "nav": "kb", "kb_nav": "articles", "articles": articles, "filters": filters,
        "brands": agent_brands(request.user), "today": timezone.localdate(),
        "views": queries.view_counts([a.pk for a in articles]),
        "can_manage": has_kb_perm(request.user, "kb.manage"),
    }  # fmt: skip
    return render_ws(request, "knowledge/agent/list.html", context)


@agent_required
@require_http_methods(["GET", "POST"])
def article_new(request: HttpRequest) -> HttpResponse:
    """Step 1 chooses brand, language and template; step 2 is the article form."""
    brands = agent_brands(request.user)
    chooser = NewArticleForm(brands, request.GET or None)
    if not chooser.is_valid():
        return render_ws(request, "knowledge/agent/new.html", {"nav": "kb", "chooser": chooser})
    brand, language = chooser.cleaned_data["brand"], chooser.cleaned_data["language"]
    shape = chooser.cleaned_data["shape"]
    initial = {"shape": shape, "visibility": "public", "body": skeleton(shape, language)}
    form = ArticleForm(brand, request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            article = do_create_article(
                request.user, brand=brand, language=language, data=form.to_input(),
                note=form.cleaned_data.get("note") or "",
            )  # fmt: skip
        except ActionError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("Brouillon enregistré."))
            return redirect("kb:article", article.pk)
    context = {"nav": "kb", "form": form, "brand": brand, "language": language, "creating": True}
    return render_ws(request, "knowledge/agent/edit.html", context)


@agent_required
@require_http_methods(["GET", "POST"])
def article_from_ticket(request: HttpRequest, ticket_id: int) -> HttpResponse:
    ticket = get_object_or_404(access.visible_tickets(request.user).select_related("brand"),
                               pk=ticket_id)  # fmt: skip
    language = ticket.language if ticket.language in brand_languages(ticket.brand) else (
        ticket.brand.default_language)  # fmt: skip
    prefill = prefill_from_ticket(request.user, ticket)
    initial = {"title": prefill.title, "summary": prefill.summary, "body": prefill.body,
               "shape": prefill.shape, "visibility": prefill.visibility,
               "tags": ", ".join(prefill.tags or [])}  # fmt: skip
    form = ArticleForm(ticket.brand, request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            article = do_create_article_from_ticket(
                request.user, ticket, language=language, data=form.to_input()
            )
        except ActionError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(
                request, _("Article créé à partir de %(ref)s.") % {"ref": ticket.reference}
            )
            return redirect("kb:article", article.pk)
    context = {"nav": "kb", "form": form, "brand": ticket.brand, "language": language,
               "creating": True, "ticket": ticket}  # fmt: skip
    return render_ws(request, "knowledge/agent/edit.html", context)


def editable(request: HttpRequest, pk: int) -> Article:
    return get_object_or_404(
        editable_articles(request.user).select_related("brand", "owner", "section__category"), pk=pk
    )


@agent_required
def article_detail(request: HttpRequest, pk: int) -> HttpResponse:
    article = editable(request, pk)
    links = article.ticket_links.select_related("ticket").order_by("-created_at")
    missing = [code for code in brand_languages(article.brand)
               if code not in {a.language for a in [article, *translations_of(article)]}]  # fmt: skip
    context: dict[str, Any] = {
        "nav": "kb", "article": article, "can_edit": can_edit(request.user, article),
        "transitions": [t.name for t in transitions_from(article.state)
                        if can_transition(request.user, article, t.name)],
        "versions": queries.versions(article)[:30], "translations": translations_of(article),
        "missing_languages": missing, "links": links,
        "views": queries.view_counts([article.pk]).get(article.pk, 0),
        "votes": article.feedback.order_by("-updated_at")[:20],
        "today": timezone.localdate(),
    }  # fmt: skip
    return render_ws(request, "knowledge/agent/detail.html", context)


@agent_required
@require_http_methods(["GET", "POST"])
def article_edit(request: HttpRequest, pk: int) -> HttpResponse:
    article = editable(request, pk)
    form = ArticleForm(
        article.brand, request.POST or None, initial=ArticleForm.initial_from(article)
    )
    if request.method == "POST" and form.is_valid():
        try:
            do_update_article(request.user, article, form.to_input(),
                              note=form.cleaned_data.get("note") or "")  # fmt: skip
        except ActionError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("Article enregistré."))
            return redirect("kb:article", article.pk)
    context = {"nav": "kb", "form": form, "article": article, "brand": article.brand,
               "language": article.language, "can_edit": can_edit(request.user, article)}  # fmt: skip
    return render_ws(request, "knowledge/agent/edit.html", context)


def ticket_by_reference(request: HttpRequest, reference: str) -> Ticket | None:
    return access.visible_tickets(request.user).filter(reference__iexact=reference.strip()).first()
