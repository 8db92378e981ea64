"""Reads for the evaluation page: per brand and target, the models and their held-out figures.

See docs/triage.md ("Evaluation page"). The figures were computed at training time by
guichet.triage.evaluation on the held-out slice and stored in TriageModel.metrics.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from guichet.brands.models import Brand, Category
from guichet.core import access
from guichet.triage.display import TARGET_NAMES, label_name
from guichet.triage.evaluation import ClassRow, ConfusionRow, class_rows, confusion_rows
from guichet.triage.models import Target, TriageModel

CANDIDATES = 6  # versions listed per target


@dataclass
class ModelDetail:
    model: TriageModel
    classes: list[ClassRow]
    names: dict[str, Any]  # label -> display name
    labels: list[str]
    confusion: list[ConfusionRow]


@dataclass
class TargetSection:
    target: str
    name: Any
    models: list[TriageModel]
    active: TriageModel | None
    detail: ModelDetail | None


def brand_queryset(user: Any) -> QuerySet[Brand]:
    agent = access.agent_of(user)
    ids = access.agent_brand_ids(agent) if agent is not None else None
    brands = Brand.objects.order_by("name", "pk")
    return brands if ids is None else brands.filter(pk__in=ids)


def visible_brands(user: Any) -> list[Brand]:
    return list(brand_queryset(user))


def _names(target: str, labels: list[str], slugs: dict[str, str]) -> dict[str, Any]:
    if target == Target.CATEGORY:
        return {label: slugs.get(label, label) for label in labels}
    return {label: label_name(target, label, {}) for label in labels}


def _detail(model: TriageModel, slugs: dict[str, str]) -> ModelDetail:
    classes = class_rows(model.metrics)
    labels, rows = confusion_rows(model.metrics)
    names = _names(model.target, sorted({c.label for c in classes} | set(labels)), slugs)
    return ModelDetail(model, classes, names, labels, rows)


def brand_report(brand: Brand, shown: int | None = None) -> list[TargetSection]:
    """One section per target: the latest versions (and the active one), with the figures of
    the model `shown` (when it is one of them) or of the active model (one query per target)."""
    slugs = {
        c.slug: c.path
        for c in Category.objects.filter(brand=brand).select_related("parent__parent")
    }
    sections = []
    for target in Target.values:
        models = list(
            TriageModel.objects.filter(brand=brand, target=target)
            .defer("artefact", "held_out_ids")
            .order_by("-version")[:CANDIDATES]
        )
        active = next((m for m in models if m.is_active), None)
        if active is None:
            active = (
                TriageModel.objects.filter(brand=brand, target=target, is_active=True)
                .defer("artefact", "held_out_ids")
                .first()
            )
            if active is not None:
                models.append(active)
        chosen = next((m for m in models if m.pk == shown), None) or active
        sections.append(
            TargetSection(
                target=target,
                name=TARGET_NAMES.get(target, target),
                models=models,
                active=active,
                detail=_detail(chosen, slugs) if chosen is not None else None,
            )
        )
    return sections
