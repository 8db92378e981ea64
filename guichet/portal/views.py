"""Customer portal: list, open, read and answer one's tickets. See docs/portal.md."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from guichet.accounts.forms import add_action_error
from guichet.brands.models import Brand
from guichet.core.errors import ActionError
from guichet.knowledge.actions.analytics import FORM_FIELD, do_settle_suggestions_by_form
from guichet.people.models import Contact
from guichet.portal import queries
from guichet.portal.forms import ReplyForm, TicketForm, customer_error, read_files
from guichet.portal.guards import brand_for_host, customer_view
from guichet.tickets.actions import do_create_ticket
from guichet.tickets.message_actions import do_add_customer_message
from guichet.tickets.models import Status, Ticket

PAGE_SIZE = 25


def portal_root(request: HttpRequest) -> HttpResponse:
    """/portal/ on a brand's own host name goes to that brand's portal."""
    return redirect("portal:tickets", brand_for_host(request).slug)


@customer_view
def ticket_list(request: HttpRequest, brand: Brand, contact: Contact) -> HttpResponse:
    scope = queries.scope_for(request.GET.get("scope"), contact)
    state = queries.state_for(request.GET.get("state"))
    tickets = queries.portal_tickets(request.user, brand, contact, scope, state)
    page = Paginator(tickets, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"brand": brand, "contact": contact, "page": page, "scope": scope, "state": state,
               "nav": "tickets",
               "can_see_org": contact.is_org_admin and bool(contact.organisation_id)}  # fmt: skip
    return render(request, "portal/ticket_list.html", context)


@customer_view
@require_http_methods(["GET", "POST"])
def ticket_new(request: HttpRequest, brand: Brand, contact: Contact) -> HttpResponse:
    prefill = {key: request.GET.get(key, "")[:5000] for key in ("subject", "description")}
    form = TicketForm(brand, request.POST or None, request.FILES or None, initial=prefill)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            ticket = do_create_ticket(
                request.user, brand=brand, subject=data["subject"], body=data["description"],
                category=data.get("category"), attachments=read_files(data["attachments"]),
            )  # fmt: skip
        except ActionError as error:
            add_action_error(form, customer_error(error))
        else:
            # The articles suggested on this form did not answer it (docs/knowledge.md).
            do_settle_suggestions_by_form(request.POST.get(FORM_FIELD, ""), ticket)
            messages.success(request, _("Demande %(ref)s envoyée.") % {"ref": ticket.reference})
            return redirect("portal:ticket", brand.slug, ticket.reference)
    return render(request, "portal/ticket_new.html", {"brand": brand, "form": form, "nav": "new"})


@customer_view
def ticket_detail(
    request: HttpRequest, brand: Brand, contact: Contact, reference: str
) -> HttpResponse:
    ticket = queries.portal_ticket(request.user, brand, reference)
    return _detail(request, brand, ticket, ReplyForm())


@customer_view
@require_POST
def ticket_reply(
    request: HttpRequest, brand: Brand, contact: Contact, reference: str
) -> HttpResponse:
    ticket = queries.portal_ticket(request.user, brand, reference)
    form = ReplyForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            message = do_add_customer_message(
                request.user, ticket, body=form.cleaned_data["body"],
                attachments=read_files(form.cleaned_data["attachments"]),
            )  # fmt: skip
        except ActionError as error:
            add_action_error(form, customer_error(error))
        else:
            messages.success(request, _("Réponse envoyée."))
            url = reverse("portal:ticket", args=[brand.slug, ticket.reference])
            return redirect(f"{url}#message-{message.pk}")
    return _detail(request, brand, ticket, form, status=400)


def _detail(
    request: HttpRequest, brand: Brand, ticket: Ticket, form: ReplyForm, status: int = 200
) -> HttpResponse:
    context = {
        "brand": brand,
        "nav": "tickets",
        "ticket": ticket,
        "conversation": queries.public_conversation(request.user, ticket),
        "merged_into": queries.merged_into(request.user, ticket),
        "can_reply": ticket.status != Status.CLOSED,
        "form": form,
    }
    return render(request, "portal/ticket_detail.html", context, status=status)
