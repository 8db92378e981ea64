"""Side-panel actions of the ticket page: properties, escalation, merges, time, attachments.

Each view parses a form, calls one action and redirects back to the ticket (POST/redirect/GET).
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from guichet.core.errors import ActionError
from guichet.people.actions import do_merge_contacts
from guichet.tickets.actions import do_escalate_ticket, do_log_time, do_update_ticket
from guichet.tickets.merge_actions import do_merge_tickets
from guichet.workspace import queries
from guichet.workspace.forms import (
    EscalateForm,
    MergeContactForm,
    MergeTicketForm,
    PropertiesForm,
    TimeForm,
)
from guichet.workspace.views.common import agent_required, report_error


def _to_ticket(pk: int) -> HttpResponseRedirect:
    return HttpResponseRedirect(reverse("workspace:ticket", args=[pk]))


def _form_errors(request: HttpRequest, form) -> None:  # type: ignore[no-untyped-def]
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(request, f"{label} : {error}" if label else error)


@agent_required
@require_POST
def update(request: HttpRequest, pk: int) -> HttpResponse:
    ticket = queries.ticket_for_agent(request.user, pk)
    agents = queries.assignable_agents(ticket)
    teams = queries.teams_for(ticket)
    fields = [definition for definition, _value in queries.custom_field_rows(ticket)]
    form = PropertiesForm(request.POST, ticket=ticket, agents=agents, teams=teams, fields=fields)
    if not form.is_valid():
        _form_errors(request, form)
        return _to_ticket(pk)
    changes = form.changes({str(u.pk): u for u in agents}, {str(t.pk): t for t in teams})
    if not changes:
        messages.info(request, _("Aucune modification."))
        return _to_ticket(pk)
    try:
        do_update_ticket(request.user, ticket, **changes)
    except ActionError as error:
        report_error(request, error)
    else:
        messages.success(request, _("Ticket mis à jour."))
    return _to_ticket(pk)


@agent_required
@require_POST
def escalate(request: HttpRequest, pk: int) -> HttpResponse:
    ticket = queries.ticket_for_agent(request.user, pk)
    form = EscalateForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return _to_ticket(pk)
    team = None
    if form.cleaned_data["team"]:
        team = next(
            (t for t in queries.teams_for(ticket) if t.pk == form.cleaned_data["team"]), None
        )
    try:
        do_escalate_ticket(
            request.user,
            ticket,
            tier=form.cleaned_data["tier"],
            reason=form.cleaned_data["reason"],
            team=team,
        )
    except ActionError as error:
        report_error(request, error)
    else:
        messages.success(
            request, _("Ticket escaladé en N%(tier)s.") % {"tier": form.cleaned_data["tier"]}
        )
    return _to_ticket(pk)


@agent_required
@require_POST
def merge(request: HttpRequest, pk: int) -> HttpResponse:
    ticket = queries.ticket_for_agent(request.user, pk)
    form = MergeTicketForm(request.POST)
    target = (
        queries.find_ticket(request.user, form.data.get("target", "")) if form.is_valid() else None
    )
    if target is None:
        messages.error(request, _("Ticket cible introuvable."))
        return _to_ticket(pk)
    try:
        do_merge_tickets(request.user, ticket, target)
    except ActionError as error:
        report_error(request, error)
        return _to_ticket(pk)
    messages.success(
        request,
        _("%(source)s a été fusionné dans %(target)s.")
        % {"source": ticket.reference, "target": target.reference},
    )
    return _to_ticket(target.pk)


@agent_required
@require_POST
def merge_contact(request: HttpRequest, pk: int) -> HttpResponse:
    ticket = queries.ticket_for_agent(request.user, pk)
    form = MergeContactForm(request.POST)
    target = (
        queries.find_contact(request.user, ticket, form.cleaned_data["target"])
        if form.is_valid()
        else None
    )
    if target is None:
        messages.error(request, _("Contact cible introuvable."))
        return _to_ticket(pk)
    source = ticket.requester
    try:
        do_merge_contacts(request.user, source, target)
    except ActionError as error:
        report_error(request, error)
    else:
        messages.success(
            request,
            _("%(source)s a été fusionné dans %(target)s.")
            % {"source": source.name, "target": target.name},
        )
    return _to_ticket(pk)


@agent_required
@require_POST
def log_time(request: HttpRequest, pk: int) -> HttpResponse:
    ticket = queries.ticket_for_agent(request.user, pk)
    form = TimeForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return _to_ticket(pk)
    try:
        do_log_time(
            request.user,
            ticket,
            seconds=form.cleaned_data["minutes"] * 60,
            note=form.cleaned_data["note"],
        )
    except ActionError as error:
        report_error(request, error)
    else:
        messages.success(request, _("Temps enregistré."))
    return _to_ticket(pk)
