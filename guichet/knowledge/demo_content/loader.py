"""Loading the demo help centres (kb_demo): categories, articles and translations, a guided flow,
widget rules, through the knowledge actions (versions, audit events), then some activity.

Idempotent: a brand that already has knowledge-base categories is left alone.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from django.db import transaction
from django.utils import timezone

from guichet.brands.models import Brand
from guichet.knowledge.actions.articles import (
    ArticleInput,
    do_create_article,
    do_create_translation,
    do_transition_article,
    do_update_article,
)
from guichet.knowledge.actions.flows import do_save_flow
from guichet.knowledge.actions.taxonomy import do_create_category, do_create_section
from guichet.knowledge.actions.widget import do_configure_widget, do_save_rule
from guichet.knowledge.demo_content import asclepia, kolibri, telvia
from guichet.knowledge.demo_content.spec import A
from guichet.knowledge.models import Article, Category, Section
from guichet.search.hybrid.articles import reindex_articles

CONTENT: dict[str, ModuleType] = {"asclepia": asclepia, "telvia": telvia, "kolibri": kolibri}
DEMO_ORIGINS = ("http://127.0.0.1:8000", "http://localhost:8000")


@dataclass
class Loaded:
    brand: Brand
    articles: dict[str, Article]
    translations: int = 0
    flows: int = 0


def load_brand(brand: Brand, content: ModuleType, actor: Any) -> Loaded | None:
    if Category.objects.filter(brand=brand).exists():
        return None
    with transaction.atomic():
        sections = _taxonomy(brand, content, actor)
        loaded = Loaded(brand, {})
        for spec in content.ARTICLES:
            loaded.articles[spec.key] = _article(brand, spec, sections, actor, loaded)
        for flow in content.FLOWS:
            definition = {"start": flow.start, "steps": _resolve(flow.steps, loaded.articles)}
            do_save_flow(actor, brand, title=flow.title, language=flow.language,
                         definition=definition, description=flow.description, state="published")  # fmt: skip
            loaded.flows += 1
        do_configure_widget(actor, brand, enabled=True, allowed_origins=list(DEMO_ORIGINS))
        for position, (name, pattern, key, article_keys) in enumerate(content.WIDGET_RULES):
            do_save_rule(actor, brand, name=name, url_pattern=pattern, context_key=key,
                         articles=[loaded.articles[k] for k in article_keys], position=position)  # fmt: skip
    if transaction.get_connection().in_atomic_block:
        # Inside an outer transaction (tests, a caller's atomic block) the actions' on-commit
        # index updates have not run yet: index now, so that the activity's searches find them.
        reindex_articles(Article.objects.filter(brand=brand).values_list("pk", flat=True))
    return loaded


def _taxonomy(brand: Brand, content: ModuleType, actor: Any) -> dict[str, Section]:
    sections: dict[str, Section] = {}
    for position, spec in enumerate(content.CATEGORIES):
        category = do_create_category(actor, brand, name=spec.name, description=spec.description,
                                      position=position, translations={"en": {"name": spec.en}})  # fmt: skip
        for index, section in enumerate(spec.sections):
            sections[section.name] = do_create_section(
                actor, category, name=section.name, position=index,
                translations={"en": {"name": section.en}} if section.en else {},
            )  # fmt: skip
    return sections


def _article(
    brand: Brand, spec: A, sections: dict[str, Section], actor: Any, loaded: Loaded
) -> Article:
    review_by = timezone.localdate() + dt.timedelta(days=spec.review_days)
    data = ArticleInput(
        title=spec.title, summary=spec.summary, body=spec.body, section=sections[spec.section],
        visibility=spec.visibility, shape=spec.shape, tags=list(spec.tags), review_by=review_by,
    )  # fmt: skip
    article = do_create_article(actor, brand=brand, language="fr", data=data, note="demo")
    _advance(actor, article, spec.state)
    if spec.en is not None and "en" in (brand.languages or []):
        english = do_create_translation(actor, article, "en")
        do_update_article(actor, english, ArticleInput(
            title=spec.en.title, summary=spec.en.summary, body=spec.en.body), note="English")  # fmt: skip
        _advance(actor, english, spec.state)
        loaded.translations += 1
    return article


def _advance(actor: Any, article: Article, state: str) -> None:
    if state in ("review", "published"):
        do_transition_article(actor, article, "submit")
    if state == "published":
        do_transition_article(actor, article, "publish")


def _resolve(steps: dict[str, Any], articles: dict[str, Article]) -> dict[str, Any]:
    """Article keys in the flow's steps become article ids."""
    resolved = {}
    for step_id, step in steps.items():
        step = dict(step)
        if step.get("end") == "article":
            step["article"] = articles[step["article"]].pk
        resolved[step_id] = step
    return resolved
