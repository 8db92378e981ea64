"""Reference data: brands, categories, teams, agents, custom fields (writes need admin)."""

from __future__ import annotations

from rest_framework import serializers

from guichet.api import queries
from guichet.api.serializers.common import VisibleKeyField
from guichet.brands.models import Brand, Category
from guichet.core.models import CustomField
from guichet.people.models import Agent, Team, Tier
from guichet.routing.skills import MAX_CAPACITY


class BrandSerializer(serializers.ModelSerializer):
    support_email = serializers.CharField(read_only=True)  # may be blank: not format "email"

    class Meta:
        model = Brand
        fields = ["id", "name", "slug", "host", "ticket_prefix", "languages", "default_language",
                  "timezone", "legal_name", "support_email", "created_at", "updated_at"]  # fmt: skip
        read_only_fields = fields


class BrandWriteSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=120, required=False)
    slug = serializers.SlugField(max_length=60, required=False)
    host = serializers.CharField(max_length=255, required=False, allow_blank=True)
    ticket_prefix = serializers.CharField(max_length=8, required=False)
    languages = serializers.ListField(child=serializers.CharField(max_length=8), required=False)
    default_language = serializers.CharField(max_length=8, required=False)
    timezone = serializers.CharField(max_length=64, required=False)
    legal_name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    support_email = serializers.EmailField(required=False, allow_blank=True)


class BrandCreateSerializer(BrandWriteSerializer):
    name = serializers.CharField(max_length=120)
    slug = serializers.SlugField(max_length=60)
    ticket_prefix = serializers.CharField(max_length=8)


class CategorySerializer(serializers.ModelSerializer):
    class Meta:
        model = Category
        fields = ["id", "brand", "parent", "name", "slug", "description", "default_team",
                  "default_tier", "created_at", "updated_at"]  # fmt: skip
        read_only_fields = fields


class CategoryWriteSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=120, required=False)
    slug = serializers.SlugField(max_length=80, required=False)
    description = serializers.CharField(required=False, allow_blank=True)
    parent = VisibleKeyField(  # type: ignore[assignment]  # DRF pops declared fields
        Category, queries.visible_categories, required=False, allow_null=True
    )
    default_team = VisibleKeyField(Team, queries.teams, required=False, allow_null=True)
    default_tier = serializers.ChoiceField(Tier.choices, required=False, allow_null=True)


class CategoryCreateSerializer(CategoryWriteSerializer):
    brand = VisibleKeyField(Brand, queries.visible_brands)
    name = serializers.CharField(max_length=120)
    slug = serializers.SlugField(max_length=80)


class TeamSerializer(serializers.ModelSerializer):
    email = serializers.CharField(read_only=True)  # may be blank

    class Meta:
        model = Team
        fields = ["id", "name", "slug", "brand", "tier", "email", "created_at", "updated_at"]
        read_only_fields = fields


class TeamWriteSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=120, required=False)
    slug = serializers.SlugField(max_length=80, required=False)
    brand = VisibleKeyField(Brand, queries.visible_brands, required=False, allow_null=True)
    tier = serializers.ChoiceField(Tier.choices, required=False)
    email = serializers.EmailField(required=False, allow_blank=True)


class TeamCreateSerializer(TeamWriteSerializer):
    name = serializers.CharField(max_length=120)
    slug = serializers.SlugField(max_length=80)


class AgentSerializer(serializers.ModelSerializer):
    username = serializers.CharField(source="user.username", read_only=True)
    name = serializers.SerializerMethodField()
    email = serializers.CharField(source="user.email", read_only=True)
    is_active = serializers.BooleanField(source="user.is_active", read_only=True)

    class Meta:
        model = Agent
        fields = ["id", "user", "username", "name", "email", "is_active", "role", "tier",
                  "skills", "languages", "capacity", "availability", "teams", "brands",
                  "created_at", "updated_at"]  # fmt: skip
        read_only_fields = fields

    def get_name(self, agent: Agent) -> str:
        return agent.user.get_full_name() or agent.user.get_username()


class AgentWriteSerializer(serializers.Serializer):
    role = serializers.ChoiceField(Agent.Role.choices, required=False)
    tier = serializers.ChoiceField(Tier.choices, required=False)
    skills = serializers.ListField(
        child=serializers.SlugField(max_length=80),
        required=False,
        help_text="Slugs of categories of the agent's brands that the agent masters (each covers "
        "its subcategories); routing's skills strategy prefers these agents.",
    )
    languages = serializers.ListField(child=serializers.CharField(max_length=8), required=False)
    capacity = serializers.IntegerField(
        min_value=0,
        max_value=MAX_CAPACITY,
        required=False,
        help_text="Most open tickets routing assigns to the agent.",
    )
    availability = serializers.ChoiceField(Agent.Availability.choices, required=False)
    teams = serializers.ListField(child=VisibleKeyField(Team, queries.teams), required=False)
    brands = serializers.ListField(
        child=VisibleKeyField(Brand, queries.visible_brands), required=False
    )


class AgentCreateSerializer(AgentWriteSerializer):
    username = serializers.CharField(max_length=150)
    email = serializers.EmailField(required=False, allow_blank=True)
    first_name = serializers.CharField(max_length=150, required=False, allow_blank=True)
    last_name = serializers.CharField(max_length=150, required=False, allow_blank=True)


class CustomFieldSerializer(serializers.ModelSerializer):
    class Meta:
        model = CustomField
        fields = ["id", "brand", "target", "key", "label", "kind", "choices", "required",
                  "visible_to_customers", "created_at", "updated_at"]  # fmt: skip
        read_only_fields = fields


class CustomFieldWriteSerializer(serializers.Serializer):
    label = serializers.CharField(max_length=120, required=False)  # type: ignore[assignment]
    choices = serializers.ListField(child=serializers.CharField(max_length=120), required=False)
    required = serializers.BooleanField(required=False)  # type: ignore[assignment]
    visible_to_customers = serializers.BooleanField(required=False)


class CustomFieldCreateSerializer(CustomFieldWriteSerializer):
    brand = VisibleKeyField(Brand, queries.visible_brands, required=False, allow_null=True)
    target = serializers.ChoiceField(CustomField.Target.choices)
    key = serializers.SlugField(max_length=60)
    kind = serializers.ChoiceField(CustomField.Kind.choices)
