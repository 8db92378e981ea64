"""Knowledge-base settings under /agent/kb/: categories and sections, guided flows (with their
step analytics) and the widget (origins, rules). Supervisors and admins only."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from guichet.brands.models import Brand
from guichet.core.errors import ActionError
from guichet.knowledge import flowgraph
from guichet.knowledge.actions.flows import do_save_flow, parse_definition
from guichet.knowledge.actions.taxonomy import (
    do_create_category,
    do_create_section,
    do_update_category,
    do_update_section,
)
from guichet.knowledge.actions.widget import do_configure_widget, do_delete_rule, do_save_rule
from guichet.knowledge.forms import (
    CategoryForm,
    FlowForm,
    SectionForm,
    TaxonomyEditForm,
    WidgetConfigForm,
    WidgetRuleForm,
)
from guichet.knowledge.models import Category, Flow, FlowRun, Section, WidgetConfig, WidgetRule
from guichet.knowledge.permissions import (
    Audience,
    agent_brands,
    published_articles,
    require_kb,
)
from guichet.workspace.views.common import agent_required, render_ws

DROP_AFTER = dt.timedelta(minutes=30)
STATS_DAYS = 90


def _brand(request: HttpRequest, permission: str) -> Brand:
    brands = agent_brands(request.user)
    wanted = request.GET.get("brand") or request.POST.get("brand") or ""
    brand = brands.filter(pk=wanted).first() if wanted.isdigit() else brands.first()
    if brand is None:
        raise Http404("No brand.")
    require_kb(request.user, permission, brand.pk)
    return brand


def _shell(request: HttpRequest, brand: Brand, tab: str, **extra: Any) -> dict[str, Any]:
    return {"nav": "kb", "kb_nav": tab, "brand": brand, "brands": agent_brands(request.user),
            **extra}  # fmt: skip


# --- Categories -------------------------------------------------------------------------------


@agent_required
@require_http_methods(["GET", "POST"])
def categories(request: HttpRequest) -> HttpResponse:
    brand = _brand(request, "kb.manage")
    category_form, section_form = CategoryForm(prefix="cat"), SectionForm(prefix="sec")
    if request.method == "POST":
        try:
            _create_taxonomy(request, brand)
        except ActionError as error:
            messages.error(request, error.message)
        return redirect(f"{request.path}?brand={brand.pk}")
    tree = Category.objects.filter(brand=brand).prefetch_related("sections")
    context = _shell(request, brand, "categories", tree=tree, category_form=category_form,
                     section_form=section_form)  # fmt: skip
    return render_ws(request, "knowledge/agent/categories.html", context)


def _create_taxonomy(request: HttpRequest, brand: Brand) -> None:
    if request.POST.get("kind") == "category":
        form = CategoryForm(request.POST, prefix="cat")
        if form.is_valid():
            data = form.cleaned_data
            en = {"en": {"name": data["name_en"]}} if data["name_en"] else {}
            do_create_category(request.user, brand, name=data["name"],
                               description=data["description"], translations=en)  # fmt: skip
            messages.success(request, _("Catégorie créée."))
        return
    section_form = SectionForm(request.POST, prefix="sec")
    if section_form.is_valid():
        data = section_form.cleaned_data
        category = get_object_or_404(Category, pk=data["category"], brand=brand)
        en = {"en": {"name": data["name_en"]}} if data["name_en"] else {}
        do_create_section(request.user, category, name=data["name"], translations=en)
        messages.success(request, _("Section créée."))


@agent_required
@require_http_methods(["GET", "POST"])
def category_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Rename or describe a category: 404 outside the agent's brands, 403 without kb.manage."""
    mine = Category.objects.filter(brand__in=agent_brands(request.user)).select_related("brand")
    category = get_object_or_404(mine, pk=pk)
    require_kb(request.user, "kb.manage", category.brand_id)
    return _edit_taxonomy(request, category, category.brand, do_update_category,
                          _("Catégorie enregistrée."))  # fmt: skip


@agent_required
@require_http_methods(["GET", "POST"])
def section_edit(request: HttpRequest, pk: int) -> HttpResponse:
    mine = Section.objects.filter(category__brand__in=agent_brands(request.user))
    section = get_object_or_404(mine.select_related("category__brand"), pk=pk)
    require_kb(request.user, "kb.manage", section.category.brand_id)
    return _edit_taxonomy(request, section, section.category.brand, do_update_section,
                          _("Section enregistrée."))  # fmt: skip


def _edit_taxonomy(
    request: HttpRequest, node: Category | Section, brand: Brand,
    update: Callable[..., Any], done: str,
) -> HttpResponse:  # fmt: skip
    form = TaxonomyEditForm(request.POST or None, initial=TaxonomyEditForm.initial_from(node))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            update(request.user, node, name=data["name"], description=data["description"],
                   translations=form.translations(node.translations))  # fmt: skip
        except ActionError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, done)
            return redirect(f"{reverse('kb:categories')}?brand={brand.pk}")
    context = _shell(request, brand, "categories", form=form, node=node,
                     is_section=isinstance(node, Section))  # fmt: skip
    return render_ws(request, "knowledge/agent/taxonomy_edit.html", context)


# --- Guided flows --------------------------------------------------------------------------------


@agent_required
def flow_list(request: HttpRequest) -> HttpResponse:
    brand = _brand(request, "kb.manage")
    flows = Flow.objects.filter(brand=brand).order_by("title")
    return render_ws(
        request, "knowledge/agent/flows.html", _shell(request, brand, "flows", flows=flows)
    )


@agent_required
@require_http_methods(["GET", "POST"])
def flow_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    flow = None
    if pk is not None:
        flow = get_object_or_404(Flow.objects.filter(brand__in=agent_brands(request.user)), pk=pk)
        require_kb(request.user, "kb.manage", flow.brand_id)
        brand = flow.brand
    else:
        brand = _brand(request, "kb.manage")
    initial = FlowForm.initial_from(flow) if flow else {"language": brand.default_language,
                                                        "definition": EXAMPLE}  # fmt: skip
    form = FlowForm(brand, request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            flow = do_save_flow(
                request.user, brand, title=data["title"], language=data["language"],
                definition=parse_definition(data["definition"]), description=data["description"],
                state=data["state"], flow=flow,
            )  # fmt: skip
        except ActionError as error:
            form.add_error("definition" if error.field == "definition" else None, error.message)
        else:
            messages.success(request, _("Parcours enregistré."))
            return redirect("kb:flow", flow.pk)
    context = _shell(request, brand, "flows", form=form, flow=flow,
                     stats=_flow_stats(flow) if flow else [],
                     articles=published_articles(brand, Audience.CUSTOMER).order_by("title"))  # fmt: skip
    return render_ws(request, "knowledge/agent/flow_edit.html", context)


def _flow_stats(flow: Flow) -> list[dict[str, Any]]:
    now = timezone.now()
    runs = FlowRun.objects.filter(flow=flow, created_at__gte=now - dt.timedelta(days=STATS_DAYS))
    facts = [flowgraph.RunFacts(r.path, r.outcome, r.updated_at) for r in runs.only(
        "path", "outcome", "updated_at")]  # fmt: skip
    stats = flowgraph.step_stats(flow.definition, facts, now, DROP_AFTER)
    steps = flow.definition.get("steps", {})
    return [{"id": step_id, "text": steps[step_id].get("text", ""), "end": steps[step_id].get("end"),
             **vars(numbers)} for step_id, numbers in stats.items()]  # fmt: skip


EXAMPLE = json.dumps(
    {
        "start": "question",
        "steps": {
            "question": {"text": "Le problème persiste-t-il ?", "options": [
                {"label": "Oui", "next": "ticket"}, {"label": "Non", "next": "done"}]},
            "done": {"text": "Parfait, le problème est résolu.", "end": "resolved"},
            "ticket": {"text": "Nous prenons le relais.", "end": "ticket", "subject": "Demande"},
        },
    },
    ensure_ascii=False,
    indent=2,
)  # fmt: skip


# --- Widget ---------------------------------------------------------------------------------------


@agent_required
@require_http_methods(["GET", "POST"])
def widget_settings(request: HttpRequest) -> HttpResponse:
    brand = _brand(request, "kb.configure")
    config = WidgetConfig.objects.filter(brand=brand).first()
    initial = {"enabled": config.enabled if config else True,
               "allowed_origins": "\n".join(config.allowed_origins) if config else ""}  # fmt: skip
    articles = published_articles(brand, Audience.PUBLIC).order_by("language", "title")
    config_form = WidgetConfigForm(request.POST if request.POST.get("kind") == "config" else None,
                                   initial=initial)  # fmt: skip
    rule_form = WidgetRuleForm(
        articles, request.POST if request.POST.get("kind") == "rule" else None
    )
    if request.method == "POST":
        try:
            if config_form.is_bound and config_form.is_valid():
                do_configure_widget(request.user, brand, enabled=config_form.cleaned_data["enabled"],
                                    allowed_origins=config_form.origins())  # fmt: skip
                messages.success(request, _("Réglages du widget enregistrés."))
                return redirect(f"{request.path}?brand={brand.pk}")
            if rule_form.is_bound and rule_form.is_valid():
                data = rule_form.cleaned_data
                do_save_rule(request.user, brand, name=data["name"], url_pattern=data["url_pattern"],
                             context_key=data["context_key"], articles=list(data["articles"]),
                             position=data.get("position") or 0)  # fmt: skip
                messages.success(request, _("Règle ajoutée."))
                return redirect(f"{request.path}?brand={brand.pk}")
        except ActionError as error:
            messages.error(request, error.message)
    rules = WidgetRule.objects.filter(brand=brand).prefetch_related("articles")
    context = _shell(request, brand, "widget", config=config, config_form=config_form,
                     rule_form=rule_form, rules=rules,
                     script_url=request.build_absolute_uri("/static/knowledge/widget.js"))  # fmt: skip
    return render_ws(request, "knowledge/agent/widget.html", context)


@agent_required
@require_POST
def widget_rule_delete(request: HttpRequest, pk: int) -> HttpResponse:
    rule = get_object_or_404(WidgetRule.objects.filter(brand__in=agent_brands(request.user)), pk=pk)
    try:
        do_delete_rule(request.user, rule)
    except ActionError as error:
        messages.error(request, error.message)
    return redirect(f"/agent/kb/widget/?brand={rule.brand_id}")
