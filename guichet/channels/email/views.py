"""Email views: the inbound webhook, the quarantine, a message's original (docs/email.md#views)."""

from __future__ import annotations

import os

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from guichet.core.errors import ActionError
from guichet.workspace.views.common import agent_required, render_ws

from . import actions, display, intake, queries, webhook
from .errors import MessageRejected
from .models import InboundEmail, Mailbox
from .parse import parse_message

PAGE_SIZE = 50
QUEUE_STATUSES = (InboundEmail.Status.QUARANTINED, InboundEmail.Status.HELD)


@csrf_exempt
@require_POST
def inbound_webhook(request: HttpRequest, mailbox_id: int) -> HttpResponse:
    """A provider delivers one raw message; answered 202 once it is stored."""
    mailbox = Mailbox.objects.filter(pk=mailbox_id, active=True).first()
    if mailbox is None or not mailbox.webhook_secret_env:
        raise Http404("No such mailbox")
    body = request.read(mailbox.max_bytes + 1)
    if len(body) > mailbox.max_bytes:
        # Unverifiable without reading it all: refused like SMTP's 552, the provider keeps it.
        return JsonResponse({"error": "message too large"}, status=413)
    secret = os.environ.get(mailbox.webhook_secret_env, "")
    verdict = webhook.verify(
        secret,
        body,
        request.headers.get(webhook.TIMESTAMP_HEADER),
        request.headers.get(webhook.SIGNATURE_HEADER),
    )
    if not verdict.ok:
        return JsonResponse({"error": verdict.reason}, status=403)
    inbound, created = intake.store(mailbox, body, via=InboundEmail.Via.WEBHOOK)
    return JsonResponse({"id": inbound.pk, "duplicate": not created}, status=202)


def _inbound(request: HttpRequest, pk: int) -> InboundEmail:
    inbound = get_object_or_404(
        InboundEmail.objects.select_related("mailbox__brand", "ticket"), pk=pk
    )
    if not queries.can_read_inbound(request.user, inbound):
        raise PermissionDenied("You cannot read this message.")
    return inbound


@agent_required
def quarantine(request: HttpRequest) -> HttpResponse:
    actions.check_can_manage_mail(request.user)
    status = request.GET.get("status", "")
    rows = queries.manageable_inbound(request.user).filter(
        status__in=[status] if status in QUEUE_STATUSES else QUEUE_STATUSES
    )
    mailbox_id = request.GET.get("mailbox", "")
    if mailbox_id.isdigit():
        rows = rows.filter(mailbox_id=int(mailbox_id))
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render_ws(
        request,
        "email_channel/quarantine.html",
        {"page": page, "status": status, "mailbox": mailbox_id, "nav": "mail"},
    )


@agent_required
def inbound_detail(request: HttpRequest, pk: int) -> HttpResponse:
    inbound = _inbound(request, pk)
    parsed, refused = None, ""
    try:
        parsed = parse_message(
            inbound.raw_bytes, max_bytes=max(inbound.size, inbound.mailbox.max_bytes)
        )
    except MessageRejected as error:
        refused = error.reason
    context = {
        "inbound": inbound,
        "parsed": parsed,
        "refused": refused,
        "can_manage": queries.manageable_inbound(request.user).filter(pk=inbound.pk).exists(),
        "remote_images": parsed is not None and display.email_html(parsed, load_images=True)[1],
        "load_images": request.GET.get("images") == "1",
        "nav": "mail",
    }
    return render_ws(request, "email_channel/inbound.html", context)


@agent_required
@xframe_options_sameorigin
def inbound_html(request: HttpRequest, pk: int) -> HttpResponse:
    """The message's HTML, for the sandboxed iframe of the detail page only."""
    inbound = _inbound(request, pk)
    load_images = request.GET.get("images") == "1"
    try:
        parsed = parse_message(
            inbound.raw_bytes, max_bytes=max(inbound.size, inbound.mailbox.max_bytes)
        )
        body, _remote = display.email_html(parsed, load_images=load_images)
    except MessageRejected:
        body = ""
    page = render_to_string("email_channel/frame.html", {"body": mark_safe(body)})  # noqa: S308
    response = HttpResponse(page, content_type="text/html; charset=utf-8")
    response["Content-Security-Policy"] = display.csp(load_images)
    response["Referrer-Policy"] = "no-referrer"
    response["Cache-Control"] = "private, no-store"
    return response


@agent_required
def inbound_raw(request: HttpRequest, pk: int) -> HttpResponse:
    inbound = _inbound(request, pk)
    response = HttpResponse(inbound.raw_bytes, content_type="message/rfc822")
    response["Content-Disposition"] = f'attachment; filename="message-{inbound.pk}.eml"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@agent_required
def message_original(request: HttpRequest, message_pk: int) -> HttpResponse:
    """From a ticket message to the email it came from."""
    inbound = queries.inbound_of_message(message_pk)
    if inbound is None:
        raise Http404("This message did not come by email.")
    _inbound(request, inbound.pk)
    return redirect("email_channel:inbound", pk=inbound.pk)


@agent_required
@require_POST
def inbound_retry(request: HttpRequest, pk: int) -> HttpResponse:
    inbound = _inbound(request, pk)
    try:
        actions.do_retry_inbound(request.user, inbound)
        messages.success(request, _("Le message est de nouveau en file de traitement."))
    except ActionError as error:
        messages.error(request, error.message)
    return redirect("email_channel:inbound", pk=inbound.pk)


@agent_required
@require_POST
def inbound_release(request: HttpRequest, pk: int) -> HttpResponse:
    inbound = _inbound(request, pk)
    try:
        actions.do_release_inbound(request.user, inbound, mode=request.POST.get("mode", ""))
        messages.success(request, _("Le message est libéré et va être traité."))
    except ActionError as error:
        messages.error(request, error.message)
    return redirect("email_channel:inbound", pk=inbound.pk)
