"""/tokens: list, create and revoke API tokens."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins
from rest_framework.request import Request
from rest_framework.response import Response

from guichet.api.auth import token_scopes
from guichet.api.models import ApiToken
from guichet.api.serializers.tokens import (
    ApiTokenCreatedSerializer,
    ApiTokenCreateSerializer,
    ApiTokenSerializer,
)
from guichet.api.token_actions import do_create_api_token, do_revoke_api_token
from guichet.api.views.base import ApiViewSet
from guichet.core import access


@extend_schema_view(
    list=extend_schema(summary="List your API tokens (every token, for admins)"),
    retrieve=extend_schema(summary="Read an API token (never its secret)"),
)
class ApiTokenViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    serializer_class = ApiTokenSerializer
    queryset = ApiToken.objects.none()

    def get_queryset(self) -> QuerySet:
        user = self.request.user
        if access.has_perm(user, "agent.manage"):
            return ApiToken.objects.all()
        return ApiToken.objects.filter(user_id=getattr(user, "pk", None) or 0)

    @extend_schema(
        summary="Create a token for yourself; its secret is shown once",
        request=ApiTokenCreateSerializer,
        responses={201: ApiTokenCreatedSerializer},
    )
    def create(self, request: Request) -> Response:
        data = self.validated(ApiTokenCreateSerializer)
        granting = token_scopes(request)
        token, raw = do_create_api_token(request.user, granting_scopes=granting, **data)
        token.token = raw  # type: ignore[attr-defined]
        return self.render(ApiTokenCreatedSerializer, token, 201)

    @extend_schema(summary="Revoke a token", responses={204: None})
    def destroy(self, request: Request, pk: Any = None) -> Response:
        do_revoke_api_token(request.user, self.get_object())
        return Response(status=204)
