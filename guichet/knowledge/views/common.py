"""What the help-centre views share: the brand and language of the URL, the reader's audience,
the visitor id kept in the session. See docs/knowledge.md ("Help centre").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404
from django.utils import translation

from guichet.brands.models import Brand
from guichet.core import access
from guichet.knowledge.actions.analytics import do_bind_visitor, new_token
from guichet.knowledge.languages import brand_languages
from guichet.knowledge.permissions import Audience, audience_for
from guichet.people.models import Contact

VISITOR_KEY = "kb_visitor"
BOUND_KEY = "kb_bound"


@dataclass(frozen=True)
class Help:
    """The help centre a page belongs to and who is reading it."""

    brand: Brand
    language: str
    audience: Audience
    contact: Contact | None
    languages: tuple[str, ...]


def customer_of(request: HttpRequest, brand: Brand) -> Contact | None:
    contact = access.contact_of(request.user)
    return contact if contact is not None and contact.brand_id == brand.pk else None


def visitor_id(request: HttpRequest, *, create: bool = True) -> str:
    """A random id for this browser's session; searches made before signing in are tied to the
    contact once they sign in (the session survives the sign-in)."""
    value = request.session.get(VISITOR_KEY, "")
    if not value and create:
        value = new_token()
        request.session[VISITOR_KEY] = value
    return str(value)


def bind_visitor(request: HttpRequest, contact: Contact | None) -> None:
    if contact is None or request.session.get(BOUND_KEY) == contact.pk:
        return
    visitor = visitor_id(request, create=False)
    if visitor:
        do_bind_visitor(visitor, contact)
        request.session[BOUND_KEY] = contact.pk


def permanent_redirect(request: HttpRequest, canonical: str) -> HttpResponsePermanentRedirect:
    """301 to a page's canonical path (a renamed slug), keeping the query string (`?search=`,
    `?from=` still record the click)."""
    query = request.META.get("QUERY_STRING", "")
    return HttpResponsePermanentRedirect(canonical + (f"?{query}" if query else ""))


def help_context(request: HttpRequest, brand: Brand, language: str) -> Help:
    languages = brand_languages(brand)
    if language not in languages:
        raise Http404
    contact = customer_of(request, brand)
    bind_visitor(request, contact)
    return Help(brand, language, audience_for(request.user, brand), contact, languages)


def help_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Calls view(request, help, **kwargs), rendered in the language of the URL."""

    @wraps(view)
    def wrapper(
        request: HttpRequest, brand_slug: str, language: str, **kwargs: Any
    ) -> HttpResponse:
        brand = get_object_or_404(Brand, slug=brand_slug)
        current = help_context(request, brand, language)
        with translation.override(language):
            request.LANGUAGE_CODE = language
            response = view(request, current, **kwargs)
        response.headers.setdefault("Content-Language", language)
        return response

    return wrapper


def is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"
