"""API tokens: the secret appears once, in the answer to their creation."""

from __future__ import annotations

from rest_framework import serializers

from guichet.api.models import ApiToken
from guichet.api.tokens import SCOPES


class ApiTokenSerializer(serializers.ModelSerializer):
    class Meta:
        model = ApiToken
        fields = ["id", "user", "name", "prefix", "scopes", "created_at", "last_used_at",
                  "expires_at", "revoked_at"]  # fmt: skip
        read_only_fields = fields


class ApiTokenCreatedSerializer(ApiTokenSerializer):
    token = serializers.CharField(read_only=True, help_text="Shown once; store it now.")

    class Meta(ApiTokenSerializer.Meta):
        fields = [*ApiTokenSerializer.Meta.fields, "token"]
        read_only_fields = fields


class ApiTokenCreateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=120)
    scopes = serializers.ListField(child=serializers.ChoiceField(SCOPES), min_length=1)
    expires_at = serializers.DateTimeField(required=False, allow_null=True)
