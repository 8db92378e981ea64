"""Guided flows: admins save them (validated trees); visitors walk them. See docs/knowledge.md."""

from __future__ import annotations

import json
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from guichet.audit.actions import record_event
from guichet.brands.models import Brand
from guichet.core.errors import ActionError
from guichet.knowledge import flowgraph
from guichet.knowledge.actions.analytics import new_token
from guichet.knowledge.actions.articles import check_language, check_title
from guichet.knowledge.models import Flow, FlowRun
from guichet.knowledge.permissions import Audience, published_articles, require_kb
from guichet.people.models import Contact


def parse_definition(text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise ActionError(_("JSON invalide : %(error)s (ligne %(line)d).")
                          % {"error": error.msg, "line": error.lineno},
                          field="definition") from None  # fmt: skip


def check_definition(brand: Brand, definition: Any) -> dict[str, Any]:
    """A valid tree whose article steps point at articles customers may read."""
    readable = set(published_articles(brand, Audience.CUSTOMER).values_list("pk", flat=True))
    errors = flowgraph.validate(definition, article_ok=lambda pk: pk in readable)
    if errors:
        raise ActionError(" ".join(errors), code="invalid_flow", field="definition")
    return definition  # type: ignore[no-any-return]


@transaction.atomic
def do_save_flow(
    actor: Any, brand: Brand, *, title: str, language: str, definition: Any,
    description: str = "", state: str = Flow.State.DRAFT, flow: Flow | None = None,
) -> Flow:  # fmt: skip
    require_kb(actor, "kb.manage", brand.pk)
    if flow is not None and flow.brand_id != brand.pk:
        raise ActionError(_("Ce parcours appartient à une autre marque."))
    if state not in Flow.State.values:
        raise ActionError(_("État inconnu."), field="state")
    title = check_title(title)
    flow = flow or Flow(brand=brand, created_by=actor, slug=slugify(title)[:120] or "flow")
    flow.title, flow.description = title, description.strip()[:300]
    flow.language = check_language(brand, language)
    flow.definition, flow.state = check_definition(brand, definition), state
    verb = "kb_flow_updated" if flow.pk else "kb_flow_created"
    try:
        with transaction.atomic():
            flow.save()
    except IntegrityError:
        raise ActionError(_("Un parcours porte déjà ce titre."), field="title") from None
    record_event(actor, verb, flow, data={"title": flow.title, "state": flow.state})
    return flow


# --- Visitors -------------------------------------------------------------------------------------


@transaction.atomic
def do_start_run(flow: Flow, *, visitor: str, contact: Contact | None = None) -> FlowRun:
    """The visitor opened the flow's first question: their run still at the start (a reload, the
    first answer after reading it), else a new one, so that the start step's *reached* and
    *dropped* count visitors who leave without answering, each once."""
    now = timezone.now()
    start = flowgraph.start_path(flow.definition)
    run = (
        FlowRun.objects.select_for_update()
        .filter(flow=flow, visitor=visitor, outcome=FlowRun.Outcome.IN_PROGRESS)
        .order_by("-updated_at", "-pk")
        .first()
        if visitor
        else None
    )
    if run is None or run.path != start:  # (JSON equality in SQL differs between databases)
        return FlowRun.objects.create(
            flow=flow, token=new_token(), visitor=visitor, contact=contact, path=start,
            created_at=now, updated_at=now,
        )  # fmt: skip
    run.contact, run.updated_at = run.contact or contact, now
    run.save(update_fields=["contact", "updated_at"])
    return run


def _end_outcome(flow: Flow, path: list[list[Any]]) -> str:
    _step_id, step = flowgraph.current_step(flow.definition, path)
    return {
        "article": FlowRun.Outcome.ARTICLE,
        "resolved": FlowRun.Outcome.RESOLVED,
        "ticket": FlowRun.Outcome.TICKET,
    }.get(step.get("end") or "", FlowRun.Outcome.IN_PROGRESS)


@transaction.atomic
def do_choose(run: FlowRun, option: int) -> FlowRun:
    """Answer the current step's question; an end step settles the run's outcome."""
    run = FlowRun.objects.select_for_update().select_related("flow").get(pk=run.pk)
    if run.outcome != FlowRun.Outcome.IN_PROGRESS:
        raise ActionError(_("Ce parcours guidé est terminé ; recommencez."), code="finished")
    try:
        run.path = flowgraph.choose(run.flow.definition, run.path, option)
    except (ValueError, KeyError):
        raise ActionError(_("Cette réponse n'est pas proposée ici."), field="option") from None
    run.outcome = _end_outcome(run.flow, run.path)
    run.updated_at = timezone.now()
    run.save(update_fields=["path", "outcome", "updated_at"])
    return run


@transaction.atomic
def do_go_back(run: FlowRun) -> FlowRun:
    run = FlowRun.objects.select_for_update().select_related("flow").get(pk=run.pk)
    run.path = flowgraph.back(run.path)
    run.outcome = FlowRun.Outcome.IN_PROGRESS
    run.updated_at = timezone.now()
    run.save(update_fields=["path", "outcome", "updated_at"])
    return run
