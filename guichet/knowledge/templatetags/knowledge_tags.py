"""Template helpers of the knowledge base: labels, highlighting, sanitised output."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe

from guichet.core.sanitise import sanitise_html
from guichet.knowledge import labels, snippets
from guichet.knowledge.actions.analytics import (
    FORM_FIELD,
    form_token,
    new_token,
    remembered_form_token,
)

register = template.Library()


@register.filter
def kb_label(value: Any, kind: str) -> str:
    return labels.label(kind, str(value))


@register.filter
def highlight(text: str, query: str | None) -> SafeString:
    """`text` escaped, the words of the search `query` in <mark> (snippets.highlight)."""
    return snippets.highlight(text, query or "")


@register.filter
def sanitised(html: str) -> SafeString:
    """Stored HTML is sanitised when written; sanitise again on the way out (defence in depth)."""
    return mark_safe(sanitise_html(html or ""))  # noqa: S308 - nh3 allow-list output


@register.filter
def name_in(obj: Any, language: str) -> str:
    return str(obj.name_in(language))


@register.filter
def description_in(obj: Any, language: str) -> str:
    return str(obj.description_in(language))


@register.filter
def percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.0f} %"


@register.simple_tag(takes_context=True)
def suggestion_token(context: template.Context) -> str:
    """The token of this ticket form's suggestion session: the one the form posted (a form
    shown again with errors is still the same form), else the one this browser was given for
    the brand's form while its suggestions are still open (a reload), else a fresh one."""
    request = context.get("request")
    if request is None:
        return new_token()
    posted = form_token(request.POST.get(FORM_FIELD))
    brand = context.get("brand")
    if posted or brand is None or not hasattr(request, "session"):
        return posted or new_token()
    return remembered_form_token(request.session, brand.pk)
