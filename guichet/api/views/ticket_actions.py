"""Ticket endpoints: messages, assignments, reply, note, escalate, merge, link, time, macro.

Each endpoint finds the ticket among those the user may see (else 404), checks the body and
calls one action from guichet.tickets; the action checks the permission.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from guichet.api import queries
from guichet.api.pagination import CursorPage, OldestFirstPage
from guichet.api.serializers.common import read_uploads
from guichet.api.serializers.messages import MessageSerializer
from guichet.api.serializers.routing import AssignmentSerializer
from guichet.api.serializers.tickets import (
    ApplyMacroSerializer,
    EscalateSerializer,
    LinkCreateSerializer,
    MergeSerializer,
    MessageCreateSerializer,
    ReplySerializer,
    TicketLinkSerializer,
    TicketSerializer,
    TimeEntryCreateSerializer,
    TimeEntrySerializer,
)
from guichet.routing import queries as routing_queries
from guichet.tickets.actions import do_escalate_ticket, do_log_time
from guichet.tickets.merge_actions import do_link_tickets, do_merge_tickets
from guichet.tickets.message_actions import (
    do_add_customer_message,
    do_add_note,
    do_apply_macro,
    do_reply,
)


def multipart_or_json(serializer: Any) -> dict[str, Any]:
    return {"application/json": serializer, "multipart/form-data": serializer}


class TicketActionsMixin:
    """Mixed into TicketViewSet (which provides get_object, validated, render, paginated)."""

    get_object: Any
    get_serializer_context: Any
    get_paginated_response: Any
    paginate_queryset: Any
    validated: Any
    render: Any
    paginated: Any
    paginator: Any

    def message_response(self, message: Any) -> Response:
        message = queries.messages(self.request.user, message.ticket).get(pk=message.pk)  # type: ignore[attr-defined]
        return self.render(MessageSerializer, message, 201)

    def ticket_response(self, ticket: Any) -> Response:
        return self.render(TicketSerializer, queries.tickets(self.request.user).get(pk=ticket.pk))  # type: ignore[attr-defined]

    @extend_schema(summary="List a ticket's messages (customers never see internal notes)",
                   responses=MessageSerializer(many=True))  # fmt: skip
    @action(detail=True, methods=["get"], url_path="messages", pagination_class=OldestFirstPage)
    def messages(self, request: Request, pk: Any = None) -> Response:
        ticket = self.get_object()
        return self.paginated(queries.messages(request.user, ticket), MessageSerializer)

    @extend_schema(summary="List a ticket's assignments with their reasons, newest first (agents)",
                   responses=AssignmentSerializer(many=True))  # fmt: skip
    @action(detail=True, methods=["get"], url_path="assignments", pagination_class=CursorPage)
    def assignments(self, request: Request, pk: Any = None) -> Response:
        queries.require_staff(request.user)  # customers: 403 even on their own tickets
        rows = queries.assignments(request.user, self.get_object())
        page = self.paginate_queryset(rows)
        context = {**self.get_serializer_context(),
                   "categories": routing_queries.model_category_names(page)}  # fmt: skip
        data = AssignmentSerializer(page, many=True, context=context).data
        return self.get_paginated_response(data)

    @extend_schema(
        summary="Write as the customer (customers on their own tickets; agents logging a call)",
        request=multipart_or_json(MessageCreateSerializer),
        responses={201: MessageSerializer},
    )
    @messages.mapping.post
    def add_customer_message(self, request: Request, pk: Any = None) -> Response:
        ticket = self.get_object()
        data = self.validated(MessageCreateSerializer)
        files = read_uploads(data.pop("attachments", []))
        message = do_add_customer_message(request.user, ticket, attachments=files, **data)
        return self.message_response(message)

    @extend_schema(
        summary="Send a public reply",
        request=multipart_or_json(ReplySerializer),
        responses={201: MessageSerializer},
    )
    @action(detail=True, methods=["post"])
    def reply(self, request: Request, pk: Any = None) -> Response:
        ticket = self.get_object()
        data = self.validated(ReplySerializer)
        files = read_uploads(data.pop("attachments", []))
        return self.message_response(do_reply(request.user, ticket, attachments=files, **data))

    @extend_schema(
        summary="Add an internal note",
        request=multipart_or_json(MessageCreateSerializer),
        responses={201: MessageSerializer},
    )
    @action(detail=True, methods=["post"])
    def note(self, request: Request, pk: Any = None) -> Response:
        ticket = self.get_object()
        data = self.validated(MessageCreateSerializer)
        files = read_uploads(data.pop("attachments", []))
        return self.message_response(do_add_note(request.user, ticket, attachments=files, **data))

    @extend_schema(summary="Escalate to a higher tier", request=EscalateSerializer,
                   responses=TicketSerializer)  # fmt: skip
    @action(detail=True, methods=["post"])
    def escalate(self, request: Request, pk: Any = None) -> Response:
        ticket = self.get_object()
        data = self.validated(EscalateSerializer)
        return self.ticket_response(do_escalate_ticket(request.user, ticket, **data))

    @extend_schema(summary="Merge this ticket into another; answers the target",
                   request=MergeSerializer, responses=TicketSerializer)  # fmt: skip
    @action(detail=True, methods=["post"])
    def merge(self, request: Request, pk: Any = None) -> Response:
        ticket = self.get_object()
        target = self.validated(MergeSerializer)["into"]
        return self.ticket_response(do_merge_tickets(request.user, ticket, target))

    @extend_schema(summary="Link to another ticket", request=LinkCreateSerializer,
                   responses={201: TicketLinkSerializer})  # fmt: skip
    @action(detail=True, methods=["post"])
    def links(self, request: Request, pk: Any = None) -> Response:
        ticket = self.get_object()
        data = self.validated(LinkCreateSerializer)
        link = do_link_tickets(request.user, ticket, data["target"], data["kind"])
        return self.render(TicketLinkSerializer, link, 201)

    @extend_schema(summary="Log time spent", request=TimeEntryCreateSerializer,
                   responses={201: TimeEntrySerializer})  # fmt: skip
    @action(detail=True, methods=["post"])
    def time(self, request: Request, pk: Any = None) -> Response:
        ticket = self.get_object()
        data = self.validated(TimeEntryCreateSerializer)
        return self.render(TimeEntrySerializer, do_log_time(request.user, ticket, **data), 201)

    @extend_schema(summary="Apply a macro (its text, or an edited body, and its field changes)",
                   request=ApplyMacroSerializer, responses=TicketSerializer)  # fmt: skip
    @action(detail=True, methods=["post"], url_path="apply-macro")
    def apply_macro(self, request: Request, pk: Any = None) -> Response:
        ticket = self.get_object()
        data = self.validated(ApplyMacroSerializer)
        do_apply_macro(request.user, ticket, data["macro"], body=data["body"])
        return self.ticket_response(ticket)
