"""A ticket's assignment log as the API shows it (routing.models.Assignment). See docs/routing.md.

The context holds `categories` ({id: name}) for the model's guesses on the page.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from guichet.routing import explain
from guichet.routing.models import Assignment


def person(user: Any) -> str:
    return (user.get_full_name() or user.get_username()) if user is not None else ""


class ModelGuessSerializer(serializers.Serializer):
    category = serializers.IntegerField()
    category_name = serializers.CharField()
    confidence = serializers.FloatField()


class AssignmentSerializer(serializers.ModelSerializer):
    reason_label = serializers.CharField(source="get_reason_display", read_only=True)
    from_team_name = serializers.SerializerMethodField()
    to_team_name = serializers.SerializerMethodField()
    from_assignee_name = serializers.SerializerMethodField()
    to_assignee_name = serializers.SerializerMethodField()
    actor_name = serializers.SerializerMethodField()
    rule_name = serializers.SerializerMethodField()
    automation = serializers.SerializerMethodField()
    model = serializers.SerializerMethodField()
    raised = serializers.SerializerMethodField()
    language = serializers.SerializerMethodField()
    explanation = serializers.SerializerMethodField()

    class Meta:
        model = Assignment
        fields = ["id", "ticket", "created_at", "reason", "reason_label",
                  "from_team", "from_team_name", "to_team", "to_team_name",
                  "from_assignee", "from_assignee_name", "to_assignee", "to_assignee_name",
                  "rule", "rule_name", "automation", "model", "raised", "language",
                  "actor", "actor_name", "explanation"]  # fmt: skip
        read_only_fields = fields

    def categories(self) -> dict[int, str]:
        return self.context.get("categories") or {}

    def get_from_team_name(self, row: Assignment) -> str:
        return row.from_team.name if row.from_team else ""

    def get_to_team_name(self, row: Assignment) -> str:
        return row.to_team.name if row.to_team else ""

    def get_from_assignee_name(self, row: Assignment) -> str:
        return person(row.from_assignee)

    def get_to_assignee_name(self, row: Assignment) -> str:
        return person(row.to_assignee)

    def get_actor_name(self, row: Assignment) -> str:
        return person(row.actor)

    def get_rule_name(self, row: Assignment) -> str:
        return row.rule.name if row.rule else ""

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_automation(self, row: Assignment) -> int | None:
        value = (row.detail or {}).get("automation")
        return value if isinstance(value, int) else None

    @extend_schema_field(ModelGuessSerializer(allow_null=True))
    def get_model(self, row: Assignment) -> dict[str, Any] | None:
        """The category the triage model guessed and its confidence, when it placed the ticket."""
        detail = row.detail or {}
        category = detail.get("category")
        if not isinstance(category, int) or "confidence" not in detail:
            return None
        name = self.categories().get(category, f"#{category}")
        return {"category": category, "category_name": name,
                "confidence": float(detail["confidence"])}  # fmt: skip

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_raised(self, row: Assignment) -> dict[str, Any]:
        """Fields the predictions raised: {"priority"|"tier": {"from", "to", "confidence"}}."""
        raised = (row.detail or {}).get("raised")
        return raised if isinstance(raised, dict) else {}

    @extend_schema_field({"type": "object", "nullable": True})
    def get_language(self, row: Assignment) -> dict[str, Any] | None:
        """The language routing detected instead of the ticket's: {"from", "to", "confidence"}."""
        language = (row.detail or {}).get("language")
        return language if isinstance(language, dict) else None

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_explanation(self, row: Assignment) -> list[str]:
        """The ticket card's lines (translated): what moved, then why."""
        return explain.moves(row) + explain.reasons(row, self.categories())
