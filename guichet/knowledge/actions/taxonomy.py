"""Categories and sections of a brand's help centre (kb.manage)."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from guichet.audit.actions import record_event
from guichet.brands.models import Brand
from guichet.core.errors import ActionError
from guichet.knowledge.models import Category, Section
from guichet.knowledge.permissions import require_kb


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
