"""An agent's skills are category slugs (`people.Agent.skills`), and `people.Agent.capacity` is
their open-ticket limit: one source of truth for the routing page and the REST API, which both
validate here. See docs/routing.md ("Agents' skills and limits").
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _

from guichet.brands.models import Category
from guichet.core.errors import ActionError

MAX_CAPACITY = 1000
MAX_SKILLS = 100


def skill_choices(brand_ids: Iterable[int] | None) -> list[tuple[str, str]]:
    """(slug, label) of the categories of those brands (None: every brand), one per slug.

    A slug names the categories of that slug in every brand the agent works for.
    """
    rows = Category.objects.all()
    if brand_ids is not None:
        rows = rows.filter(brand_id__in=list(brand_ids))
    labels: dict[str, str] = {}
    for slug, name in rows.order_by("slug", "brand_id").values_list("slug", "name"):
        labels.setdefault(slug, f"{name} ({slug})")
    return sorted(labels.items(), key=lambda item: item[1].lower())


def check_skills(values: Any, brand_ids: Iterable[int] | None) -> list[str]:
    """Lower-cased, de-duplicated category slugs of the agent's brands; ActionError otherwise."""
    if not isinstance(values, list | tuple) or not all(isinstance(v, str) for v in values):
        raise ActionError(
            _("Les compétences sont une liste de slugs de catégorie."), field="skills"
        )
    cleaned: list[str] = []
    for value in values:
        slug = value.strip().lower()
        if slug and slug not in cleaned:
            cleaned.append(slug)
    if len(cleaned) > MAX_SKILLS:
        raise ActionError(_("Au plus %(n)d compétences.") % {"n": MAX_SKILLS}, field="skills")
    if not cleaned:
        return cleaned
    rows = Category.objects.filter(slug__in=cleaned)
    if brand_ids is not None:
        rows = rows.filter(brand_id__in=list(brand_ids))
    known = set(rows.values_list("slug", flat=True))
    for slug in cleaned:
        if slug not in known:
            raise ActionError(
                _("« %(s)s » n'est le slug d'aucune catégorie des marques de l'agent.")
                % {"s": slug},
                field="skills",
            )
    return cleaned


def check_capacity(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_CAPACITY:
        raise ActionError(_("Entre 0 et %(n)d.") % {"n": MAX_CAPACITY}, field="capacity")
    return value
