"""What every workspace view shares: the agent check, the shell context, safe redirects."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import prefetch_related_objects
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme

from guichet.core import access
from guichet.core.errors import ActionError
from guichet.workspace import queries


def agent_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Anonymous visitors go to the login page; signed-in customers get 403."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        agent = access.agent_of(request.user)
        if agent is None:
            raise PermissionDenied("The agent workspace is for agents.")
        # access.agent_brand_ids() reads agent.brands on every visibility check: load it once.
        prefetch_related_objects([agent], "brands")
        return view(request, *args, **kwargs)

    return wrapper


def is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def render_ws(
    request: HttpRequest, template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    """Render a full workspace page with what the shell needs (the notification bell)."""
    context.setdefault("unread_count", queries.unread_count(request.user))
    context.setdefault("agent", access.agent_of(request.user))
    return render(request, template, context, status=status)


def back(request: HttpRequest, fallback: str) -> HttpResponseRedirect:
    """Redirect to the `next` field when it is a local URL, else to `fallback`."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = fallback
    return HttpResponseRedirect(target)


def report_error(request: HttpRequest, error: ActionError) -> None:
    messages.error(request, error.message)
