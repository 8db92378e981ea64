"""Categories and sections of a brand's help centre (kb.manage). See docs/knowledge.md.

Their names are indexed with each article (`guichet.search.hybrid.articles.labels_line`), so a
rename re-indexes the published articles under them, in one call once the transaction commits.
"""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils.text import slugify
from django.utils.translation import gettext as _

from guichet.audit.actions import diff, record_event
from guichet.brands.models import Brand
from guichet.core.errors import ActionError
from guichet.knowledge.models import Article, Category, Section, State
from guichet.knowledge.permissions import require_kb
from guichet.search.hybrid.articles import reindex_articles_on_commit

INDEXED = ("name", "translations")  # what articles' index entries hold (labels_line)


def _name(value: Any) -> str:
    name = " ".join(str(value or "").split())[:120]
    if not name:
        raise ActionError(_("Le nom est obligatoire."), code="required", field="name")
    return name


@transaction.atomic
def do_create_category(
    actor: Any, brand: Brand, *, name: str, description: str = "", position: int = 0,
    translations: dict[str, Any] | None = None,
) -> Category:  # fmt: skip
    require_kb(actor, "kb.manage", brand.pk)
    name = _name(name)
    try:
        with transaction.atomic():
            category = Category.objects.create(
                brand=brand, name=name, slug=slugify(name)[:80] or "category",
                description=description[:300], position=position,
                translations=translations or {},
            )  # fmt: skip
    except IntegrityError:
        raise ActionError(_("Une catégorie porte déjà ce nom."), field="name") from None
    record_event(actor, "kb_category_created", category, data={"name": name})
    return category


@transaction.atomic
def do_create_section(
    actor: Any, category: Category, *, name: str, description: str = "", position: int = 0,
    translations: dict[str, Any] | None = None,
) -> Section:  # fmt: skip
    require_kb(actor, "kb.manage", category.brand_id)
    name = _name(name)
    try:
        with transaction.atomic():
            section = Section.objects.create(
                category=category, name=name, slug=slugify(name)[:80] or "section",
                description=description[:300], position=position,
                translations=translations or {},
            )  # fmt: skip
    except IntegrityError:
        raise ActionError(_("Une section porte déjà ce nom."), field="name") from None
    record_event(actor, "kb_section_created", section, data={"name": name})
    return section


def _changed_values(
    kind: str, name: str | None, description: str | None, translations: dict[str, Any] | None
) -> dict[str, Any]:
    """The given fields, validated; the slug follows the name (old URLs redirect, 301)."""
    values: dict[str, Any] = {}
    if name is not None:
        values["name"] = _name(name)
        values["slug"] = slugify(values["name"])[:80] or kind
    if description is not None:
        values["description"] = str(description)[:300]
    if translations is not None:  # built by our forms: {"en": {"name": …, "description": …}}
        values["translations"] = dict(translations)
    return values


def _apply(node: Category | Section, values: dict[str, Any], error: str) -> list[dict[str, Any]]:
    """Set `values` on `node` and save it; the changes (audit form), none saved when empty."""
    changes = diff({key: getattr(node, key) for key in values}, values)
    if not changes:
        return []
    for key, value in values.items():
        setattr(node, key, value)
    try:
        with transaction.atomic():
            node.save()
    except IntegrityError:
        raise ActionError(error, field="name") from None
    return changes


def _reindex_if_named(changes: list[dict[str, Any]], articles: QuerySet[Article]) -> None:
    """Re-index the published articles whose entries hold the changed names: one call (one
    embedding batch) however many there are."""
    if any(change["field"] in INDEXED for change in changes):
        ids = articles.filter(state=State.PUBLISHED).values_list("pk", flat=True)
        reindex_articles_on_commit(*ids)


@transaction.atomic
def do_update_category(
    actor: Any, category: Category, *, name: str | None = None, description: str | None = None,
    translations: dict[str, Any] | None = None,
) -> Category:  # fmt: skip
    """Rename or describe a category (None: leave as it is)."""
    require_kb(actor, "kb.manage", category.brand_id)
    category = Category.objects.select_for_update().get(pk=category.pk)
    values = _changed_values("category", name, description, translations)
    changes = _apply(category, values, _("Une catégorie porte déjà ce nom."))
    if changes:
        record_event(actor, "kb_category_updated", category, changes=changes)
        _reindex_if_named(changes, Article.objects.filter(section__category=category))
    return category


@transaction.atomic
def do_update_section(
    actor: Any, section: Section, *, name: str | None = None, description: str | None = None,
    translations: dict[str, Any] | None = None,
) -> Section:  # fmt: skip
    """Rename or describe a section (None: leave as it is)."""
    require_kb(actor, "kb.manage", section.category.brand_id)
    section = Section.objects.select_for_update().get(pk=section.pk)
    values = _changed_values("section", name, description, translations)
    changes = _apply(section, values, _("Une section porte déjà ce nom."))
    if changes:
        record_event(actor, "kb_section_updated", section, changes=changes)
        _reindex_if_named(changes, Article.objects.filter(section=section))
    return section
