"""Guided flows in the help centre: one question per page, an answer per button.

See docs/knowledge.md ("Guided flows"). A run starts when the first question is shown (so that
a visitor who leaves without answering counts as dropped there) and is reused while the visitor
stays at the start; its token is in the URL of the later steps and tied to the visitor.
"""

from __future__ import annotations

from contextlib import suppress
from typing import Any
from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from guichet.core.errors import ActionError
from guichet.knowledge import flowgraph
from guichet.knowledge.actions.flows import do_choose, do_go_back, do_start_run
from guichet.knowledge.crawlers import is_crawler
from guichet.knowledge.models import Flow, FlowRun
from guichet.knowledge.paths import article_path, flow_path, ticket_form_path
from guichet.knowledge.permissions import published_articles
from guichet.knowledge.views.common import Help, help_page, permanent_redirect, visitor_id


def _flow(help: Help, pk: int) -> Flow:
    return get_object_or_404(
        Flow, pk=pk, brand=help.brand, language=help.language, state=Flow.State.PUBLISHED
    )


def _run_url(help: Help, flow: Flow, run: FlowRun) -> str:
    return reverse("help:flow-run", args=[help.brand.slug, help.language, flow.pk, flow.slug,
                                          run.token])  # fmt: skip


def _option(request: HttpRequest) -> int:
    try:
        return int(request.POST.get("option", ""))
    except ValueError:
        return -1


@require_http_methods(["GET"])
@help_page
def flow_start(request: HttpRequest, help: Help, pk: int, slug: str) -> HttpResponse:
    flow = _flow(help, pk)
    canonical = flow_path(help.brand, flow)
    if request.path != canonical:  # the flow was renamed
        return permanent_redirect(request, canonical)
    if not is_crawler(request.headers.get("User-Agent", "")):  # runs count people
        do_start_run(flow, visitor=visitor_id(request), contact=help.contact)
    path = flowgraph.start_path(flow.definition)
    # The first question keeps its token-free URL (indexable, the same for everyone): the
    # answer goes to flow_begin, which continues the visitor's run at the start.
    context = _context(help, flow, None, path)
    context["canonical"] = request.build_absolute_uri(canonical)
    return render(request, "knowledge/help/flow.html", context)


@require_POST
@help_page
def flow_begin(request: HttpRequest, help: Help, pk: int, slug: str) -> HttpResponse:
    flow = _flow(help, pk)
    run = do_start_run(flow, visitor=visitor_id(request), contact=help.contact)
    with suppress(ActionError):  # an answer that is not offered: show the question again
        run = do_choose(run, _option(request))
    return HttpResponseRedirect(_run_url(help, flow, run))


@require_http_methods(["GET", "POST"])
@help_page
def flow_run(request: HttpRequest, help: Help, pk: int, slug: str, token: str) -> HttpResponse:
    flow = _flow(help, pk)
    run = FlowRun.objects.filter(flow=flow, token=token).first()
    if run is None or run.visitor != visitor_id(request, create=False):
        raise Http404
    if request.method == "GET" and slug != flow.slug:  # renamed while the visitor walked it
        return permanent_redirect(request, _run_url(help, flow, run))
    if not flowgraph.is_valid_path(flow.definition, run.path):  # the flow was edited since
        return HttpResponseRedirect(reverse("help:flow", args=[help.brand.slug, help.language,
                                                               flow.pk, flow.slug]))  # fmt: skip
    if request.method == "POST":
        with suppress(ActionError):
            run = do_go_back(run) if "back" in request.POST else do_choose(run, _option(request))
        return HttpResponseRedirect(_run_url(help, flow, run))
    return render(request, "knowledge/help/flow.html", _context(help, flow, run, run.path))


def _context(help: Help, flow: Flow, run: FlowRun | None, path: list[list[Any]]) -> dict[str, Any]:
    step_id, step = flowgraph.current_step(flow.definition, path)
    lines = flowgraph.path_lines(flow.definition, path)
    context: dict[str, Any] = {
        "help": help, "flow": flow, "run": run, "step": step, "step_id": step_id,
        "answers": lines, "options": list(enumerate(step.get("options") or [])),
        "end": step.get("end") or "",
    }  # fmt: skip
    if context["end"] == "article":
        article = (
            published_articles(help.brand, help.audience)
            .filter(pk=int(step.get("article") or 0))
            .first()
        )
        context["article"] = article  # None: not readable by this visitor, offer contact instead
        if article is not None:
            context["article_url"] = article_path(help.brand, article) + "?from=flow"
    context["ticket_url"] = _ticket_url(help, flow, step, lines)
    return context


def _ticket_url(help: Help, flow: Flow, step: dict[str, Any], lines: list[str]) -> str:
    """The portal's ticket form, prefilled with the flow's subject and the path taken."""
    subject = (step.get("subject") or flow.title)[:200]
    description = "\n".join(
        [_("Parcours guidé « %(title)s » :") % {"title": flow.title},
         *(f"- {line}" for line in lines), "", _("Précisions :"), ""]
    )  # fmt: skip
    return ticket_form_path(help.brand) + "?" + urlencode({"subject": subject,
                                                           "description": description})  # fmt: skip
