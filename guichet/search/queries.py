"""Searching tickets and contacts: the one entry point for the API, the workspace and the portal.

See docs/search.md. The caller passes a queryset it has already restricted to what the person may
see (guichet.core.access.visible_*); search only narrows and orders it.
"""

from __future__ import annotations

from typing import Any

from django.db.models import FloatField, QuerySet, Value

from guichet.core import access
from guichet.people.models import Contact
from guichet.search.backends import lexical_backend
from guichet.search.backends.base import CONTACTS, RANK, TICKETS
from guichet.search.text import parse_query
from guichet.tickets.models import Ticket


def search_tickets(
    queryset: QuerySet[Ticket],
    q: str,
    *,
    user: Any = None,
    include_internal: bool | None = None,
) -> QuerySet[Ticket]:
    """Tickets of `queryset` matching every word of `q` (the last one as a prefix), most relevant
    first, then most recent; each carries `search_rank`.

    Internal notes are searched only when `include_internal` is true; by default that is when
    `user` is an agent. Without a user, only what customers may read is searched.
    A blank `q` returns `queryset` as it is; a `q` with no letters or digits matches nothing
    (both still carry `search_rank`, 0, so that callers may always sort on it).
    """
    if not (q or "").strip():
        return _unranked(queryset)
    query = parse_query(q)
    if not query:
        return _unranked(queryset.none())
    if include_internal is None:
        include_internal = access.agent_of(user) is not None
    found = lexical_backend(queryset.db).search(
        queryset, TICKETS, query, restricted=not include_internal
    )
    return found.order_by(f"-{RANK}", "-created_at", "-pk")


def search_contacts(queryset: QuerySet[Contact], q: str) -> QuerySet[Contact]:
    """Contacts of `queryset` matching `q` by name, email, phone or organisation; best first."""
    if not (q or "").strip():
        return _unranked(queryset)
    query = parse_query(q)
    if not query:
        return _unranked(queryset.none())
    found = lexical_backend(queryset.db).search(queryset, CONTACTS, query, restricted=False)
    return found.order_by(f"-{RANK}", "name", "pk")


def _unranked(queryset: QuerySet[Any]) -> QuerySet[Any]:
    return queryset.annotate(**{RANK: Value(0.0, output_field=FloatField())})
