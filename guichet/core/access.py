"""Who may see and do what: the one place that answers "who is asking". See docs/permissions.md.

Roles (Agent.role) and customers (users with a Contact) get these permissions; every action
calls `require()` and every read goes through a `visible_*` queryset.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from guichet.core.errors import NotAllowed

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    from guichet.people.models import Agent, Contact
    from guichet.tickets.models import Ticket

    User = AbstractBaseUser | AnonymousUser

ADMIN, SUPERVISOR, AGENT, CSM, INCIDENT_MANAGER = (
    "admin",
    "supervisor",
    "agent",
    "csm",
    "incident_manager",
)
STAFF_ROLES = {ADMIN, SUPERVISOR, AGENT, CSM, INCIDENT_MANAGER}

# permission -> roles that hold it. Customers hold none of these; their rights are per object.
ROLE_PERMISSIONS: dict[str, set[str]] = {
    "ticket.view": STAFF_ROLES,
    "ticket.create": STAFF_ROLES,
    "ticket.update": {ADMIN, SUPERVISOR, AGENT, INCIDENT_MANAGER},
    "ticket.assign": {ADMIN, SUPERVISOR, AGENT, INCIDENT_MANAGER},
    "ticket.reply": {ADMIN, SUPERVISOR, AGENT, INCIDENT_MANAGER, CSM},
    "ticket.note": STAFF_ROLES,
    "ticket.merge": {ADMIN, SUPERVISOR, AGENT},
    "ticket.escalate": {ADMIN, SUPERVISOR, AGENT, INCIDENT_MANAGER},
    "ticket.log_time": {ADMIN, SUPERVISOR, AGENT, INCIDENT_MANAGER, CSM},
    "ticket.delete": {ADMIN},
    "contact.view": STAFF_ROLES,
    "contact.update": {ADMIN, SUPERVISOR, AGENT, CSM},
    "contact.merge": {ADMIN, SUPERVISOR},
    "organisation.view": STAFF_ROLES,
    "organisation.update": {ADMIN, SUPERVISOR, CSM},
    "macro.use": STAFF_ROLES,
    "macro.manage": {ADMIN, SUPERVISOR},
    "team.manage": {ADMIN, SUPERVISOR},
    "routing.manage": {ADMIN, SUPERVISOR},
    "routing.set_own_availability": STAFF_ROLES,
    "agent.manage": {ADMIN},
    "brand.manage": {ADMIN},
    "custom_field.manage": {ADMIN},
    "settings.manage": {ADMIN},
    "mailbox.manage": {ADMIN},
}


def _signed_in(user: Any) -> bool:
    """An authenticated, active account (a deactivated account keeps no rights, whatever the
    way it reaches us: session, API token, job)."""
    return (
        user is not None
        and getattr(user, "is_authenticated", False)
        and getattr(user, "is_active", True)
    )


def agent_of(user: Any) -> Agent | None:
    if not _signed_in(user):
        return None
    try:
        return user.agent
    except Exception:  # RelatedObjectDoesNotExist
        return None


def contact_of(user: Any) -> Contact | None:
    if not _signed_in(user) or agent_of(user):
        return None
    try:
        contact = user.contact
    except Exception:  # RelatedObjectDoesNotExist
        return None
    return contact if contact.merged_into_id is None else None


def role_of(user: Any) -> str | None:
    agent = agent_of(user)
    return agent.role if agent else None


def is_staff_agent(user: Any) -> bool:
    return agent_of(user) is not None


def has_perm(user: Any, permission: str) -> bool:
    role = role_of(user)
    return role is not None and role in ROLE_PERMISSIONS.get(permission, set())


def require(user: Any, permission: str) -> None:
    if not has_perm(user, permission):
        raise NotAllowed(
            _("Votre rôle ne permet pas de faire cela (%(permission)s).")
            % {"permission": permission}
        )


def agent_brand_ids(agent: Agent) -> list[int] | None:
    """Brands an agent works for, or None for every brand."""
    ids = [brand.pk for brand in agent.brands.all()]
    return ids or None


def require_brand(user: Any, brand_id: int) -> None:
    """Agents restricted to some brands act only inside them."""
    agent = agent_of(user)
    brand_ids = agent_brand_ids(agent) if agent is not None else None
    if brand_ids is not None and brand_id not in brand_ids:
        raise NotAllowed(_("Vous ne travaillez pas pour cette marque."))


# --- Tickets --------------------------------------------------------------


def visible_tickets(user: Any, queryset: QuerySet[Ticket] | None = None) -> QuerySet[Ticket]:
    from guichet.tickets.models import Ticket

    qs = queryset if queryset is not None else Ticket.objects.all()
    agent = agent_of(user)
    if agent is not None:
        brand_ids = agent_brand_ids(agent)
        return qs if brand_ids is None else qs.filter(brand_id__in=brand_ids)
    contact = contact_of(user)
    if contact is None:
        return qs.none()
    # Requester, CC or (org admins) organisation, as one list of ids: each part uses its own
    # index, and the outer query needs no join, no DISTINCT and no OR that the planner would
    # misjudge into scanning every ticket (see docs/api.md, make bench-api).
    from guichet.tickets.models import TicketParticipant

    parts = [
        Ticket.objects.filter(requester=contact).order_by().values("pk"),
        TicketParticipant.objects.filter(contact=contact).order_by().values("ticket_id"),
    ]
    if contact.is_org_admin and contact.organisation_id:
        org = Ticket.objects.filter(organisation_id=contact.organisation_id)
        parts.append(org.order_by().values("pk"))
    return qs.filter(pk__in=parts[0].union(*parts[1:], all=True))


def can_view_ticket(user: Any, ticket: Ticket) -> bool:
    agent = agent_of(user)
    if agent is not None:
        brand_ids = agent_brand_ids(agent)
        return brand_ids is None or ticket.brand_id in brand_ids
    contact = contact_of(user)
    if contact is None:
        return False
    if ticket.requester_id == contact.pk:
        return True
    if (
        contact.is_org_admin
        and contact.organisation_id
        and ticket.organisation_id == contact.organisation_id
    ):
        return True
    return ticket.participants.filter(contact=contact).exists()


def require_ticket(user: Any, ticket: Ticket, permission: str = "ticket.view") -> None:
    """Customers act on tickets they can see; agents need the role permission and the brand."""
    if not can_view_ticket(user, ticket):
        raise NotAllowed(_("Vous n'avez pas accès à ce ticket."))
    if agent_of(user) is not None:
        require(user, permission)
    elif permission not in {"ticket.view", "ticket.reply", "ticket.create"}:
        raise NotAllowed(_("Un client peut seulement lire ses tickets et y répondre."))


def visible_messages(user: Any, ticket: Ticket):  # type: ignore[no-untyped-def]
    """Messages of a ticket the user may see; customers never see internal notes."""
    qs = ticket.messages.all()
    if not can_view_ticket(user, ticket):
        return qs.none()
    if agent_of(user) is None:
        qs = qs.exclude(kind="note")
    return qs


def visible_attachments(user: Any, queryset=None):  # type: ignore[no-untyped-def]
    """Attachments of messages the user may read, on tickets they may see."""
    from guichet.tickets.models import Attachment

    qs = queryset if queryset is not None else Attachment.objects.all()
    qs = qs.filter(message__ticket__in=visible_tickets(user).values("pk"))
    if agent_of(user) is None:
        qs = qs.exclude(message__kind="note")
    return qs


# --- People ---------------------------------------------------------------


def visible_contacts(user: Any, queryset: QuerySet[Contact] | None = None) -> QuerySet[Contact]:
    from guichet.people.models import Contact

    qs = queryset if queryset is not None else Contact.objects.all()
    agent = agent_of(user)
    if agent is not None:
        brand_ids = agent_brand_ids(agent)
        return qs if brand_ids is None else qs.filter(brand_id__in=brand_ids)
    contact = contact_of(user)
    if contact is None:
        return qs.none()
    if contact.is_org_admin and contact.organisation_id:
        return qs.filter(Q(pk=contact.pk) | Q(organisation_id=contact.organisation_id))
    return qs.filter(pk=contact.pk)


def visible_organisations(user: Any, queryset=None):  # type: ignore[no-untyped-def]
    from guichet.people.models import Organisation

    qs = queryset if queryset is not None else Organisation.objects.all()
    agent = agent_of(user)
    if agent is not None:
        brand_ids = agent_brand_ids(agent)
        return qs if brand_ids is None else qs.filter(brand_id__in=brand_ids)
    contact = contact_of(user)
    if contact is None or not contact.organisation_id:
        return qs.none()
    return qs.filter(pk=contact.organisation_id)
