"""The contextual help widget's JSON endpoints and a sample host page.

See docs/knowledge.md ("Widget"). The widget runs on the customer's own product (another
origin): answers carry `Access-Control-Allow-Origin` only for the brand's configured origins, and
requests from any other origin are refused. No cookies are sent (no credentials), so the widget
only ever shows public articles.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from guichet.brands.models import Brand
from guichet.knowledge.actions.analytics import do_record_search, widget_search_token
from guichet.knowledge.languages import brand_languages
from guichet.knowledge.models import Source, WidgetConfig, WidgetRule
from guichet.knowledge.paths import article_path, ticket_form_path
from guichet.knowledge.permissions import Audience, published_articles
from guichet.knowledge.search import search_articles
from guichet.knowledge.widget_rules import matching_rules

MAX_ARTICLES = 6


def _language(request: HttpRequest, brand: Brand) -> str:
    languages = brand_languages(brand)
    wanted = request.GET.get("lang", "")[:8]
    return wanted if wanted in languages else languages[0]


def widget_endpoint(view: Callable[..., dict[str, Any]]) -> Callable[..., HttpResponse]:
    """Brand, enabled widget, allowed origin; the view returns the JSON payload."""

    @wraps(view)
    def wrapper(request: HttpRequest, brand_slug: str) -> HttpResponse:
        brand = get_object_or_404(Brand, slug=brand_slug)
        config = WidgetConfig.objects.filter(brand=brand).first()
        if config is None or not config.enabled:
            return JsonResponse({"error": "widget disabled"}, status=404)
        origin = request.headers.get("Origin", "")
        if origin and origin not in config.allowed_origins:
            return JsonResponse({"error": "origin not allowed"}, status=403)
        language = _language(request, brand)
        with translation.override(language):
            response = JsonResponse(view(request, brand, language))
        if origin:
            response["Access-Control-Allow-Origin"] = origin
        response["Vary"] = "Origin"
        response["Cache-Control"] = "no-store"
        response["X-Content-Type-Options"] = "nosniff"
        return response

    return require_GET(wrapper)


def _absolute(request: HttpRequest, path: str) -> str:
    return request.build_absolute_uri(path)


@widget_endpoint
def context(request: HttpRequest, brand: Brand, language: str) -> dict[str, Any]:
    """Articles for the page the visitor is on (rules by context key or URL pattern)."""
    url = request.GET.get("url", "")[:2000]
    key = request.GET.get("context", "")[:80]
    rules = matching_rules(
        list(WidgetRule.objects.filter(brand=brand).prefetch_related("articles")), url, key
    )
    readable = published_articles(brand, Audience.PUBLIC, language)
    wanted = [article.pk for rule in rules for article in rule.articles.all()]
    by_id = readable.in_bulk(list(dict.fromkeys(wanted)))
    articles = [by_id[pk] for pk in dict.fromkeys(wanted) if pk in by_id][:MAX_ARTICLES]
    return {
        "articles": [
            {
                "title": a.title,
                "summary": a.summary,
                "url": _absolute(request, article_path(brand, a) + "?from=widget"),
            }
            for a in articles
        ],  # fmt: skip
        "contact_url": _absolute(request, ticket_form_path(brand)),
        "help_url": _absolute(request, reverse("help:home", args=[brand.slug, language])),
        "labels": {
            "open": _("Aide"),
            "title": _("Besoin d'aide ?"),
            "close": _("Fermer"),
            "search": _("Rechercher dans l'aide"),
            "suggested": _("Articles pour cette page"),
            "results": _("Résultats"),
            "none": _("Aucun article ne correspond."),
            "one": _("1 article trouvé"),  # announced to screen readers with the results
            "many": _("{n} articles trouvés"),
            "contact": _("Contacter le support"),
            "all": _("Tout le centre d'aide"),
        },
        "brand": brand.name,
    }


@widget_endpoint
def search(request: HttpRequest, brand: Brand, language: str) -> dict[str, Any]:
    """Results and the contact link, both carrying the search's signed id (`ws`), so that a click
    and "Contact support" are recorded on the search (the widget sends no cookie)."""
    q = request.GET.get("q", "").strip()[:200]
    hits = search_articles(q, brand=brand, audience=Audience.PUBLIC, language=language, limit=6)
    event = None
    if q:
        visitor = "w" + "".join(ch for ch in request.GET.get("v", "") if ch.isalnum())[:30]
        event = do_record_search(brand=brand, language=language, query=q, result_count=len(hits),
                                 source=Source.WIDGET, visitor=visitor if len(visitor) > 8 else "")  # fmt: skip
    signed = {"ws": widget_search_token(event)} if event else {}
    contact = (
        reverse("help:contact", args=[brand.slug, language]) + "?" + urlencode({"q": q, **signed})
        if event
        else ticket_form_path(brand) + (f"?{urlencode({'subject': q})}" if q else "")
    )
    return {
        "results": [
            {"title": h.title, "snippet": h.snippet,
             "url": _absolute(request, h.url + "?" + urlencode({"from": "widget", **signed}))}
            for h in hits
        ],
        "contact_url": _absolute(request, contact),
    }  # fmt: skip


@require_GET
def sample(request: HttpRequest, brand_slug: str) -> HttpResponse:
    """A page of a pretend customer product that embeds the widget (demo and tests)."""
    brand = get_object_or_404(Brand, slug=brand_slug)
    context = {"brand": brand, "context_key": request.GET.get("context", "")[:80],
               "script_origin": request.build_absolute_uri("/").rstrip("/")}  # fmt: skip
    return render(request, "knowledge/widget_sample.html", context)
