"""/tickets: list (filters, cursor pages), read, open, change, delete. Actions in ticket_actions."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins
from rest_framework.request import Request
from rest_framework.response import Response

from guichet.api import queries
from guichet.api.filters import TicketFilter, apply_custom_field_filters
from guichet.api.pagination import CursorPage
from guichet.api.serializers.common import read_uploads
from guichet.api.serializers.tickets import (
    TicketCreateSerializer,
    TicketSerializer,
    TicketUpdateSerializer,
)
from guichet.api.views.base import ApiViewSet
from guichet.api.views.ticket_actions import TicketActionsMixin
from guichet.tickets.actions import do_create_ticket, do_delete_ticket, do_update_ticket
from guichet.triage.serializers import TicketDetailSerializer

Q_PARAMETER = OpenApiParameter(
    "q",
    OpenApiTypes.STR,
    description="Full-text search (every word; the last one as a prefix). Results stay newest first.",
)


def search(queryset: QuerySet, q: str, user: Any) -> QuerySet:
    """Tickets matching `q` (guichet.search), still paged newest first."""
    from guichet.search.queries import search_tickets

    return search_tickets(queryset, q, user=user)


@extend_schema_view(
    list=extend_schema(
        summary="List tickets, newest first",
        parameters=[Q_PARAMETER],
        description="Filter with the parameters below, and custom fields with `cf_<key>=value`.",
    ),
    retrieve=extend_schema(
        summary="Read a ticket",
        description="Agents also get the ticket's triage predictions (read-only).",
        responses=TicketDetailSerializer,
    ),
    destroy=extend_schema(summary="Delete a ticket (admins)"),
)
class TicketViewSet(
    TicketActionsMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    ApiViewSet,
):
    serializer_class = TicketSerializer
    pagination_class = CursorPage
    filter_backends = [DjangoFilterBackend]
    filterset_class = TicketFilter

    def get_queryset(self) -> QuerySet:
        return queries.tickets(self.request.user)

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        queryset = super().filter_queryset(queryset)
        if self.action != "list":
            return queryset
        params = self.request.query_params
        queryset = apply_custom_field_filters(queryset, params, self.customer_field_keys)
        q = params.get("q", "").strip()
        return search(queryset, q, self.request.user) if q else queryset

    @extend_schema(
        summary="Open a ticket",
        request={
            "application/json": TicketCreateSerializer,
            "multipart/form-data": TicketCreateSerializer,
        },
        responses={201: TicketSerializer},
    )
    def create(self, request: Request) -> Response:
        data = self.validated(TicketCreateSerializer)
        files = read_uploads(data.pop("attachments", []))
        ticket = do_create_ticket(request.user, attachments=files, **data)
        return self.render(TicketSerializer, self.get_queryset().get(pk=ticket.pk), 201)

    @extend_schema(
        summary="Change a ticket", request=TicketUpdateSerializer, responses=TicketSerializer
    )
    def partial_update(self, request: Request, pk: Any = None) -> Response:
        ticket = self.get_object()
        changes = self.validated(TicketUpdateSerializer)
        if changes:
            do_update_ticket(request.user, ticket, **changes)
        return self.render(TicketSerializer, self.get_queryset().get(pk=ticket.pk))

    def retrieve(self, request: Request, pk: Any = None) -> Response:
        return self.render(TicketDetailSerializer, self.get_object())

    def destroy(self, request: Request, pk: Any = None) -> Response:
        do_delete_ticket(request.user, self.get_object())
        return Response(status=204)
