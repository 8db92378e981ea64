"""Ticket serializers: what agents and customers read, and what each ticket action takes."""

from __future__ import annotations

import datetime as dt
from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from guichet.api import queries
from guichet.api.serializers.common import VisibleKeyField, attachments_field
from guichet.brands.models import Brand, Category
from guichet.core import access
from guichet.people.models import Contact, Organisation, Team, Tier
from guichet.tickets.models import (
    Channel,
    Macro,
    Priority,
    Status,
    Ticket,
    TicketLink,
    TicketType,
    TimeEntry,
)

LIST_FIELDS = [
    "id", "reference", "subject", "status", "priority", "type", "channel", "brand",
    "category", "language", "requester", "organisation", "assignee", "team", "tier", "tags",
    "custom_fields", "merged_into", "created_at", "updated_at", "first_reply_at", "solved_at",
    "closed_at", "reopen_count", "time_spent_seconds",
]  # fmt: skip
INTERNAL_FIELDS = {"assignee", "team", "tier", "tags", "reopen_count", "time_spent_seconds"}


class ContactRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Contact
        fields = ["id", "name"]


class OrganisationRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = ["id", "name"]


_DATETIME = serializers.DateTimeField()


def iso(value: dt.datetime | None) -> str | None:
    """A date-time as DRF writes it (ISO 8601 in the current time zone)."""
    return None if value is None else _DATETIME.to_representation(value)


def visible_custom_fields(values: dict[str, Any], keys: set[str] | None) -> dict[str, Any]:
    return dict(values) if keys is None else {k: v for k, v in values.items() if k in keys}


class TicketSerializer(serializers.ModelSerializer):
    """A ticket as an agent reads it. Customers get the same without the internal fields
    (assignee, team, tier, tags, reopen_count, time_spent_seconds) and with only the custom
    fields marked visible to customers."""

    requester = ContactRefSerializer(read_only=True)
    organisation = OrganisationRefSerializer(read_only=True, allow_null=True)
    tags = serializers.SerializerMethodField()

    class Meta:
        model = Ticket
        fields = LIST_FIELDS
        read_only_fields = LIST_FIELDS

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_tags(self, ticket: Ticket) -> list[str]:
        tags = getattr(ticket, "prefetched_tags", None)
        if tags is None:
            tags = ticket.tags.all()
        return sorted(tag.name for tag in tags)

    def get_fields(self) -> dict[str, Any]:
        fields = super().get_fields()
        if self.context.get("customer_field_keys") is not None:  # a customer
            for name in INTERNAL_FIELDS:
                del fields[name]
        return fields

    def to_representation(self, instance: Ticket) -> dict[str, Any]:
        """Built by hand: the ticket list is the hottest path of the API, and DRF's generic
        field walk costs several times this (bench/api.py). The declared fields above stay
        the contract: test_ticket_serializer checks that both give the same answer."""
        t = instance
        data = {
            "id": t.pk, "reference": t.reference, "subject": t.subject, "status": t.status,
            "priority": t.priority, "type": t.type, "channel": t.channel, "brand": t.brand_id,
            "category": t.category_id, "language": t.language,
            "requester": {"id": t.requester_id, "name": t.requester.name},
            "organisation": (
                {"id": t.organisation_id, "name": t.organisation.name}
                if t.organisation is not None else None
            ),
            "assignee": t.assignee_id, "team": t.team_id, "tier": t.tier,
            "tags": None, "custom_fields": t.custom_fields, "merged_into": t.merged_into_id,
            "created_at": iso(t.created_at), "updated_at": iso(t.updated_at),
            "first_reply_at": iso(t.first_reply_at), "solved_at": iso(t.solved_at),
            "closed_at": iso(t.closed_at), "reopen_count": t.reopen_count,
            "time_spent_seconds": t.time_spent_seconds,
        }  # fmt: skip
        keys = self.context.get("customer_field_keys")
        if keys is None:
            data["tags"] = self.get_tags(t)
            return data
        for name in INTERNAL_FIELDS:
            del data[name]
        data["custom_fields"] = visible_custom_fields(t.custom_fields, keys)
        return data

    def generic_representation(self, instance: Ticket) -> dict[str, Any]:
        """What DRF would build from the declared fields (for the tests)."""
        data = dict(super().to_representation(instance))
        keys = self.context.get("customer_field_keys")
        if keys is not None:
            data["custom_fields"] = visible_custom_fields(instance.custom_fields, keys)
        return data


class TicketCreateSerializer(serializers.Serializer):
    brand = VisibleKeyField(Brand, queries.visible_brands)
    subject = serializers.CharField(max_length=1000)
    body = serializers.CharField(required=False, allow_blank=True, default="")
    body_html = serializers.CharField(required=False, allow_blank=True, default="")
    requester = VisibleKeyField(
        Contact, access.visible_contacts, required=False, help_text="Agents only; required."
    )
    channel = serializers.ChoiceField(Channel.choices, default=Channel.API)
    priority = serializers.ChoiceField(Priority.choices, default=Priority.NORMAL)
    type = serializers.ChoiceField(TicketType.choices, default=TicketType.QUESTION)
    category = VisibleKeyField(
        Category, queries.visible_categories, required=False, allow_null=True
    )
    tags = serializers.ListField(child=serializers.CharField(max_length=100), required=False)
    language = serializers.CharField(max_length=8, required=False)
    custom_fields = serializers.DictField(required=False)
    cc = serializers.ListField(
        child=VisibleKeyField(Contact, access.visible_contacts), required=False
    )
    attachments = attachments_field()


class TicketUpdateSerializer(serializers.Serializer):
    """Only the fields sent change (PATCH)."""

    subject = serializers.CharField(max_length=1000, required=False)
    status = serializers.ChoiceField(Status.choices, required=False)
    priority = serializers.ChoiceField(Priority.choices, required=False)
    type = serializers.ChoiceField(TicketType.choices, required=False)
    category = VisibleKeyField(
        Category, queries.visible_categories, required=False, allow_null=True
    )
    language = serializers.CharField(max_length=8, required=False)
    team = VisibleKeyField(Team, lambda user: Team.objects.all(), required=False, allow_null=True)
    tier = serializers.ChoiceField(Tier.choices, required=False)
    assignee = serializers.PrimaryKeyRelatedField(
        queryset=queries.assignable_users(None), required=False, allow_null=True
    )
    custom_fields = serializers.DictField(required=False)
    tags = serializers.ListField(child=serializers.CharField(max_length=100), required=False)


class MessageCreateSerializer(serializers.Serializer):
    body = serializers.CharField(required=False, allow_blank=True, default="")
    body_html = serializers.CharField(required=False, allow_blank=True, default="")
    attachments = attachments_field()


class ReplySerializer(MessageCreateSerializer):
    status = serializers.ChoiceField(
        Status.choices, required=False, help_text="Set the status in the same step."
    )


class EscalateSerializer(serializers.Serializer):
    tier = serializers.ChoiceField(Tier.choices)
    reason = serializers.CharField(max_length=2000)
    team = VisibleKeyField(Team, lambda user: Team.objects.all(), required=False, allow_null=True)


class MergeSerializer(serializers.Serializer):
    into = VisibleKeyField(
        Ticket, access.visible_tickets, help_text="The ticket this one is merged into."
    )


class LinkCreateSerializer(serializers.Serializer):
    target = VisibleKeyField(Ticket, access.visible_tickets)
    kind = serializers.ChoiceField(TicketLink.Kind.choices)


class TicketLinkSerializer(serializers.ModelSerializer):
    class Meta:
        model = TicketLink
        fields = ["id", "source", "target", "kind", "created_at"]
        read_only_fields = fields


class TimeEntryCreateSerializer(serializers.Serializer):
    seconds = serializers.IntegerField(min_value=1, max_value=86400)
    note = serializers.CharField(max_length=250, required=False, allow_blank=True, default="")


class TimeEntrySerializer(serializers.ModelSerializer):
    class Meta:
        model = TimeEntry
        fields = ["id", "ticket", "agent", "seconds", "note", "created_at"]
        read_only_fields = fields


class ApplyMacroSerializer(serializers.Serializer):
    macro = VisibleKeyField(Macro, queries.macros)
    body = serializers.CharField(
        required=False, allow_null=True, default=None, help_text="Edited text; else the macro's."
    )


class MacroSerializer(serializers.ModelSerializer):
    class Meta:
        model = Macro
        fields = ["id", "brand", "name", "kind", "body", "set_fields", "owner", "created_at"]
        read_only_fields = fields
