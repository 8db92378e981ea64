"""Help-centre endpoints that are not pages: ticket-form suggestions (htmx), the sitemap,
/robots.txt, images.

See docs/knowledge.md ("Deflection", "Sitemap", "Images").
"""

from __future__ import annotations

from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import translation
from django.views.decorators.http import require_GET

from guichet.brands.models import Brand
from guichet.knowledge import queries
from guichet.knowledge.actions.analytics import do_record_suggestions
from guichet.knowledge.actions.images import IMAGE_TYPES
from guichet.knowledge.languages import brand_languages
from guichet.knowledge.models import ArticleImage
from guichet.knowledge.paths import article_path, category_path, flow_path
from guichet.knowledge.permissions import audience_for, image_is_public, may_read_image
from guichet.knowledge.search import search_articles
from guichet.knowledge.views.common import bind_visitor, customer_of

SUGGESTIONS = 4
DESCRIPTION_CHARS = 300


@require_GET
def suggest(request: HttpRequest, brand_slug: str) -> HttpResponse:
    """Articles for what a customer is typing on the portal's ticket form (htmx fragment).

    Shown articles are recorded in a suggestion session (the form's `session` token) so that a
    customer who opens one and submits nothing counts as a deflection.
    """
    brand = get_object_or_404(Brand, slug=brand_slug)
    subject = request.GET.get("subject", "")[:250]
    description = request.GET.get("description", "")[:DESCRIPTION_CHARS]
    q = f"{subject} {description}".strip()
    language = getattr(request, "LANGUAGE_CODE", brand.default_language)
    languages = brand_languages(brand)
    language = language if language in languages else languages[0]
    hits = []
    if q:
        hits = search_articles(
            q, brand=brand, audience=audience_for(request.user, brand), language=language,
            limit=SUGGESTIONS,
        )  # fmt: skip
    contact = customer_of(request, brand)
    token = request.GET.get("session", "")[:32]
    if contact is not None and hits:
        bind_visitor(request, contact)
        do_record_suggestions(brand=brand, contact=contact, token=token, query=q,
                              article_ids=[hit.article_id for hit in hits])  # fmt: skip
    context = {"brand": brand, "hits": hits, "token": token, "query": q, "q": q}
    return render(request, "knowledge/portal/_suggestions.html", context)


@require_GET
def sitemap(request: HttpRequest, brand_slug: str) -> HttpResponse:
    """Language homes, public categories, published flows, and public published articles with
    their translations (hreflang); nothing else."""
    brand = get_object_or_404(Brand, slug=brand_slug)
    articles = list(queries.sitemap_articles(brand))
    families: dict[object, list] = {}
    for article in articles:
        families.setdefault(article.family, []).append(article)
    entries = [
        {
            "loc": request.build_absolute_uri(article_path(brand, article)),
            "lastmod": article.updated_at.date().isoformat(),
            "alternates": [
                (other.language, request.build_absolute_uri(article_path(brand, other)))
                for other in families[article.family]
            ] if len(families[article.family]) > 1 else [],
        }
        for article in articles
    ]  # fmt: skip
    languages = brand_languages(brand)
    pages = [
        *(reverse("help:home", args=[brand.slug, language]) for language in languages),
        *(category_path(brand, language, category)
          for language, category in queries.sitemap_categories(brand, languages)),
        *(flow_path(brand, flow) for flow in queries.sitemap_flows(brand)
          if flow.language in languages),
    ]  # fmt: skip
    homes = [request.build_absolute_uri(page) for page in pages]
    with translation.override(brand.default_language):
        return render(
            request, "knowledge/help/sitemap.xml", {"entries": entries, "homes": homes},
            content_type="application/xml; charset=utf-8",
        )  # fmt: skip


# Agent, portal and account pages need a sign-in and are not for crawlers; search result pages
# are endless variations of the articles, which the sitemaps list.
ROBOTS_RULES = (
    "User-agent: *", "Disallow: /agent/", "Disallow: /portal/", "Disallow: /accounts/",
    "Disallow: /api/", "Disallow: /django-admin/", "Disallow: /help/*/search/",
)  # fmt: skip


@require_GET
def robots_txt(request: HttpRequest) -> HttpResponse:
    """/robots.txt: the rules above and each help centre's sitemap (a brand's own host name
    names only that brand's)."""
    host = request.get_host().lower()
    brands = Brand.objects.exclude(host="").filter(
        Q(host__iexact=host) | Q(host__iexact=host.rsplit(":", 1)[0])
    )[:1] or Brand.objects.order_by("slug")
    sitemaps = [
        "Sitemap: " + request.build_absolute_uri(reverse("help:sitemap", args=[brand.slug]))
        for brand in brands
    ]
    body = "\n".join([*ROBOTS_RULES, "", *sitemaps]) + "\n"
    return HttpResponse(body, content_type="text/plain; charset=utf-8")


@require_GET
def image(request: HttpRequest, brand_slug: str, pk: int, sha: str) -> FileResponse:
    """An article image, for whoever may read an article showing it (or write the brand's KB).

    Only a sniffed raster type, inline, nosniff, sandboxed; a 404 (not a 403) for anyone else so
    that the URL reveals nothing. Public cache only when a public article shows it.
    """
    found = (
        ArticleImage.objects.select_related("brand")
        .filter(pk=pk, brand__slug=brand_slug, sha256=sha, content_type__in=IMAGE_TYPES)
        .first()
    )
    if found is None or not may_read_image(request.user, found):
        raise Http404
    try:
        handle = found.file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    public = image_is_public(found)
    response = FileResponse(handle, content_type=found.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["Cache-Control"] = "public, max-age=86400" if public else "private, max-age=300"
    response["Cross-Origin-Resource-Policy"] = "cross-origin" if public else "same-origin"
    return response
