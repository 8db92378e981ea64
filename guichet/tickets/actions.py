"""Every write to a ticket: check_* validates and checks permission, do_* changes state.

Side effects (notifications, mail, jobs) are scheduled with transaction.on_commit.
See docs/domain.md.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django.contrib.auth import get_user_model
from django.db import connections, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from guichet.audit.actions import diff, record_event
from guichet.brands.models import Brand, Category
from guichet.core import access
from guichet.core.custom_fields import clean_custom_fields
from guichet.core.errors import ActionError, NotAllowed
from guichet.notifications.actions import do_notify_each
from guichet.people.models import Contact, Team, Tier
from guichet.search.index import reindex_ticket_on_commit
from guichet.tickets import workflow
from guichet.tickets.files import delete_unused_on_commit, file_names
from guichet.tickets.models import (
    Channel,
    Priority,
    Status,
    Tag,
    Ticket,
    TicketParticipant,
    TicketType,
    TimeEntry,
)

SUBJECT_MAX = 250
UPDATABLE_FIELDS = {
    "subject", "status", "priority", "type", "category", "language", "team", "tier",
    "assignee", "custom_fields", "tags",
}  # fmt: skip


def _choice(value: Any, choices: type, field: str) -> str:
    if value not in choices.values:  # type: ignore[attr-defined]
        allowed = ", ".join(str(v) for v in choices.values)  # type: ignore[attr-defined]
        raise ActionError(
            _("Le champ « %(field)s » doit valoir l'une de ces valeurs : %(choices)s.")
            % {"field": field, "choices": allowed},
            field=field,
        )
    return str(value)


def check_subject(subject: Any) -> str:
    subject = " ".join(str(subject or "").split())
    if not subject:
        raise ActionError(_("Le sujet est obligatoire."), code="required", field="subject")
    return subject[:SUBJECT_MAX]


def check_tags(names: Iterable[Any]) -> list[str]:
    from django.utils.text import slugify

    cleaned: list[str] = []
    for name in names:
        slug = slugify(str(name), allow_unicode=True)[:60]
        if not slug:
            raise ActionError(_("Étiquette invalide : « %(tag)s ».") % {"tag": name}, field="tags")
        if slug not in cleaned:
            cleaned.append(slug)
    return cleaned


def check_category(brand: Brand, category: Category | None) -> Category | None:
    if category is not None and category.brand_id != brand.pk:
        raise ActionError(_("Cette catégorie appartient à une autre marque."), field="category")
    return category


def check_assignee(ticket: Ticket, user: Any) -> Any:
    if user is None:
        return None
    agent = access.agent_of(user)
    if agent is None or not user.is_active:
        raise ActionError(
            _("Un ticket ne peut être assigné qu'à un agent actif."), field="assignee"
        )
    brand_ids = access.agent_brand_ids(agent)
    if brand_ids is not None and ticket.brand_id not in brand_ids:
        raise ActionError(
            _("Cet agent ne travaille pas pour la marque de ce ticket."), field="assignee"
        )
    return user


def allocate_number(brand: Brand) -> int:
    """The next ticket number of a brand; callers hold a write transaction."""
    return allocate_numbers(brand, 1)[0]


def allocate_numbers(brand: Brand, count: int) -> range:
    """The next `count` ticket numbers of a brand; callers hold a write transaction.

    One `UPDATE ... RETURNING` (SQLite 3.35+, PostgreSQL): the row stays locked by the
    update until the caller commits, so numbers have no gaps and no duplicates."""
    connection = connections[Brand.objects.db]
    quote = connection.ops.quote_name
    counter: Any = Brand._meta.get_field("next_ticket_number")
    column, table = quote(counter.column), quote(Brand._meta.db_table)
    sql = (
        f"UPDATE {table} SET {column} = {column} + %s "  # noqa: S608 (names from the model)
        f"WHERE {quote('id')} = %s RETURNING {column}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [count, brand.pk])
        row = cursor.fetchone()
    if row is None:
        raise Brand.DoesNotExist(f"brand {brand.pk}")
    return range(int(row[0]) - count, int(row[0]))


def set_tags(ticket: Ticket, names: Sequence[str]) -> None:
    tags = [Tag.objects.get_or_create(name=name)[0] for name in names]
    ticket.tags.set(tags)


def tag_names(ticket: Ticket) -> list[str]:
    return sorted(tag.name for tag in ticket.tags.all())


def check_requester_for_actor(actor: Any, brand: Brand, requester: Contact | None) -> Contact:
    contact = access.contact_of(actor)
    if contact is not None:
        if requester is not None and requester.pk != contact.pk:
            raise NotAllowed(_("Vous ne pouvez ouvrir un ticket qu'en votre nom."))
        if contact.brand_id != brand.pk:
            raise NotAllowed(_("Vous n'êtes pas client de cette marque."))
        return contact
    access.require(actor, "ticket.create")
    access.require_brand(actor, brand.pk)
    if requester is None:
        raise ActionError(_("Le demandeur est obligatoire."), code="required", field="requester")
    if requester.brand_id != brand.pk:
        raise ActionError(_("Le demandeur appartient à une autre marque."), field="requester")
    if requester.merged_into_id:
        raise ActionError(_("Ce contact a été fusionné avec un autre."), field="requester")
    return requester


@transaction.atomic
def do_create_ticket(
    actor: Any,
    *,
    brand: Brand,
    subject: str,
    body: str = "",
    body_html: str = "",
    requester: Contact | None = None,
    channel: str = Channel.PORTAL,
    priority: str = Priority.NORMAL,
    type: str = TicketType.QUESTION,
    category: Category | None = None,
    tags: Sequence[str] = (),
    language: str | None = None,
    custom_fields: dict[str, Any] | None = None,
    attachments: Sequence[tuple[str, bytes]] = (),
    cc: Sequence[Contact] = (),
    created_at: dt.datetime | None = None,
) -> Ticket:
    from guichet.tickets.message_actions import add_message

    requester = check_requester_for_actor(actor, brand, requester)
    is_customer = access.contact_of(actor) is not None
    if is_customer:
        # Customers cannot choose internal fields.
        channel, tags, custom_fields = Channel.PORTAL, (), _customer_fields(custom_fields)
    now = created_at or timezone.now()
    category = check_category(brand, category)
    ticket = Ticket(
        brand=brand,
        subject=check_subject(subject),
        status=Status.NEW,
        priority=_choice(priority, Priority, "priority"),
        type=_choice(type, TicketType, "type"),
        channel=_choice(channel, Channel, "channel"),
        category=category,
        language=(language or requester.preferred_language or brand.default_language)[:8],
        requester=requester,
        organisation_id=requester.organisation_id,
        tier=(category.default_tier if category and category.default_tier else Tier.N1),
        team=category.default_team if category else None,
        custom_fields=clean_custom_fields("ticket", brand.pk, custom_fields or {}),
        created_at=now,
        updated_at=now,
    )
    if not (body or body_html or attachments):
        raise ActionError(_("Décrivez la demande."), code="required", field="body")
    ticket.number = allocate_number(brand)
    ticket.reference = f"{brand.ticket_prefix}-{ticket.number}"
    ticket.save()
    set_tags(ticket, check_tags(tags))
    if any(contact.brand_id != brand.pk for contact in cc):
        raise ActionError(_("Une personne en copie appartient à une autre marque."), field="cc")
    add_contact_participants(ticket, cc)
    record_event(
        actor,
        "ticket_created",
        ticket,
        ticket=ticket,
        at=now,
        data={"channel": ticket.channel, "reference": ticket.reference},
    )
    add_message(
        actor,
        ticket,
        kind="customer",
        body=body,
        body_html=body_html,
        attachments=attachments,
        author_contact=requester,
        channel=ticket.channel,
        at=now,
    )
    return ticket


def _customer_fields(values: dict[str, Any] | None) -> dict[str, Any]:
    from guichet.core.models import CustomField

    if not values:
        return {}
    visible = set(
        CustomField.objects.filter(target="ticket", visible_to_customers=True).values_list(
            "key", flat=True
        )
    )
    hidden = set(values) - visible
    if hidden:
        raise ActionError(
            _("Champ personnalisé inconnu : « %(field)s ».") % {"field": sorted(hidden)[0]},
            field="custom_fields",
        )
    return values


def add_participant(
    ticket: Ticket,
    *,
    contact: Contact | None = None,
    user: Any = None,
    role: str = TicketParticipant.Role.CC,
) -> None:
    if contact is not None:
        add_contact_participants(ticket, [contact], role=role)
    elif user is not None:
        TicketParticipant.objects.get_or_create(ticket=ticket, user=user, defaults={"role": role})


def add_contact_participants(
    ticket: Ticket, contacts: Sequence[Contact], *, role: str = TicketParticipant.Role.CC
) -> None:
    """The contacts follow the ticket, in one insert. Those already on it are skipped by the
    unique constraint, not read first (mail intake adds the CCs of every message)."""
    rows = participant_rows(ticket, contacts, role=role)
    if rows:
        TicketParticipant.objects.bulk_create(rows, ignore_conflicts=True)


def participant_rows(
    ticket: Ticket, contacts: Sequence[Contact], *, role: str = TicketParticipant.Role.CC
) -> list[TicketParticipant]:
    """The rows `add_contact_participants` inserts (several tickets' rows may go together)."""
    return [
        TicketParticipant(ticket=ticket, contact=contact, role=role)
        for contact in {contact.pk: contact for contact in contacts}.values()
        if contact.pk != ticket.requester_id
    ]


def snapshot(ticket: Ticket) -> dict[str, Any]:
    return {
        "subject": ticket.subject, "status": ticket.status, "priority": ticket.priority,
        "type": ticket.type, "category": ticket.category_id, "language": ticket.language,
        "team": ticket.team_id, "tier": ticket.tier, "assignee": ticket.assignee_id,
        "custom_fields": dict(ticket.custom_fields), "tags": tag_names(ticket),
    }  # fmt: skip


def apply_status(ticket: Ticket, new_status: str, now: dt.datetime) -> None:
    new_status = _choice(new_status, Status, "status")
    if not workflow.can_transition(ticket.status, new_status):
        raise ActionError(
            _("Un ticket au statut « %(old)s » ne peut pas passer au statut « %(new)s ».")
            % {"old": ticket.status, "new": new_status},
            code="invalid_transition",
            field="status",
        )
    if new_status == ticket.status:
        return
    if new_status == Status.SOLVED:
        ticket.solved_at = now
    elif new_status == Status.CLOSED:
        ticket.closed_at = now
    elif ticket.status == Status.SOLVED:
        ticket.reopen_count += 1
        ticket.solved_at = None
    ticket.status = new_status


def _permission_for(changes: dict[str, Any]) -> str:
    return "ticket.assign" if set(changes) <= {"assignee", "team"} else "ticket.update"


@transaction.atomic
def do_update_ticket(
    actor: Any,
    ticket: Ticket,
    *,
    at: dt.datetime | None = None,
    reason: str = "",
    **changes: Any,
) -> Ticket:
    """Change any of UPDATABLE_FIELDS; one audit event lists every field that changed.

    `reason` says why the team or assignee changed (a guichet.routing.models.Reason value).
    """
    unknown = set(changes) - UPDATABLE_FIELDS
    if unknown:
        name = sorted(unknown)[0]
        raise ActionError(_("Champ inconnu : « %(field)s ».") % {"field": name}, field=name)
    access.require_ticket(actor, ticket, _permission_for(changes))
    ticket = Ticket.objects.select_for_update().get(pk=ticket.pk)
    if ticket.merged_into_id:
        raise ActionError(
            _("Ce ticket a été fusionné ; modifiez plutôt le ticket qui l'a reçu."),
            code="merged",
        )
    now = at or timezone.now()
    before = snapshot(ticket)
    if "subject" in changes:
        ticket.subject = check_subject(changes["subject"])
    if "status" in changes:
        apply_status(ticket, changes["status"], now)
    if "priority" in changes:
        ticket.priority = _choice(changes["priority"], Priority, "priority")
    if "type" in changes:
        ticket.type = _choice(changes["type"], TicketType, "type")
    if "category" in changes:
        ticket.category = check_category(ticket.brand, changes["category"])
    if "language" in changes:
        ticket.language = str(changes["language"])[:8]
    if "team" in changes:
        ticket.team = _check_team(ticket, changes["team"])
    if "tier" in changes:
        ticket.tier = int(_choice(changes["tier"], Tier, "tier"))
    if "assignee" in changes:
        ticket.assignee = check_assignee(ticket, changes["assignee"])
    if "custom_fields" in changes:
        ticket.custom_fields = clean_custom_fields(
            "ticket", ticket.brand_id, changes["custom_fields"], ticket.custom_fields
        )
    if "tags" in changes:
        set_tags(ticket, check_tags(changes["tags"]))
    ticket.updated_at = now
    ticket.save()
    changed = diff(before, snapshot(ticket))
    if changed:
        record_event(actor, "ticket_updated", ticket, ticket=ticket, changes=changed, at=now)
        _notify_assignment(actor, ticket, before)
        _routing_changed(actor, ticket, before, reason)
        if {"subject", "tags"} & {change["field"] for change in changed}:
            reindex_ticket_on_commit(ticket.pk)
    return ticket


def _routing_changed(actor: Any, ticket: Ticket, before: dict[str, Any], reason: str) -> None:
    """Routing logs every change of team or assignee with its reason (docs/routing.md)."""
    from guichet.routing.hooks import ticket_changed

    ticket_changed(
        actor,
        ticket,
        old_team_id=before["team"],
        old_assignee_id=before["assignee"],
        old_status=before["status"],
        reason=reason,
    )


def _check_team(ticket: Ticket, team: Team | None) -> Team | None:
    if team is not None and team.brand_id is not None and team.brand_id != ticket.brand_id:
        raise ActionError(
            _("L'équipe « %(team)s » travaille pour une autre marque.") % {"team": team.name},
            field="team",
        )
    return team


def _notify_assignment(actor: Any, ticket: Ticket, before: dict[str, Any]) -> None:
    changed = ticket.assignee_id and ticket.assignee_id != before["assignee"]
    if changed and ticket.assignee_id != getattr(actor, "pk", None):
        do_notify_each(
            [ticket.assignee],
            "assigned",
            lambda: (
                _("%(reference)s vous est assigné : %(subject)s")
                % {"reference": ticket.reference, "subject": ticket.subject}
            ),
            ticket=ticket,
        )


def do_assign_ticket(
    actor: Any,
    ticket: Ticket,
    *,
    assignee: Any = None,
    team: Team | None = None,
    reason: str = "",
) -> Ticket:
    changes: dict[str, Any] = {"assignee": assignee}
    if team is not None:
        changes["team"] = team
    return do_update_ticket(actor, ticket, reason=reason, **changes)


def do_change_status(actor: Any, ticket: Ticket, status: str) -> Ticket:
    return do_update_ticket(actor, ticket, status=status)


@transaction.atomic
def do_escalate_ticket(
    actor: Any,
    ticket: Ticket,
    *,
    tier: int,
    reason: str,
    team: Team | None = None,
    at: dt.datetime | None = None,
) -> Ticket:
    """Move a ticket to a higher tier (and that tier's team), with a required reason."""
    access.require_ticket(actor, ticket, "ticket.escalate")
    reason = (reason or "").strip()
    if not reason:
        raise ActionError(
            _("Indiquez pourquoi le ticket est escaladé."), code="required", field="reason"
        )
    tier = int(_choice(tier, Tier, "tier"))
    ticket = Ticket.objects.select_for_update().get(pk=ticket.pk)
    if tier <= ticket.tier:
        raise ActionError(
            _("Le ticket est déjà en N%(tier)s ; escaladez-le vers un niveau supérieur.")
            % {"tier": ticket.tier},
            field="tier",
        )
    if not ticket.is_open:
        raise ActionError(_("Seul un ticket ouvert peut être escaladé."), code="invalid_transition")
    if team is None:
        team = (
            Team.objects.filter(tier=tier, brand=ticket.brand).first()
            or Team.objects.filter(tier=tier, brand__isnull=True).first()
        )
    if team is not None and team.tier != tier:
        raise ActionError(
            _("L'équipe « %(team)s » n'est pas une équipe N%(tier)s.")
            % {"team": team.name, "tier": tier},
            field="team",
        )
    _check_team(ticket, team)
    now = at or timezone.now()
    from_tier = ticket.tier
    changes: list[dict[str, Any]] = [
        {"field": "tier", "old": ticket.tier, "new": tier},
        {"field": "team", "old": ticket.team_id, "new": team.pk if team else None},
        {"field": "assignee", "old": ticket.assignee_id, "new": None},
    ]
    ticket.tier, ticket.team, ticket.assignee, ticket.updated_at = tier, team, None, now
    if ticket.status == Status.NEW:
        ticket.status = Status.OPEN
    ticket.save()
    old = {"team": changes[1]["old"], "assignee": changes[2]["old"], "status": ticket.status}
    _routing_changed(actor, ticket, old, "escalation")
    record_event(
        actor,
        "ticket_escalated",
        ticket,
        ticket=ticket,
        changes=changes,
        at=now,
        data={"reason": reason, "from_tier": from_tier, "to_tier": tier},
    )
    if team is not None:
        agents = team.agents.select_related("user").filter(user__is_active=True)
        do_notify_each(
            [agent.user for agent in agents],
            "escalated",
            lambda: (
                _("%(reference)s escaladé en N%(tier)s : %(reason)s")
                % {"reference": ticket.reference, "tier": tier, "reason": reason}
            ),
            ticket=ticket,
            email=False,
        )
    return ticket


@transaction.atomic
def do_log_time(actor: Any, ticket: Ticket, *, seconds: int, note: str = "") -> TimeEntry:
    access.require_ticket(actor, ticket, "ticket.log_time")
    if not isinstance(seconds, int) or isinstance(seconds, bool) or not 0 < seconds <= 86400:
        raise ActionError(
            _("Le temps passé doit être compris entre 1 seconde et 24 heures."),
            field="seconds",
        )
    entry = TimeEntry.objects.create(ticket=ticket, agent=actor, seconds=seconds, note=note[:250])
    Ticket.objects.filter(pk=ticket.pk).update(time_spent_seconds=F("time_spent_seconds") + seconds)
    total = Ticket.objects.values_list("time_spent_seconds", flat=True).get(pk=ticket.pk)
    change = {"field": "time_spent_seconds", "old": total - seconds, "new": total}
    record_event(
        actor, "time_logged", ticket, ticket=ticket, changes=[change], data={"seconds": seconds}
    )
    return entry


@transaction.atomic
def do_delete_ticket(actor: Any, ticket: Ticket) -> None:
    access.require_ticket(actor, ticket, "ticket.delete")
    # The ticket's own events go with it (Event.ticket cascades); this one stays.
    record_event(
        actor,
        "ticket_deleted",
        ticket,
        data={"reference": ticket.reference, "subject": ticket.subject},
    )
    names = file_names(message__ticket=ticket)
    ticket.delete()
    delete_unused_on_commit(names)  # after commit, and only files no other row names


def users_by_username(names: Iterable[str]) -> list[Any]:
    return list(
        get_user_model()
        .objects.filter(username__in=list(names), agent__isnull=False, is_active=True)
        .order_by("pk")
    )
