"""Contacts (with identities) and organisations."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from guichet.api import queries
from guichet.api.serializers.common import VisibleKeyField
from guichet.api.serializers.tickets import visible_custom_fields
from guichet.brands.models import Brand
from guichet.core import access
from guichet.people.models import Contact, ContactIdentity, Organisation, Segment


class IdentitySerializer(serializers.ModelSerializer):
    class Meta:
        model = ContactIdentity
        fields = ["id", "kind", "value", "verified_at", "created_at"]
        read_only_fields = fields


class IdentityCreateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(ContactIdentity.Kind.choices)
    value = serializers.CharField(max_length=254)


class ContactSerializer(serializers.ModelSerializer):
    identities = IdentitySerializer(many=True, read_only=True)

    class Meta:
        model = Contact
        fields = ["id", "brand", "organisation", "name", "preferred_language", "is_org_admin",
                  "vip", "custom_fields", "merged_into", "identities", "created_at",
                  "updated_at"]  # fmt: skip
        read_only_fields = fields

    def to_representation(self, instance: Contact) -> dict[str, Any]:
        data = super().to_representation(instance)
        keys = self.context.get("customer_field_keys")
        if keys is not None:
            data["custom_fields"] = visible_custom_fields(instance.custom_fields, keys)
        return data


class ContactCreateSerializer(serializers.Serializer):
    brand = VisibleKeyField(Brand, queries.visible_brands)
    name = serializers.CharField(max_length=200)
    emails = serializers.ListField(child=serializers.CharField(max_length=254), required=False)
    phones = serializers.ListField(child=serializers.CharField(max_length=40), required=False)
    whatsapp = serializers.ListField(child=serializers.CharField(max_length=40), required=False)
    organisation = VisibleKeyField(
        Organisation, access.visible_organisations, required=False, allow_null=True
    )
    preferred_language = serializers.CharField(max_length=8, required=False, allow_blank=True)
    custom_fields = serializers.DictField(required=False)


class ContactUpdateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200, required=False)
    preferred_language = serializers.CharField(max_length=8, required=False)
    organisation = VisibleKeyField(
        Organisation, access.visible_organisations, required=False, allow_null=True
    )
    is_org_admin = serializers.BooleanField(required=False)
    vip = serializers.BooleanField(required=False)
    custom_fields = serializers.DictField(required=False)


class ContactMergeSerializer(serializers.Serializer):
    into = VisibleKeyField(
        Contact, access.visible_contacts, help_text="The contact this one is merged into."
    )


class OrganisationSerializer(serializers.ModelSerializer):
    """An organisation as agents read it; its own customers get id, brand, name, language,
    timezone and the custom fields visible to customers."""

    class Meta:
        model = Organisation
        fields = ["id", "brand", "name", "segment", "plan", "arr", "csm_owner", "language",
                  "timezone", "domains", "custom_fields", "created_at", "updated_at"]  # fmt: skip
        read_only_fields = fields

    def get_fields(self) -> dict[str, Any]:
        fields = super().get_fields()
        if self.context.get("customer_field_keys") is not None:  # a customer
            for name in ("segment", "plan", "arr", "csm_owner", "domains"):
                del fields[name]
        return fields

    def to_representation(self, instance: Organisation) -> dict[str, Any]:
        data = super().to_representation(instance)
        keys = self.context.get("customer_field_keys")
        if keys is not None:
            data["custom_fields"] = visible_custom_fields(instance.custom_fields, keys)
        return data


class OrganisationWriteSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200, required=False)
    segment = serializers.ChoiceField(Segment.choices, required=False)
    plan = serializers.CharField(max_length=60, required=False, allow_blank=True)
    arr = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=0, required=False)
    csm_owner = serializers.PrimaryKeyRelatedField(
        queryset=queries.assignable_users(None), required=False, allow_null=True
    )
    language = serializers.CharField(max_length=8, required=False)
    timezone = serializers.CharField(max_length=64, required=False)
    domains = serializers.ListField(child=serializers.CharField(max_length=253), required=False)
    custom_fields = serializers.DictField(required=False)


class OrganisationCreateSerializer(OrganisationWriteSerializer):
    brand = VisibleKeyField(Brand, queries.visible_brands)
    name = serializers.CharField(max_length=200)
