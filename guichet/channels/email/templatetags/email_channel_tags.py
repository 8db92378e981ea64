"""`{% email_info message %}`: a ticket message's email side (original link, delivery state).

For the workspace timeline: `{% load email_channel_tags %}{% email_info m %}` inside a message.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse

from guichet.channels.email.models import InboundEmail, OutboundEmail

register = template.Library()


@register.inclusion_tag("email_channel/partials/message_email.html")
def email_info(message: Any) -> dict[str, Any]:
    original_url = ""
    is_email = message.kind == "customer" and message.channel == "email"
    if is_email and InboundEmail.objects.filter(ticket_message_id=message.pk).exists():
        original_url = reverse("email_channel:original", args=[message.pk])
    outbound = list(OutboundEmail.objects.filter(ticket_message_id=message.pk).order_by("pk"))
    if message.kind == "customer":
        outbound += list(
            OutboundEmail.objects.filter(
                ticket_id=message.ticket_id,
                kind=OutboundEmail.Kind.ACKNOWLEDGEMENT,
                in_reply_to=message.external_id,
            ).exclude(in_reply_to="")
        )
    return {"info": {"original_url": original_url, "outbound": outbound}}
