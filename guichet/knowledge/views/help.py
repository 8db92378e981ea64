"""The public help centre of a brand: home, categories, articles, search, feedback.

See docs/knowledge.md ("Help centre"). Every article read goes through queries (and so through
permissions.published_articles); what a visitor does is recorded by actions/analytics.py.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.views import redirect_to_login
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from guichet.brands.models import Brand
from guichet.knowledge import queries
from guichet.knowledge.actions.analytics import (
    do_adopt_widget_search,
    do_ask_for_help,
    do_open_suggestion,
    do_record_search,
    do_record_view,
    do_vote,
    search_of,
    widget_search_of,
)
from guichet.knowledge.crawlers import is_crawler
from guichet.knowledge.languages import brand_languages
from guichet.knowledge.models import (
    Article,
    ArticleFeedback,
    SearchEvent,
    Source,
    State,
    Visibility,
)
from guichet.knowledge.paths import article_path, category_path, ticket_form_path
from guichet.knowledge.permissions import Audience, audience_for, published_articles
from guichet.knowledge.search import search_articles
from guichet.knowledge.views.common import (
    Help,
    help_page,
    is_htmx,
    permanent_redirect,
    visitor_id,
)

LIVE_LIMIT = 6
PAGE_LIMIT = 20
VIEW_SOURCES = {Source.WIDGET, Source.RELATED, Source.FLOW, Source.HELP_CENTRE}


@require_GET
def brand_root(request: HttpRequest, brand_slug: str) -> HttpResponse:
    """/help/<brand>/ → the help centre in the visitor's language if the brand has it."""
    brand = get_object_or_404(Brand, slug=brand_slug)
    languages = brand_languages(brand)
    wanted = getattr(request, "LANGUAGE_CODE", "") or brand.default_language
    language = wanted if wanted in languages else languages[0]
    return redirect("help:home", brand.slug, language)


@require_GET
@help_page
def home(request: HttpRequest, help: Help) -> HttpResponse:
    context = {
        "help": help,
        "blocks": queries.browse(help.brand, help.audience, help.language),
        "popular": queries.popular_articles(help.brand, help.audience, help.language),
        "flows": queries.published_flows(help.brand, help.language),
        "canonical": request.build_absolute_uri(request.path),  # no query string
    }
    return render(request, "knowledge/help/home.html", context)


@require_GET
@help_page
def category(request: HttpRequest, help: Help, pk: int, slug: str) -> HttpResponse:
    block = queries.category_block(help.brand, help.audience, help.language, pk)
    canonical = category_path(help.brand, help.language, block.category)
    if request.path != canonical:  # the category was renamed
        return permanent_redirect(request, canonical)
    context = {"help": help, "current": block, "canonical": request.build_absolute_uri(canonical)}
    return render(request, "knowledge/help/category.html", context)


def _find_article(request: HttpRequest, help: Help, pk: int) -> Article | HttpResponse:
    try:
        return queries.readable_article(help.brand, help.audience, pk)
    except Http404:
        # A signed-out customer following a link to a customers-only article is asked to sign
        # in (this tells that the article exists, never what it says). Internal: 404.
        if help.audience == Audience.PUBLIC and not request.user.is_authenticated:
            exists = Article.objects.filter(
                pk=pk, brand=help.brand, state=State.PUBLISHED, visibility=Visibility.CUSTOMERS
            ).exists()
            if exists:
                login = reverse("portal:login", args=[help.brand.slug])
                return redirect_to_login(request.get_full_path(), login)
        raise


@require_GET
@help_page
def article(request: HttpRequest, help: Help, pk: int, slug: str) -> HttpResponse:
    found = _find_article(request, help, pk)
    if isinstance(found, HttpResponse):
        return found
    canonical = article_path(help.brand, found)
    if request.path != canonical:  # old slug, other language in the URL
        return permanent_redirect(request, canonical)
    visitor = visitor_id(request)
    search = search_of(visitor, request.GET.get("search")) or _widget_search(request, help, visitor)
    _record_view(request, help, found, visitor, search)
    vote = ArticleFeedback.objects.filter(article=found, visitor=visitor).first()
    translations = queries.readable_translations(found, help.audience)
    context = {
        "help": help,
        "article": found,
        "related": queries.related_articles(help.brand, help.audience, found),
        "translations": translations,
        "alternates": sorted([found, *translations], key=lambda a: a.language),
        "canonical": request.build_absolute_uri(canonical),
        "vote": vote,
        "search": search,
        "contact_url": _contact_url(help, q=search.query if search else "", article=found),
    }
    return render(request, "knowledge/help/article.html", context)


def _widget_search(request: HttpRequest, help: Help, visitor: str) -> SearchEvent | None:
    """The widget search whose link (result or contact) the visitor followed, now theirs."""
    search = widget_search_of(request.GET.get("ws", "")[:64], help.brand)
    if search is None:
        return None
    return do_adopt_widget_search(search, visitor=visitor, contact=help.contact)


def _record_view(
    request: HttpRequest, help: Help, found: Article, visitor: str, search: SearchEvent | None
) -> None:
    if is_crawler(request.headers.get("User-Agent", "")):
        return  # views count people (docs/knowledge.md, "Analytics")
    token = request.GET.get("s", "")
    source = request.GET.get("from", "")
    if token:
        do_open_suggestion(token=token[:32], contact=help.contact, article=found)
        source = Source.SUGGESTION
    elif search is not None:
        source = search.source  # the help centre's or the widget's
    do_record_view(
        found,
        source=source if source in VIEW_SOURCES | {Source.SUGGESTION} else Source.DIRECT,
        visitor=visitor,
        contact=help.contact,
        search=search,
    )


def _search(request: HttpRequest, help: Help, limit: int) -> tuple[str, list, object]:
    q = request.GET.get("q", "").strip()[:200]
    if not q:
        return q, [], None
    hits = search_articles(
        q, brand=help.brand, audience=help.audience, language=help.language, limit=limit
    )
    event = do_record_search(
        brand=help.brand, language=help.language, query=q, result_count=len(hits),
        source=Source.HELP_CENTRE, visitor=visitor_id(request), contact=help.contact,
    )  # fmt: skip
    return q, hits, event


@require_GET
@help_page
def search(request: HttpRequest, help: Help) -> HttpResponse:
    q, hits, event = _search(request, help, PAGE_LIMIT)
    context = {"help": help, "q": q, "hits": hits, "event": event, "query": q,
               "contact_url": _contact_url(help, q=q, search=event)}  # fmt: skip
    template = "knowledge/help/_results.html" if is_htmx(request) else "knowledge/help/search.html"
    return render(request, template, context)


@require_GET
@help_page
def search_live(request: HttpRequest, help: Help) -> HttpResponse:
    q, hits, event = _search(request, help, LIVE_LIMIT)
    context = {"help": help, "q": q, "hits": hits, "event": event, "query": q,
               "live": True, "contact_url": _contact_url(help, q=q, search=event)}  # fmt: skip
    return render(request, "knowledge/help/_results.html", context)


def _contact_url(
    help: Help, *, q: str = "", search: object = None, article: Article | None = None
) -> str:
    params = {"q": q} if q else {}
    if search is not None:
        params["search"] = str(search.pk)  # type: ignore[attr-defined]
    if article is not None:
        params["article"] = str(article.pk)
    base = reverse("help:contact", args=[help.brand.slug, help.language])
    return base + (f"?{urlencode(params)}" if params else "")


@require_GET
@help_page
def contact(request: HttpRequest, help: Help) -> HttpResponse:
    """ "Still need help?": the portal's ticket form, prefilled with what was searched."""
    visitor = visitor_id(request, create=False)
    search = search_of(visitor, request.GET.get("search"))
    if search is None and request.GET.get("ws"):
        search = _widget_search(request, help, visitor_id(request))
    do_ask_for_help(search)
    subject = request.GET.get("q", "").strip()[:200]
    article_id = request.GET.get("article", "")
    if not subject and article_id.isdigit():
        readable = audience_for(request.user, help.brand)
        found = published_articles(help.brand, readable).filter(pk=int(article_id))
        subject = found.values_list("title", flat=True).first() or ""
    target = ticket_form_path(help.brand)
    return HttpResponseRedirect(target + (f"?{urlencode({'subject': subject})}" if subject else ""))


@require_POST
@help_page
def feedback(request: HttpRequest, help: Help, pk: int) -> HttpResponse:
    found = queries.readable_article(help.brand, help.audience, pk)
    answer = request.POST.get("helpful", "")
    if answer not in ("yes", "no"):
        return HttpResponse(status=400)
    vote = do_vote(
        found, visitor=visitor_id(request), helpful=answer == "yes",
        comment=request.POST.get("comment", ""), contact=help.contact,
    )  # fmt: skip
    if not is_htmx(request):
        return HttpResponseRedirect(article_path(help.brand, found) + "#feedback")
    context = {"help": help, "article": found, "vote": vote, "just_voted": True,
               "contact_url": _contact_url(help, article=found)}  # fmt: skip
    return render(request, "knowledge/help/_feedback.html", context)
