"""Knowledge-base test data: articles created through the actions, then indexed at once."""

from __future__ import annotations

from typing import Any

from guichet.brands.models import Brand
from guichet.core.tests import factories
from guichet.knowledge.actions.articles import (
    ArticleInput,
    do_create_article,
    do_transition_article,
)
from guichet.knowledge.actions.taxonomy import do_create_category, do_create_section
from guichet.knowledge.models import Article, Section, State
from guichet.search.hybrid.articles import reindex_articles

_admins: dict[int, Any] = {}


def admin() -> Any:
    """One admin per test database (cached by id, created on demand)."""
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(username="kb-admin").first()
    return user or factories.agent("admin", username="kb-admin")


def section(brand: Brand, name: str = "Imprimante", category: str = "Impression") -> Section:
    from guichet.knowledge.models import Category

    cat = Category.objects.filter(brand=brand, name=category).first()
    cat = cat or do_create_category(admin(), brand, name=category)
    existing = Section.objects.filter(category=cat, name=name).first()
    return existing or do_create_section(admin(), cat, name=name)


def article(
    brand: Brand,
    title: str = "Configurer l'imprimante",
    body: str = "Ouvrez les paramètres d'impression.",
    *,
    state: str = State.PUBLISHED,
    visibility: str = "public",
    language: str = "fr",
    section_: Section | None = None,
    summary: str = "",
    tags: list[str] | None = None,
    family: Any = None,
    actor: Any = None,
) -> Article:
    actor = actor or admin()
    created = do_create_article(
        actor, brand=brand, language=language, family=family,
        data=ArticleInput(title=title, body=body, visibility=visibility, summary=summary,
                          section=section_, tags=tags or []),
    )  # fmt: skip
    if state in (State.REVIEW, State.PUBLISHED, State.ARCHIVED):
        do_transition_article(actor, created, "submit")
    if state in (State.PUBLISHED, State.ARCHIVED):
        do_transition_article(actor, created, "publish")
    if state == State.ARCHIVED:
        do_transition_article(actor, created, "archive")
    reindex_articles([created.pk])
    created.refresh_from_db()
    return created
