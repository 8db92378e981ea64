"""/contacts (+ identities, merge) and /organisations, through guichet.people.actions."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from guichet.api import queries
from guichet.api.serializers.people import (
    ContactCreateSerializer,
    ContactMergeSerializer,
    ContactSerializer,
    ContactUpdateSerializer,
    IdentityCreateSerializer,
    IdentitySerializer,
    OrganisationCreateSerializer,
    OrganisationSerializer,
    OrganisationWriteSerializer,
)
from guichet.api.views.base import ApiViewSet
from guichet.people.actions import (
    do_add_identity,
    do_create_contact,
    do_create_organisation,
    do_merge_contacts,
    do_update_contact,
    do_update_organisation,
)


@extend_schema_view(
    list=extend_schema(summary="List contacts"), retrieve=extend_schema(summary="Read a contact")
)
class ContactViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    serializer_class = ContactSerializer

    def get_queryset(self) -> QuerySet:
        return queries.contacts(self.request.user)

    @extend_schema(summary="Create a contact", request=ContactCreateSerializer,
                   responses={201: ContactSerializer})  # fmt: skip
    def create(self, request: Request) -> Response:
        data = self.validated(ContactCreateSerializer)
        contact = do_create_contact(request.user, **data)
        return self.render(ContactSerializer, self.get_queryset().get(pk=contact.pk), 201)

    @extend_schema(summary="Change a contact", request=ContactUpdateSerializer,
                   responses=ContactSerializer)  # fmt: skip
    def partial_update(self, request: Request, pk: Any = None) -> Response:
        contact = self.get_object()
        changes = self.validated(ContactUpdateSerializer)
        if changes:
            do_update_contact(request.user, contact, **changes)
        return self.render(ContactSerializer, self.get_queryset().get(pk=contact.pk))

    @extend_schema(summary="List a contact's identities", responses=IdentitySerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None)
    def identities(self, request: Request, pk: Any = None) -> Response:
        contact = self.get_object()
        return Response(IdentitySerializer(contact.identities.all(), many=True).data)

    @extend_schema(summary="Add an email, phone or WhatsApp identity",
                   request=IdentityCreateSerializer, responses={201: IdentitySerializer})  # fmt: skip
    @identities.mapping.post
    def add_identity(self, request: Request, pk: Any = None) -> Response:
        contact = self.get_object()
        data = self.validated(IdentityCreateSerializer)
        identity = do_add_identity(request.user, contact, data["kind"], data["value"])
        return self.render(IdentitySerializer, identity, 201)

    @extend_schema(summary="Merge this contact into another; answers the target",
                   request=ContactMergeSerializer, responses=ContactSerializer)  # fmt: skip
    @action(detail=True, methods=["post"])
    def merge(self, request: Request, pk: Any = None) -> Response:
        contact = self.get_object()
        target = self.validated(ContactMergeSerializer)["into"]
        merged = do_merge_contacts(request.user, contact, target)
        return self.render(ContactSerializer, self.get_queryset().get(pk=merged.pk))


@extend_schema_view(
    list=extend_schema(summary="List organisations"),
    retrieve=extend_schema(summary="Read an organisation"),
)
class OrganisationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    serializer_class = OrganisationSerializer

    def get_queryset(self) -> QuerySet:
        return queries.organisations(self.request.user)

    @extend_schema(summary="Create an organisation", request=OrganisationCreateSerializer,
                   responses={201: OrganisationSerializer})  # fmt: skip
    def create(self, request: Request) -> Response:
        data = self.validated(OrganisationCreateSerializer)
        org = do_create_organisation(request.user, **data)
        return self.render(OrganisationSerializer, org, 201)

    @extend_schema(summary="Change an organisation", request=OrganisationWriteSerializer,
                   responses=OrganisationSerializer)  # fmt: skip
    def partial_update(self, request: Request, pk: Any = None) -> Response:
        org = self.get_object()
        changes = self.validated(OrganisationWriteSerializer)
        if changes:
            org = do_update_organisation(request.user, org, **changes)
        return self.render(OrganisationSerializer, org)
