"""Reference data: /brands, /categories, /teams, /agents, /custom-fields, /macros.

Everybody signed in reads what they may see; writes need the admin scope and the role
permission (checked by guichet.api.admin_actions).
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import Serializer

from guichet.api import admin_actions, queries
from guichet.api.serializers import admin as s
from guichet.api.serializers.tickets import MacroSerializer
from guichet.api.views.base import ApiViewSet
from guichet.people.models import Agent, Team
from guichet.tickets.models import Macro


class ReferenceViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    """Read for all; create and change through `create_action` / `update_action`."""

    admin_writes = True
    create_serializer: type[Serializer]
    update_serializer: type[Serializer]
    create_action: Any
    update_action: Any

    def create(self, request: Request) -> Response:
        data = self.validated(self.create_serializer)
        obj = type(self).create_action(request.user, **data)
        return self.render(self.get_serializer_class(), self.get_queryset().get(pk=obj.pk), 201)

    def partial_update(self, request: Request, pk: Any = None) -> Response:
        obj = self.get_object()
        changes = self.validated(self.update_serializer)
        if changes:
            type(self).update_action(request.user, obj, **changes)
        return self.render(self.get_serializer_class(), self.get_queryset().get(pk=obj.pk))


def reference_schema(name: str, read: Any, create: Any, update: Any):  # type: ignore[no-untyped-def]
    return extend_schema_view(
        list=extend_schema(summary=f"List {name}s"),
        retrieve=extend_schema(summary=f"Read a {name}"),
        create=extend_schema(
            summary=f"Create a {name} (admin scope)", request=create, responses={201: read}
        ),
        partial_update=extend_schema(
            summary=f"Change a {name} (admin scope)", request=update, responses=read
        ),
    )


@reference_schema("brand", s.BrandSerializer, s.BrandCreateSerializer, s.BrandWriteSerializer)
class BrandViewSet(ReferenceViewSet):
    serializer_class = s.BrandSerializer
    create_serializer = s.BrandCreateSerializer
    update_serializer = s.BrandWriteSerializer
    create_action = admin_actions.do_create_brand
    update_action = admin_actions.do_update_brand

    def get_queryset(self) -> QuerySet:
        return queries.visible_brands(self.request.user)


@reference_schema(
    "category", s.CategorySerializer, s.CategoryCreateSerializer, s.CategoryWriteSerializer
)
class CategoryViewSet(ReferenceViewSet):
    serializer_class = s.CategorySerializer
    create_serializer = s.CategoryCreateSerializer
    update_serializer = s.CategoryWriteSerializer
    create_action = admin_actions.do_create_category
    update_action = admin_actions.do_update_category

    def get_queryset(self) -> QuerySet:
        return queries.visible_categories(self.request.user).select_related("brand")


@reference_schema("team", s.TeamSerializer, s.TeamCreateSerializer, s.TeamWriteSerializer)
class TeamViewSet(ReferenceViewSet):
    queryset = Team.objects.none()  # the model, for the schema; rows come from get_queryset
    serializer_class = s.TeamSerializer
    create_serializer = s.TeamCreateSerializer
    update_serializer = s.TeamWriteSerializer
    create_action = admin_actions.do_create_team
    update_action = admin_actions.do_update_team

    def get_queryset(self) -> QuerySet:
        return queries.teams(self.request.user)


@reference_schema("agent", s.AgentSerializer, s.AgentCreateSerializer, s.AgentWriteSerializer)
class AgentViewSet(ReferenceViewSet):
    queryset = Agent.objects.none()
    serializer_class = s.AgentSerializer
    create_serializer = s.AgentCreateSerializer
    update_serializer = s.AgentWriteSerializer
    create_action = admin_actions.do_create_agent
    update_action = admin_actions.do_update_agent

    def get_queryset(self) -> QuerySet:
        return queries.agents(self.request.user)


@reference_schema(
    "custom field",
    s.CustomFieldSerializer,
    s.CustomFieldCreateSerializer,
    s.CustomFieldWriteSerializer,
)
class CustomFieldViewSet(ReferenceViewSet):
    serializer_class = s.CustomFieldSerializer
    create_serializer = s.CustomFieldCreateSerializer
    update_serializer = s.CustomFieldWriteSerializer
    create_action = admin_actions.do_create_custom_field
    update_action = admin_actions.do_update_custom_field

    def get_queryset(self) -> QuerySet:
        return queries.custom_fields(self.request.user)


@extend_schema_view(
    list=extend_schema(summary="List the macros you may apply"),
    retrieve=extend_schema(summary="Read a macro"),
)
class MacroViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    queryset = Macro.objects.none()
    serializer_class = MacroSerializer

    def get_queryset(self) -> QuerySet:
        return queries.macros(self.request.user)
