"""The base of every API view: integer ids, PATCH instead of PUT, request-aware context."""

from __future__ import annotations

from functools import cached_property
from typing import Any

from rest_framework import viewsets
from rest_framework.pagination import BasePagination
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer, Serializer

from guichet.api import queries
from guichet.api.pagination import ByIdPage


class ApiViewSet(viewsets.GenericViewSet):
    lookup_value_converter = "int"
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    pagination_class: type[BasePagination] | None = ByIdPage
    # Writes on this resource need the admin scope (brands, teams, agents, custom fields).
    admin_writes = False

    @cached_property
    def customer_field_keys(self) -> set[str] | None:
        """Custom-field keys the requesting customer may read; None for agents."""
        return queries.customer_field_keys(self.request.user)

    def get_serializer_context(self) -> dict[str, Any]:
        context = dict(super().get_serializer_context())
        user = getattr(self.request, "user", None)
        if user is not None and user.is_authenticated:
            context["customer_field_keys"] = self.customer_field_keys
        return context

    def validated(self, serializer_class: type[Serializer], data: Any = None) -> dict[str, Any]:
        """The request body checked by `serializer_class` (only the keys it holds)."""
        serializer = serializer_class(
            data=self.request.data if data is None else data, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def render(
        self, serializer_class: type[BaseSerializer], instance: Any, status: int = 200
    ) -> Response:
        data = serializer_class(instance, context=self.get_serializer_context()).data
        return Response(data, status=status)

    def paginated(self, queryset: Any, serializer_class: type[BaseSerializer]) -> Response:
        page = self.paginate_queryset(queryset)
        data = serializer_class(page, many=True, context=self.get_serializer_context()).data
        return self.get_paginated_response(data)
