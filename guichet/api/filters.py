"""Ticket list filters: fields, dates, tags, and custom fields as `cf_<key>=value`."""

from __future__ import annotations

import datetime as dt
from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet
from django.db.models.fields.json import KeyTransform
from rest_framework.exceptions import ValidationError

from guichet.core.custom_fields import coerce_value
from guichet.core.errors import ActionError
from guichet.core.models import CustomField
from guichet.people.models import Tier
from guichet.tickets.models import Channel, Priority, Status, Ticket, TicketType

CUSTOM_FIELD_PREFIX = "cf_"


def id_or_none(queryset: QuerySet, name: str, value: str) -> QuerySet:
    """`?assignee=12`, or `?assignee=none` for the unassigned ones."""
    if value.strip().lower() == "none":
        return queryset.filter(**{f"{name}__isnull": True})
    try:
        return queryset.filter(**{name: int(value)})
    except ValueError:
        raise ValidationError({name.removesuffix("_id"): ["Give an id or none."]}) from None


class IdFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


class UtcDateTimeFilter(django_filters.IsoDateTimeFilter):
    """ISO 8601 in any offset, compared in UTC (PostgreSQL refuses odd offsets like -21:41)."""

    def filter(self, qs: QuerySet, value: dt.datetime | None) -> QuerySet:
        if value is not None:
            try:
                value = value.astimezone(dt.UTC)
            except OverflowError:
                raise ValidationError({self.field_name: ["Date out of range."]}) from None
        return super().filter(qs, value)


class TicketFilter(django_filters.FilterSet):
    """No filter needs DISTINCT (a ticket has each tag once): django-filter's default
    distinct=True on multiple choices would make the list sort every matching ticket."""

    status = django_filters.MultipleChoiceFilter(choices=Status.choices, distinct=False)
    priority = django_filters.MultipleChoiceFilter(choices=Priority.choices, distinct=False)
    type = django_filters.MultipleChoiceFilter(choices=TicketType.choices, distinct=False)
    channel = django_filters.MultipleChoiceFilter(choices=Channel.choices, distinct=False)
    tier = django_filters.TypedChoiceFilter(choices=Tier.choices, coerce=int)
    brand = IdFilter(field_name="brand_id")
    category = IdFilter(field_name="category_id")
    organisation = IdFilter(field_name="organisation_id")
    requester = IdFilter(field_name="requester_id")
    assignee = django_filters.CharFilter(
        field_name="assignee_id", method="filter_id_or_none", help_text="A user id, or none."
    )
    team = django_filters.CharFilter(
        field_name="team_id", method="filter_id_or_none", help_text="A team id, or none."
    )
    tag = django_filters.CharFilter(field_name="tags__name")
    created_after = UtcDateTimeFilter(field_name="created_at", lookup_expr="gte")
    created_before = UtcDateTimeFilter(field_name="created_at", lookup_expr="lt")
    updated_after = UtcDateTimeFilter(field_name="updated_at", lookup_expr="gte")

    class Meta:
        model = Ticket
        fields: list[str] = []

    def filter_id_or_none(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return id_or_none(queryset, name, value)


def apply_custom_field_filters(
    queryset: QuerySet, params: Any, visible_keys: set[str] | None
) -> QuerySet:
    """`cf_<key>=value` query parameters as filters on Ticket.custom_fields.

    The key must name a ticket custom field (one customers may see, for customers); the value
    is coerced to its type so that `cf_seats=12` matches the number 12; an empty value finds
    the tickets without one.
    """
    wanted = {k[len(CUSTOM_FIELD_PREFIX) :]: v for k, v in params.items() if k.startswith("cf_")}
    if not wanted:
        return queryset
    fields = {f.key: f for f in CustomField.objects.filter(target="ticket", key__in=list(wanted))}
    for index, (key, raw) in enumerate(sorted(wanted.items())):
        field = fields.get(key)
        if field is None or (visible_keys is not None and key not in visible_keys):
            raise ValidationError({f"cf_{key}": ["Unknown ticket custom field."]})
        alias = f"_cf{index}"
        queryset = queryset.alias(**{alias: KeyTransform(key, "custom_fields")})
        if not raw.strip():
            queryset = queryset.filter(**{f"{alias}__isnull": True})
            continue
        try:
            value = coerce_value(field, raw)
        except ActionError as error:
            raise ValidationError({f"cf_{key}": [error.message]}) from None
        queryset = queryset.filter(**{alias: value})
    return queryset
