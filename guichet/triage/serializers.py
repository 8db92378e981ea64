"""Triage in the REST API: a ticket's current predictions, read-only, for agents.

See docs/triage.md ("In the API"). Customers never see predictions.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from guichet.api.serializers.tickets import LIST_FIELDS, TicketSerializer
from guichet.tickets.models import Ticket
from guichet.triage.models import TicketPrediction
from guichet.triage.queries import current_predictions


class TicketPredictionSerializer(serializers.ModelSerializer):
    """`label`/`confidence`: what counts now (an agent's correction, with confidence 1);
    `predicted_label`/`predicted_confidence`: what the model said."""

    label = serializers.CharField(source="current_label", read_only=True)  # type: ignore[assignment]
    confidence = serializers.FloatField(source="current_confidence", read_only=True)
    predicted_label = serializers.CharField(source="label", read_only=True)
    predicted_confidence = serializers.FloatField(source="confidence", read_only=True)
    corrected = serializers.BooleanField(source="is_corrected", read_only=True)

    class Meta:
        model = TicketPrediction
        fields = [
            "target", "label", "confidence", "predicted_label", "predicted_confidence", "score",
            "source", "model_version", "corrected", "corrected_at", "created_at",
        ]  # fmt: skip
        read_only_fields = fields


class TicketDetailSerializer(TicketSerializer):
    """A ticket as read alone: for agents, with its current triage predictions."""

    predictions = serializers.SerializerMethodField()

    class Meta(TicketSerializer.Meta):
        fields = [*LIST_FIELDS, "predictions"]
        read_only_fields = fields

    @extend_schema_field(TicketPredictionSerializer(many=True))
    def get_predictions(self, ticket: Ticket) -> list[dict[str, Any]]:
        rows = current_predictions(ticket.pk)
        return list(TicketPredictionSerializer(rows, many=True).data)

    def get_fields(self) -> dict[str, Any]:
        fields = super().get_fields()
        if self.context.get("customer_field_keys") is not None:  # a customer
            del fields["predictions"]
        return fields

    def to_representation(self, instance: Ticket) -> dict[str, Any]:
        data = super().to_representation(instance)
        if self.context.get("customer_field_keys") is None:
            data["predictions"] = self.get_predictions(instance)
        return data
