"""The ticket page: timeline, composer (reply, note, macros) and the stale-reply guard."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from guichet.channels.email.templatetags.email_channel_tags import attach_email_info
from guichet.core import access
from guichet.core.errors import ActionError
from guichet.tickets.message_actions import render_macro
from guichet.tickets.models import Ticket
from guichet.workspace import actions, queries
from guichet.workspace.forms import (
    ComposerForm,
    EscalateForm,
    MergeContactForm,
    MergeTicketForm,
    PropertiesForm,
    TimeForm,
)
from guichet.workspace.labels import describe_macro_fields
from guichet.workspace.timeline import build_timeline
from guichet.workspace.views.common import agent_required, render_ws


def ticket_context(request: HttpRequest, ticket: Ticket, **extra: Any) -> dict[str, Any]:
    """Everything the ticket page shows; a fixed number of queries whatever the ticket's size."""
    user = request.user
    messages_ = queries.ticket_messages(user, ticket)
    attach_email_info(messages_)
    events = queries.ticket_events(ticket)
    seen_id = max((m.pk for m in messages_), default=0)
    agents = queries.assignable_agents(ticket)
    teams = queries.teams_for(ticket)
    fields = [definition for definition, _value in queries.custom_field_rows(ticket)]
    context = {
        "ticket": ticket,
        "timeline": build_timeline(
            messages_, events, queries.names_for(events), extra.pop("highlight_after", 0)
        ),
        "seen_id": seen_id,
        "composer": extra.pop("composer", None) or ComposerForm(initial={"kind": "reply"}),
        "macros": queries.macros_for(user, ticket),
        "properties": extra.pop("properties", None)
        or PropertiesForm(ticket=ticket, agents=agents, teams=teams, fields=fields),
        "escalate_form": EscalateForm(),
        "escalation_tiers": [n for n in (2, 3, 4) if n > ticket.tier],
        "teams": teams,
        "time_form": TimeForm(),
        "merge_form": MergeTicketForm(),
        "contact_merge_form": MergeContactForm(),
        "panel": queries.customer_panel(user, ticket),
        "presence": queries.active_presence(ticket, user),
        "can": {
            name: access.has_perm(user, "ticket." + name)
            for name in ("update", "assign", "reply", "merge", "escalate", "log_time")
        }
        | {"merge_contacts": access.has_perm(user, "contact.merge")},
        "nav": "queue",
    }
    context.update(extra)
    return context


@agent_required
@require_GET
def ticket_page(request: HttpRequest, pk: int) -> HttpResponse:
    ticket = queries.ticket_for_agent(request.user, pk)
    return render_ws(request, "workspace/ticket.html", ticket_context(request, ticket))


@agent_required
@require_POST
def send(request: HttpRequest, pk: int) -> HttpResponse:
    """Send a reply or note. A reply written on a stale view is held back until confirmed."""
    ticket = queries.ticket_for_agent(request.user, pk)
    form = ComposerForm(request.POST)
    if not form.is_valid():
        context = ticket_context(request, ticket, composer=form)
        return render_ws(request, "workspace/ticket.html", context, status=400)
    data = form.cleaned_data
    if is_stale(request, ticket, data):
        return stale_reply(request, ticket, form, data["seen"])
    macro = queries.macro_for(request.user, ticket, data["macro"]) if data["macro"] else None
    try:
        actions.do_send_message(
            request.user,
            ticket,
            kind=data["kind"],
            body=data["body"],
            macro=macro,
            status=data["status"],
        )
    except ActionError as error:
        form.add_error(None, error.message)
        context = ticket_context(request, ticket, composer=form)
        return render_ws(request, "workspace/ticket.html", context, status=400)
    sent = _("Réponse envoyée.") if data["kind"] == "reply" else _("Note ajoutée.")
    messages.success(request, sent)
    return HttpResponseRedirect(reverse("workspace:ticket", args=[ticket.pk]))


def is_stale(request: HttpRequest, ticket: Ticket, data: dict[str, Any]) -> bool:
    """A reply is stale when public messages arrived after the last one the agent saw (the
    form says which) and the agent has not confirmed sending anyway."""
    if data["kind"] != "reply" or data["seen"] is None or data["confirm_stale"]:
        return False
    return bool(queries.newer_public_messages(request.user, ticket, data["seen"]))


def stale_reply(
    request: HttpRequest, ticket: Ticket, form: ComposerForm, seen: int
) -> HttpResponse:
    """Show the messages that arrived since the agent loaded the page, keep the draft, and ask
    for confirmation (status 409 Conflict)."""
    draft = ComposerForm(
        initial={
            "kind": "reply",
            "body": form.cleaned_data["body"],
            "macro": form.cleaned_data["macro"],
            "status": form.cleaned_data["status"],
        }
    )
    context = ticket_context(
        request,
        ticket,
        composer=draft,
        stale=True,
        highlight_after=seen,
        macro_selected=form.cleaned_data["macro"],
    )
    return render_ws(request, "workspace/ticket.html", context, status=409)


@agent_required
@require_GET
def macro_fill(request: HttpRequest, pk: int) -> HttpResponse:
    """htmx: the composer filled with a macro's rendered text (nothing is sent yet)."""
    ticket = queries.ticket_for_agent(request.user, pk)
    macro_id = request.GET.get("macro", "")
    if not macro_id.isdigit():
        return HttpResponse(status=204)  # "no macro": leave the agent's text as it is
    macro = queries.macro_for(request.user, ticket, int(macro_id))
    initial = {
        "kind": macro.kind,
        "body": render_macro(request.user, ticket, macro),
        "macro": macro.pk,
    }
    context = {
        "ticket": ticket,
        "composer": ComposerForm(initial=initial),
        "macro": macro,
        "macro_selected": macro.pk,
        "macro_changes": describe_macro_fields(macro.set_fields),
        "macros": queries.macros_for(request.user, ticket),
    }
    return render(request, "workspace/partials/composer_body.html", context)
