"""Writes owned by the workspace: saved views, presence, and bulk changes through ticket actions.

Ticket changes themselves always go through guichet.tickets.actions. See docs/workspace.md.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from guichet.core import access
from guichet.core.errors import ActionError, NotAllowed
from guichet.tickets.actions import (
    do_assign_ticket,
    do_change_status,
    do_update_ticket,
    tag_names,
)
from guichet.tickets.models import Ticket
from guichet.workspace.filters import parse_spec, to_params
from guichet.workspace.models import Presence, SavedView

VIEW_NAME_MAX = 80
BULK_MAX = 100
BULK_OPERATIONS = ("assign", "status", "tag_add", "tag_remove")
PRESENCE_FORGET = dt.timedelta(minutes=10)


def require_agent(actor: Any) -> None:
    if access.agent_of(actor) is None:
        raise NotAllowed(_("L'espace de travail est réservé aux agents."))


# --- Saved views ------------------------------------------------------------


def check_view_name(name: Any) -> str:
    name = " ".join(str(name or "").split())[:VIEW_NAME_MAX]
    if not name:
        raise ActionError(_("Donnez un nom à la vue."), code="required", field="name")
    return name


@transaction.atomic
def do_save_view(actor: Any, *, name: str, filters: dict[str, Any]) -> SavedView:
    """Create or replace the actor's view called `name` with the normalised filters."""
    require_agent(actor)
    view, _created = SavedView.objects.update_or_create(
        owner=actor,
        name=check_view_name(name),
        defaults={"filters": to_params(parse_spec(filters))},
    )
    return view


@transaction.atomic
def do_delete_view(actor: Any, view: SavedView) -> None:
    if view.owner_id != getattr(actor, "pk", None):
        raise NotAllowed(_("Cette vue appartient à quelqu'un d'autre."))
    view.delete()


# --- Presence -----------------------------------------------------------------


def do_touch_presence(
    actor: Any, ticket: Ticket, state: str, *, now: dt.datetime | None = None
) -> None:
    """Record that `actor` has `ticket` open (viewing or replying), or left it ("gone")."""
    require_agent(actor)
    access.require_ticket(actor, ticket, "ticket.view")
    now = now or timezone.now()
    with transaction.atomic():
        if state not in Presence.State.values:
            Presence.objects.filter(ticket=ticket, user=actor).delete()
            return
        Presence.objects.update_or_create(
            ticket=ticket, user=actor, defaults={"state": state, "seen_at": now}
        )
        Presence.objects.filter(ticket=ticket, seen_at__lt=now - PRESENCE_FORGET).delete()


# --- Bulk changes -----------------------------------------------------------------


@dataclass
class BulkResult:
    done: list[Ticket] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (reference or id, reason)


def check_bulk(operation: str, ticket_ids: Iterable[Any]) -> list[int]:
    if operation not in BULK_OPERATIONS:
        raise ActionError(_("Action groupée inconnue."), field="operation")
    ids = sorted({int(i) for i in ticket_ids if str(i).isdigit()})
    if not ids:
        raise ActionError(_("Sélectionnez au moins un ticket."), code="required", field="tickets")
    if len(ids) > BULK_MAX:
        raise ActionError(
            _("Au plus %(max)s tickets à la fois.") % {"max": BULK_MAX}, field="tickets"
        )
    return ids


def _bulk_assignee(actor: Any, value: str) -> Any:
    if value == "me":
        return actor
    if value in ("", "none"):
        return None
    user = get_user_model().objects.filter(pk=int(value) if value.isdigit() else 0).first()
    if user is None:
        raise ActionError(_("Agent introuvable."), field="value")
    return user


def apply_one(actor: Any, ticket: Ticket, operation: str, value: Any) -> None:
    if operation == "assign":
        do_assign_ticket(actor, ticket, assignee=value)
    elif operation == "status":
        do_change_status(actor, ticket, value)
    elif operation == "tag_add":
        do_update_ticket(actor, ticket, tags=[*tag_names(ticket), value])
    else:
        do_update_ticket(actor, ticket, tags=[t for t in tag_names(ticket) if t != value])


def do_bulk_update(actor: Any, ticket_ids: Iterable[Any], operation: str, value: str) -> BulkResult:
    """Apply one change to many tickets, each in its own transaction; failures are reported
    per ticket and do not undo the others."""
    require_agent(actor)
    ids = check_bulk(operation, ticket_ids)
    target: Any = _bulk_assignee(actor, value) if operation == "assign" else value.strip()
    if operation != "assign" and not target:
        raise ActionError(_("Choisissez une valeur."), code="required", field="value")
    tickets = access.visible_tickets(actor).filter(pk__in=ids).prefetch_related("tags")
    result = BulkResult()
    found = set()
    for ticket in tickets.order_by("id"):
        found.add(ticket.pk)
        try:
            apply_one(actor, ticket, operation, target)
        except (ActionError, NotAllowed) as error:
            result.failed.append((ticket.reference, error.message))
        else:
            result.done.append(ticket)
    result.failed += [(f"#{pk}", _("Ticket introuvable.")) for pk in ids if pk not in found]
    return result


# --- Composer ---------------------------------------------------------------------


@transaction.atomic
def do_send_message(
    actor: Any,
    ticket: Ticket,
    *,
    kind: str,
    body: str,
    macro: Any = None,
    status: str = "",
) -> Any:
    """Send what the composer holds: a public reply or an internal note, optionally through a
    macro (whose field changes are applied) and followed by a status change.

    1. A macro whose kind matches the composer sends the (possibly edited) text and sets its
       fields through do_apply_macro.
    2. Otherwise the text goes out as a reply or note, and a macro only applies its fields.
    3. A requested status is applied last (a reply passes it to do_reply directly).
    """
    from guichet.tickets.message_actions import do_add_note, do_apply_macro, do_reply

    require_agent(actor)
    message = None
    if macro is not None and macro.kind == kind:
        message = do_apply_macro(actor, ticket, macro, body=body)
    elif kind == "reply":
        message = do_reply(actor, ticket, body=body, status=status or None)
        status = ""
    else:
        message = do_add_note(actor, ticket, body=body)
    if macro is not None and macro.kind != kind:
        do_apply_macro(actor, ticket, macro, body="")
    if status:
        ticket.refresh_from_db()
        if ticket.status != status:
            do_change_status(actor, ticket, status)
    return message
