"""Merging and linking tickets."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from guichet.audit.actions import record_event
from guichet.core import access
from guichet.core.errors import ActionError
from guichet.search.index import reindex_ticket_on_commit
from guichet.tickets.actions import add_participant
from guichet.tickets.models import Message, Status, Ticket, TicketLink


@transaction.atomic
def do_merge_tickets(actor: Any, source: Ticket, target: Ticket) -> Ticket:
    """Fold `source` into `target`: its messages move over, it is closed and points at target.

    Nothing is deleted; the source keeps its reference so old links and emails still resolve.
    """
    access.require_ticket(actor, source, "ticket.merge")
    access.require_ticket(actor, target, "ticket.merge")
    source = Ticket.objects.select_for_update().get(pk=source.pk)
    target = Ticket.objects.select_for_update().get(pk=target.pk)
    if source.pk == target.pk:
        raise ActionError(_("Un ticket ne peut pas être fusionné avec lui-même."), field="target")
    if source.brand_id != target.brand_id:
        raise ActionError(
            _("Impossible de fusionner des tickets de marques différentes."), field="target"
        )
    if source.merged_into_id or target.merged_into_id:
        raise ActionError(_("L'un de ces tickets a déjà été fusionné."), code="merged")
    if target.status == Status.CLOSED:
        raise ActionError(_("Un ticket fermé ne peut pas recevoir de fusion."), field="target")
    now = timezone.now()
    moved = Message.objects.filter(ticket=source).update(ticket=target)
    if source.requester_id != target.requester_id:
        add_participant(target, contact=source.requester)
    for participant in source.participants.all():
        add_participant(
            target, contact=participant.contact, user=participant.user, role=participant.role
        )
    target.tags.add(*source.tags.all())
    Message.objects.create(
        ticket=target, kind="note", author_user=actor, created_at=now,
        body_text=f"{source.reference} a été fusionné dans ce ticket ({moved} messages).",
        body_html=f"<p>{source.reference} a été fusionné dans ce ticket ({moved} messages).</p>",
    )  # fmt: skip
    old_status = source.status
    source.merged_into = target
    source.status = Status.CLOSED
    source.closed_at = source.updated_at = now
    source.save()
    TicketLink.objects.get_or_create(
        source=source, target=target, kind=TicketLink.Kind.DUPLICATE_OF
    )
    target.updated_at = now
    target.save(update_fields=["updated_at"])
    record_event(
        actor,
        "ticket_merged",
        source,
        ticket=source,
        at=now,
        changes=[{"field": "status", "old": old_status, "new": Status.CLOSED}],
        data={"into": target.pk, "messages": moved},
    )
    record_event(
        actor,
        "ticket_merge_received",
        target,
        ticket=target,
        at=now,
        data={"from": source.pk, "messages": moved},
    )
    reindex_ticket_on_commit(source.pk, target.pk)
    return target


@transaction.atomic
def do_link_tickets(actor: Any, source: Ticket, target: Ticket, kind: str) -> TicketLink:
    access.require_ticket(actor, source, "ticket.update")
    access.require_ticket(actor, target, "ticket.view")
    if kind not in TicketLink.Kind.values:
        raise ActionError(
            _("Le type de lien doit être l'un de : %(choices)s.")
            % {"choices": ", ".join(TicketLink.Kind.values)},
            field="kind",
        )
    if source.pk == target.pk:
        raise ActionError(_("Un ticket ne peut pas être lié à lui-même."), field="target")
    if kind == TicketLink.Kind.CAUSED_BY and target.type != "problem":
        raise ActionError(
            _("Seul un ticket de type problème peut être la cause d'un ticket."), field="target"
        )
    link, created = TicketLink.objects.get_or_create(source=source, target=target, kind=kind)
    if created:
        record_event(
            actor, "ticket_linked", source, ticket=source, data={"target": target.pk, "kind": kind}
        )
    return link
