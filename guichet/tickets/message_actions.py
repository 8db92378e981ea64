"""Messages on tickets: customer messages, public replies, internal notes, macros."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from guichet.audit.actions import record_event
from guichet.core import access
from guichet.core.errors import ActionError, NotAllowed
from guichet.core.sanitise import html_to_text, sanitise_html, text_to_html
from guichet.notifications.actions import do_notify_each
from guichet.people.models import Contact
from guichet.search.index import reindex_ticket_on_commit
from guichet.tickets import macros, workflow
from guichet.tickets.actions import apply_status, do_update_ticket, users_by_username
from guichet.tickets.mentions import mentioned_usernames
from guichet.tickets.models import Attachment, Macro, Message, Status, Ticket
from guichet.tickets.uploads import CheckedUpload, check_upload
from guichet.triage.hooks import triage_on_commit

BODY_MAX = 200_000


def store_attachment(
    message: Message, filename: str, content: bytes, *, inline: bool = False
) -> Attachment:
    attachment = new_attachment(message, check_attachment(filename, content), inline=inline)
    attachment.save()
    return attachment


def check_attachment(filename: str, content: bytes) -> CheckedUpload:
    """The file checked against the attachment limit (ActionError beyond it, or empty)."""
    return check_upload(filename, content, settings.ATTACHMENT_MAX_BYTES)


def new_attachment(message: Message, upload: CheckedUpload, *, inline: bool = False) -> Attachment:
    """The row of a checked file, its content stored; the row itself is not saved (several
    may be inserted together)."""
    attachment = Attachment(
        message=message, filename=upload.filename, content_type=upload.content_type,
        size=upload.size, sha256=upload.sha256, inline=inline,
    )  # fmt: skip
    attachment.file.save(upload.filename, ContentFile(upload.content), save=False)
    return attachment


def _bodies(body: str, body_html: str) -> tuple[str, str]:
    if len(body) > BODY_MAX or len(body_html) > BODY_MAX * 5:
        raise ActionError(_("Le message est trop long."), code="too_long", field="body")
    if body_html:
        clean = sanitise_html(body_html)
        return (body or html_to_text(clean)), clean
    return body, text_to_html(body)


def add_message(
    actor: Any,
    ticket: Ticket,
    *,
    kind: str,
    body: str = "",
    body_html: str = "",
    attachments: Sequence[tuple[str, bytes]] = (),
    author_contact: Contact | None = None,
    channel: str | None = None,
    external_id: str = "",
    at: dt.datetime | None = None,
) -> Message:
    """Store a message; callers have checked permission and hold a transaction."""
    message = new_message(
        actor, ticket, kind=kind, body=body, body_html=body_html, with_files=bool(attachments),
        author_contact=author_contact, channel=channel, external_id=external_id, at=at,
    )  # fmt: skip
    message.save(force_insert=True)
    for filename, content in attachments:
        store_attachment(message, filename, content)
    message_added(message)
    return message


def new_message(
    actor: Any,
    ticket: Ticket,
    *,
    kind: str,
    body: str = "",
    body_html: str = "",
    with_files: bool = False,
    author_contact: Contact | None = None,
    channel: str | None = None,
    external_id: str = "",
    at: dt.datetime | None = None,
) -> Message:
    """The message `add_message` stores, checked but not saved (several may be inserted
    together; `message_added` then follows each). `with_files`: attachments come with it,
    so it may have no text."""
    text, html = _bodies(body or "", body_html or "")
    if not (text.strip() or with_files):
        raise ActionError(_("Le message est vide."), code="required", field="body")
    user = actor if getattr(actor, "is_authenticated", False) and kind != "customer" else None
    return Message(
        ticket=ticket, kind=kind, channel=channel or ticket.channel, author_user=user,
        author_contact=author_contact, body_text=text, body_html=html,
        external_id=external_id, created_at=at or timezone.now(),
    )  # fmt: skip


def message_added(message: Message) -> None:
    """What follows a stored message: search indexing and, for a customer's, triage (both
    once the transaction commits)."""
    reindex_ticket_on_commit(message.ticket_id)
    if message.kind == Message.Kind.CUSTOMER:  # new tickets (every channel) and customer replies
        triage_on_commit(message.ticket_id, message.pk)


@transaction.atomic
def do_add_customer_message(
    actor: Any,
    ticket: Ticket,
    *,
    body: str = "",
    body_html: str = "",
    attachments: Sequence[tuple[str, bytes]] = (),
    author_contact: Contact | None = None,
    channel: str | None = None,
    at: dt.datetime | None = None,
) -> Message:
    """A customer writes on their ticket (portal, API, or an agent logging a phone call)."""
    access.require_ticket(actor, ticket, "ticket.reply")
    contact = access.contact_of(actor)
    if contact is not None:
        author_contact = contact
    elif author_contact is None:
        author_contact = ticket.requester
    ticket = Ticket.objects.select_for_update().get(pk=ticket.pk)
    if ticket.status == Status.CLOSED:
        raise ActionError(
            _("Ce ticket est fermé ; ouvrez plutôt une nouvelle demande."), code="closed"
        )
    now = at or timezone.now()
    message = add_message(
        actor,
        ticket,
        kind="customer",
        body=body,
        body_html=body_html,
        attachments=attachments,
        author_contact=author_contact,
        channel=channel,
        at=now,
    )
    new_status = workflow.status_after_customer_message(ticket.status)
    if new_status != ticket.status:
        if ticket.status == Status.SOLVED:
            ticket.reopen_count += 1
            ticket.solved_at = None
        record_event(
            actor,
            "ticket_updated",
            ticket,
            ticket=ticket,
            at=now,
            changes=[{"field": "status", "old": ticket.status, "new": new_status}],
        )
        ticket.status = new_status
    ticket.updated_at = now
    ticket.save()
    record_event(actor, "customer_replied", message, ticket=ticket, at=now)
    if ticket.assignee_id:
        notify_customer_replied(ticket)
    return message


def notify_customer_replied(ticket: Ticket) -> None:
    """Tell the assignee, in their language, that the customer answered (any channel)."""
    do_notify_each(
        [ticket.assignee],
        "customer_replied",
        lambda: _("%(reference)s : nouvelle réponse du client") % {"reference": ticket.reference},
        ticket=ticket,
    )


@transaction.atomic
def do_reply(
    actor: Any,
    ticket: Ticket,
    *,
    body: str = "",
    body_html: str = "",
    attachments: Sequence[tuple[str, bytes]] = (),
    status: str | None = None,
    at: dt.datetime | None = None,
) -> Message:
    """A public reply from an agent; optionally sets the status in the same step.

    A first reply opens a new ticket as part of replying (no update right needed); a status
    asked for explicitly goes through do_update_ticket and its permission.
    """
    if access.agent_of(actor) is None:
        raise NotAllowed(_("Seuls les agents envoient des réponses publiques."))
    access.require_ticket(actor, ticket, "ticket.reply")
    ticket = Ticket.objects.select_for_update().get(pk=ticket.pk)
    if ticket.status == Status.CLOSED:
        raise ActionError(_("Ce ticket est fermé."), code="closed")
    now = at or timezone.now()
    message = add_message(
        actor, ticket, kind="reply", body=body, body_html=body_html, attachments=attachments, at=now
    )
    if ticket.first_reply_at is None:
        ticket.first_reply_at = now
        ticket.save(update_fields=["first_reply_at"])
    new_status = workflow.status_after_agent_reply(ticket.status, status)
    record_event(actor, "reply_sent", message, ticket=ticket, at=now)
    _send_reply_by_email(message, ticket)
    if new_status != ticket.status and status is not None:
        do_update_ticket(actor, ticket, status=new_status, at=now)
    elif new_status != ticket.status:
        old_status = ticket.status
        apply_status(ticket, new_status, now)
        ticket.updated_at = now
        ticket.save(update_fields=["status", "updated_at"])
        change = {"field": "status", "old": old_status, "new": new_status}
        record_event(actor, "ticket_updated", ticket, ticket=ticket, at=now, changes=[change])
    else:
        Ticket.objects.filter(pk=ticket.pk).update(updated_at=now)
    return message


def _send_reply_by_email(message: Message, ticket: Ticket) -> None:
    """Customers who wrote by email or on the portal get the reply by email too."""
    from guichet.channels.email.outbound import enqueue_reply_email

    message.ticket = ticket
    enqueue_reply_email(message, any_channel=ticket.channel == "portal")


@transaction.atomic
def do_add_note(
    actor: Any,
    ticket: Ticket,
    *,
    body: str = "",
    body_html: str = "",
    attachments: Sequence[tuple[str, bytes]] = (),
    at: dt.datetime | None = None,
) -> Message:
    """An internal note; @username mentions notify those agents."""
    if access.agent_of(actor) is None:
        raise NotAllowed(_("Seuls les agents écrivent des notes internes."))
    access.require_ticket(actor, ticket, "ticket.note")
    now = at or timezone.now()
    message = add_message(
        actor, ticket, kind="note", body=body, body_html=body_html, attachments=attachments, at=now
    )
    mentioned = [
        user
        for user in users_by_username(mentioned_usernames(message.body_text))
        if access.can_view_ticket(user, ticket)
    ]
    if mentioned:
        message.mentions.set(mentioned)
    do_notify_each(
        [user for user in mentioned if user.pk != actor.pk],
        "mentioned",
        lambda: (
            _("%(username)s vous a mentionné sur %(reference)s")
            % {"username": actor.get_username(), "reference": ticket.reference}
        ),
        ticket=ticket,
    )
    Ticket.objects.filter(pk=ticket.pk).update(updated_at=now)
    record_event(
        actor,
        "note_added",
        message,
        ticket=ticket,
        at=now,
        data={"mentions": [u.pk for u in mentioned]},
    )
    return message


def macro_values(actor: Any, ticket: Ticket) -> dict[str, str]:
    requester = ticket.requester
    return {
        "ticket.reference": ticket.reference,
        "ticket.subject": ticket.subject,
        "ticket.status": ticket.status,
        "requester.name": requester.name,
        "requester.first_name": requester.name.split(" ")[0],
        "organisation.name": ticket.organisation.name if ticket.organisation else "",
        "agent.name": actor.get_full_name() or actor.get_username(),
        "agent.first_name": actor.first_name or actor.get_username(),
        "brand.name": ticket.brand.name,
    }


def visible_macros(actor: Any, ticket: Ticket):  # type: ignore[no-untyped-def]
    from django.db.models import Q

    return Macro.objects.filter(Q(brand__isnull=True) | Q(brand=ticket.brand)).filter(
        Q(owner__isnull=True) | Q(owner=actor)
    )


def render_macro(actor: Any, ticket: Ticket, macro: Macro) -> str:
    access.require_ticket(actor, ticket, "ticket.view")
    access.require(actor, "macro.use")
    if not visible_macros(actor, ticket).filter(pk=macro.pk).exists():
        raise NotAllowed(_("Cette macro n'est pas disponible sur ce ticket."))
    return macros.render(macro.body, macro_values(actor, ticket))


@transaction.atomic
def do_apply_macro(
    actor: Any, ticket: Ticket, macro: Macro, *, body: str | None = None
) -> Message | None:
    """Send the macro's text (or the agent's edited `body`) and apply its field changes."""
    text = render_macro(actor, ticket, macro) if body is None else body
    message = None
    if text.strip():
        if macro.kind == "note":
            message = do_add_note(actor, ticket, body=text)
        else:
            message = do_reply(actor, ticket, body=text)
    fields = macro_field_changes(ticket, macro)
    if fields:
        do_update_ticket(actor, ticket, **fields)
    record_event(actor, "macro_applied", ticket, ticket=ticket, data={"macro": macro.pk})
    return message


def macro_field_changes(ticket: Ticket, macro: Macro) -> dict[str, Any]:
    from django.contrib.auth import get_user_model

    from guichet.people.models import Team

    wanted = dict(macro.set_fields)
    changes: dict[str, Any] = {
        k: wanted[k] for k in ("status", "priority", "type", "tier") if k in wanted
    }
    if "team" in wanted:
        changes["team"] = _named(Team.objects.filter(slug=wanted["team"]), wanted["team"])
    if "assignee" in wanted:
        users = get_user_model().objects.filter(username=wanted["assignee"])
        changes["assignee"] = _named(users, wanted["assignee"])
    if "tags_add" in wanted or "tags_remove" in wanted:
        current = {t.name for t in ticket.tags.all()}
        current |= set(wanted.get("tags_add", []))
        current -= set(wanted.get("tags_remove", []))
        changes["tags"] = sorted(current)
    return changes


def _named(queryset: Any, name: Any) -> Any:
    """The object a macro names (None clears the field); a name that is gone is an error,
    not a silent unassignment."""
    if name is None:
        return None
    found = queryset.first()
    if found is None:
        raise ActionError(
            _("La macro désigne « %(name)s », qui n'existe pas.") % {"name": name},
            field="set_fields",
        )
    return found
