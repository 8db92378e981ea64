"""The email side of ticket messages (original link, delivery state) for the workspace timeline.

`attach_email_info(messages)` loads it for a whole ticket in two queries and sets
`message.email_info`; the template shows it with
`{% include "email_channel/partials/message_email.html" with info=m.email_info %}`.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django import template
from django.urls import reverse

from guichet.channels.email.models import InboundEmail, OutboundEmail

register = template.Library()


def attach_email_info(messages: list[Any]) -> None:
    if not messages:
        return
    ticket_id = messages[0].ticket_id
    ids = [m.pk for m in messages]
    originals = set(
        InboundEmail.objects.filter(ticket_message_id__in=ids).values_list(
            "ticket_message_id", flat=True
        )
    )
    by_message: dict[int, list[Any]] = defaultdict(list)
    acks: dict[str, list[Any]] = defaultdict(list)
    for row in OutboundEmail.objects.filter(ticket_id=ticket_id).order_by("pk"):
        if row.ticket_message_id:
            by_message[row.ticket_message_id].append(row)
        elif row.kind == OutboundEmail.Kind.ACKNOWLEDGEMENT and row.in_reply_to:
            acks[row.in_reply_to].append(row)
    for message in messages:
        original = message.pk in originals and message.kind == "customer"
        sent = list(by_message.get(message.pk, []))
        if message.kind == "customer" and message.external_id:
            sent += acks.get(message.external_id, [])
        message.email_info = {
            "original_url": reverse("email_channel:original", args=[message.pk])
            if original
            else "",
            "outbound": sent,
        }


@register.inclusion_tag("email_channel/partials/message_email.html")
def email_info(message: Any) -> dict[str, Any]:
    """For a single message outside the timeline (prefer attach_email_info for lists)."""
    if not hasattr(message, "email_info"):
        attach_email_info([message])
    return {"info": message.email_info}
