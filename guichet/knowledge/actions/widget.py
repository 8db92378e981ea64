"""Widget settings per brand (kb.configure: admins). See docs/knowledge.md ("Widget")."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from urllib.parse import urlsplit

from django.db import transaction
from django.utils.translation import gettext as _

from guichet.audit.actions import record_event
from guichet.brands.models import Brand
from guichet.core.errors import ActionError
from guichet.knowledge.models import Article, WidgetConfig, WidgetRule
from guichet.knowledge.permissions import require_kb


def check_origin(value: str) -> str:
    """`https://app.example.com[:port]`: scheme and host only, no path, no wildcard."""
    parts = urlsplit(value.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname or "*" in value:
        raise ActionError(_("« %(value)s » n'est pas une origine de la forme https://app.example.com.")
                          % {"value": value}, field="allowed_origins")  # fmt: skip
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        raise ActionError(_("« %(value)s » n'est pas une origine de la forme https://app.example.com.")
                          % {"value": value}, field="allowed_origins")  # fmt: skip
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{parts.hostname.lower()}{port}"


@transaction.atomic
def do_configure_widget(
    actor: Any, brand: Brand, *, enabled: bool, allowed_origins: Sequence[str]
) -> WidgetConfig:
    require_kb(actor, "kb.configure", brand.pk)
    origins = list(dict.fromkeys(check_origin(o) for o in allowed_origins if o.strip()))
    config, _created = WidgetConfig.objects.update_or_create(
        brand=brand, defaults={"enabled": enabled, "allowed_origins": origins}
    )
    record_event(actor, "kb_widget_configured", config,
                 data={"enabled": enabled, "allowed_origins": origins})  # fmt: skip
    return config


@transaction.atomic
def do_save_rule(
    actor: Any, brand: Brand, *, name: str, url_pattern: str = "", context_key: str = "",
    articles: Sequence[Article] = (), position: int = 0, rule: WidgetRule | None = None,
) -> WidgetRule:  # fmt: skip
    require_kb(actor, "kb.configure", brand.pk)
    if not (url_pattern.strip() or context_key.strip()):
        raise ActionError(
            _("Une règle a besoin d'un motif d'URL ou d'une clé de contexte."), field="url_pattern"
        )
    if any(article.brand_id != brand.pk for article in articles):
        raise ActionError(
            _("Les articles d'une autre marque ne peuvent pas être affichés."), field="articles"
        )
    rule = rule or WidgetRule(brand=brand)
    if rule.brand_id != brand.pk:
        raise ActionError(_("Cette règle appartient à une autre marque."))
    rule.name = " ".join(name.split())[:120] or url_pattern or context_key
    rule.url_pattern, rule.context_key = url_pattern.strip()[:300], context_key.strip()[:80]
    rule.position = position
    rule.save()
    rule.articles.set(articles)
    record_event(actor, "kb_widget_rule_saved", rule, data={"name": rule.name})
    return rule


@transaction.atomic
def do_delete_rule(actor: Any, rule: WidgetRule) -> None:
    require_kb(actor, "kb.configure", rule.brand_id)
    record_event(actor, "kb_widget_rule_deleted", rule, data={"name": rule.name})
    rule.delete()
