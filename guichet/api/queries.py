"""Reads behind the API: access.visible_* querysets, with the joins each endpoint needs."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from guichet.brands.models import Brand, Category
from guichet.core import access
from guichet.core.errors import NotAllowed
from guichet.core.models import CustomField
from guichet.people.models import Agent, Contact, Organisation, Team
from guichet.routing import queries as routing_queries
from guichet.routing.models import Assignment
from guichet.tickets.models import Attachment, Macro, Message, Tag, Ticket


def require_staff(user: Any) -> None:
    if access.agent_of(user) is None:
        raise NotAllowed(_("Seuls les agents peuvent voir ceci."))


def visible_brands(user: Any) -> QuerySet[Brand]:
    agent = access.agent_of(user)
    if agent is not None:
        brand_ids = access.agent_brand_ids(agent)
        return Brand.objects.all() if brand_ids is None else Brand.objects.filter(pk__in=brand_ids)
    contact = access.contact_of(user)
    if contact is None:
        return Brand.objects.none()
    return Brand.objects.filter(pk=contact.brand_id)


def visible_categories(user: Any) -> QuerySet[Category]:
    return Category.objects.filter(brand__in=visible_brands(user))


TICKET_FIELDS = [field.name for field in Ticket._meta.concrete_fields]


def tickets(user: Any) -> QuerySet[Ticket]:
    """Tickets with what the list and detail show, in one query plus one for tags.

    Only the names of the requester and organisation are read (see bench/api.py).
    """
    qs = (
        access.visible_tickets(user)
        .select_related("requester", "organisation")
        .only(*TICKET_FIELDS, "requester__name", "organisation__name")
    )
    if access.agent_of(user) is not None:
        # to_attr: a plain list per ticket, without building a related manager for each.
        tags = Prefetch("tags", queryset=Tag.objects.only("name"), to_attr="prefetched_tags")
        qs = qs.prefetch_related(tags)
    return qs


def messages(user: Any, ticket: Ticket) -> QuerySet[Message]:
    return (
        access.visible_messages(user, ticket)
        .select_related("author_user", "author_contact")
        .prefetch_related("attachments")
    )


def assignments(user: Any, ticket: Ticket) -> QuerySet[Assignment]:
    """A ticket's routing log (routing.queries), for agents only: it names agents and rules."""
    require_staff(user)
    return routing_queries.assignment_rows(ticket)


def attachments(user: Any) -> QuerySet[Attachment]:
    """Attachments of messages the user may read on tickets they may see."""
    return access.visible_attachments(user, Attachment.objects.select_related("message"))


def contacts(user: Any) -> QuerySet[Contact]:
    return access.visible_contacts(user).prefetch_related("identities")


def organisations(user: Any) -> QuerySet[Organisation]:
    return access.visible_organisations(user)


def teams(user: Any) -> QuerySet[Team]:
    require_staff(user)
    return Team.objects.all()


def agents(user: Any) -> QuerySet[Agent]:
    require_staff(user)
    return Agent.objects.select_related("user").prefetch_related("teams", "brands")


def custom_fields(user: Any) -> QuerySet[CustomField]:
    brand_scope = Q(brand__isnull=True) | Q(brand__in=visible_brands(user))
    qs = CustomField.objects.filter(brand_scope)
    if access.agent_of(user) is None:
        qs = qs.filter(visible_to_customers=True)
    return qs


def customer_field_keys(user: Any) -> set[str] | None:
    """Custom-field keys a customer may read; None for agents (every key)."""
    if access.agent_of(user) is not None:
        return None
    return set(CustomField.objects.filter(visible_to_customers=True).values_list("key", flat=True))


def macros(user: Any) -> QuerySet[Macro]:
    require_staff(user)
    brand_scope = Q(brand__isnull=True) | Q(brand__in=visible_brands(user))
    return Macro.objects.filter(brand_scope).filter(Q(owner__isnull=True) | Q(owner=user))


def assignable_users(user: Any) -> QuerySet[Any]:
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(agent__isnull=False)
