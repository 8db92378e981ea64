"""Template helpers of the workspace: labels, compact ages, durations, icons, query strings."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from django import template
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from guichet.core.sanitise import sanitise_html
from guichet.workspace import icons, labels

register = template.Library()


@register.filter
def label(value: Any, group: str) -> Any:
    return labels.label(group, value)


def compact_age(delta: dt.timedelta) -> str:
    seconds = int(delta.total_seconds())
    if seconds < 60:
        return _("à l'instant")
    if seconds < 3600:
        return _("il y a %(n)s min") % {"n": seconds // 60}
    if seconds < 86400:
        return _("il y a %(n)s h") % {"n": seconds // 3600}
    return _("il y a %(n)s j") % {"n": seconds // 86400}


@register.filter
def ago(value: dt.datetime | None) -> str:
    """ "il y a 5 min" for the last week, a short date before that."""
    if not value:
        return ""
    delta = timezone.now() - value
    if delta > dt.timedelta(days=7):
        return date_format(timezone.localtime(value), "j M Y")
    return compact_age(max(delta, dt.timedelta(0)))


@register.filter
def duration(seconds: int | None) -> str:
    minutes = (seconds or 0) // 60
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d}" if hours else f"{minutes} min"


@register.filter
def initials(name: str) -> str:
    parts = [p for p in str(name or "?").replace(".", " ").split() if p]
    return "".join(p[0] for p in parts[:2]).upper() or "?"


@register.filter
def display_name(user: Any) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


@register.filter
def clean_html(value: str) -> SafeString:
    """Message bodies are sanitised on the way in; sanitising again on the way out is cheap
    insurance against rows written by other paths."""
    return mark_safe(sanitise_html(value or ""))  # noqa: S308 (nh3 output)


@register.simple_tag
def icon(name: str, label: str = "") -> SafeString:
    """An inline SVG icon; decorative unless a label is given."""
    path = icons.PATHS.get(name, "")
    if label:
        return format_html(
            '<svg class="icon" viewBox="0 0 24 24" role="img" aria-label="{}">{}</svg>',
            label,
            mark_safe(path),  # noqa: S308 (constant)
        )
    return format_html(
        '<svg class="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">{}</svg>',
        mark_safe(path),  # noqa: S308 (constant)
    )


@register.simple_tag
def with_query(base: str, **extra: Any) -> str:
    """`base` (an encoded query string) with `extra` parameters set."""
    parts = [base] if base else []
    extra = {k: v for k, v in extra.items() if v not in (None, "")}
    if extra:
        parts.append(urlencode(extra))
    return "?" + "&".join(parts) if parts else "?"


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    return mapping.get(key) if hasattr(mapping, "get") else None


CHANNEL_ICONS = {
    "email": "mail", "portal": "globe", "chat": "message", "whatsapp": "whatsapp",
    "phone": "phone", "slack": "message", "teams": "message", "api": "api",
}  # fmt: skip


@register.filter
def channel_icon(channel: str) -> str:
    return CHANNEL_ICONS.get(channel, "message")
