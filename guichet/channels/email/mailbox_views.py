"""Mailbox settings pages for admins: list, create, edit, deactivate, test (docs/email.md#mailbox-settings)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from guichet.core.errors import ActionError
from guichet.workspace.views.common import agent_required, render_ws

from . import mailbox_actions as actions
from .mailbox_forms import MailboxForm
from .models import Mailbox


def _mailbox(request: HttpRequest, pk: int) -> Mailbox:
    """One of the admin's mailboxes; another brand's is as good as absent."""
    actions.check_can_manage_mailboxes(request.user)
    mailbox = actions.manageable_mailboxes(request.user).filter(pk=pk).first()
    if mailbox is None:
        raise Http404("No such mailbox")
    return mailbox


@agent_required
def mailbox_list(request: HttpRequest) -> HttpResponse:
    actions.check_can_manage_mailboxes(request.user)
    context = {"mailboxes": actions.manageable_mailboxes(request.user), "nav": "mailboxes"}
    return render_ws(request, "email_channel/mailboxes.html", context)


@agent_required
def mailbox_create(request: HttpRequest) -> HttpResponse:
    actions.check_can_manage_mailboxes(request.user)
    brands = actions.manageable_brands(request.user)
    form = MailboxForm(request.POST or None, brands=brands)
    if request.method == "POST" and form.is_valid():
        try:
            mailbox = actions.do_create_mailbox(
                request.user, form.cleaned_data["brand"], form.values()
            )
        except ActionError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, _("La boîte %s est créée.") % mailbox.address)
            return redirect("email_channel:mailboxes")
    return _form_page(request, form, None)


@agent_required
def mailbox_edit(request: HttpRequest, pk: int) -> HttpResponse:
    mailbox = _mailbox(request, pk)
    brands = actions.manageable_brands(request.user)
    form = MailboxForm(request.POST or None, instance=mailbox, brands=brands)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_update_mailbox(request.user, mailbox, form.values())
        except ActionError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, _("Les réglages de la boîte sont enregistrés."))
            return redirect("email_channel:mailboxes")
    return _form_page(request, form, mailbox)


def _form_page(request: HttpRequest, form: MailboxForm, mailbox: Mailbox | None) -> HttpResponse:
    status = 400 if form.is_bound and form.errors else 200
    context = {"form": form, "mailbox": mailbox, "nav": "mailboxes"}
    return render_ws(request, "email_channel/mailbox_form.html", context, status=status)


@agent_required
@require_POST
def mailbox_set_active(request: HttpRequest, pk: int) -> HttpResponse:
    mailbox = _mailbox(request, pk)
    active = request.POST.get("active") == "1"
    actions.do_set_mailbox_active(request.user, mailbox, active=active)
    if active:
        messages.success(request, _("La boîte %s est réactivée.") % mailbox.address)
    else:
        messages.success(request, _("La boîte %s est désactivée.") % mailbox.address)
    return redirect("email_channel:mailboxes")


@agent_required
@require_POST
def mailbox_test(request: HttpRequest, pk: int) -> HttpResponse:
    mailbox = _mailbox(request, pk)
    try:
        result = actions.check_mailbox_connection(request.user, mailbox)
    except ActionError as error:
        messages.error(request, error.message)
    else:
        (messages.success if result.ok else messages.error)(request, result.message)
    return redirect("email_channel:mailbox_edit", pk=mailbox.pk)
