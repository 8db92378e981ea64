"""Organisations, contacts and their identities, agents and teams. See docs/domain.md."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Tier(models.IntegerChoices):
    N0 = 0, "N0"
    N1 = 1, "N1"
    N2 = 2, "N2"
    N3 = 3, "N3"
    N4 = 4, "N4"


class Segment(models.TextChoices):
    ENTERPRISE = "enterprise", "Enterprise"
    SMB = "smb", "SMB"
    CONSUMER = "consumer", "Consumer"


class Organisation(models.Model):
    """A customer account of one brand."""

    brand = models.ForeignKey(
        "brands.Brand", on_delete=models.CASCADE, related_name="organisations"
    )
    name = models.CharField(max_length=200)
    segment = models.CharField(max_length=16, choices=Segment.choices, default=Segment.SMB)
    plan = models.CharField(max_length=60, blank=True)
    arr = models.DecimalField(max_digits=12, decimal_places=2, default=0)
    csm_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    language = models.CharField(max_length=8, default="fr")
    timezone = models.CharField(max_length=64, default="Europe/Paris")
    domains = models.JSONField(default=list, blank=True)
    custom_fields = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Contact(models.Model):
    """A person who asks for help; may have a portal account (user)."""

    brand = models.ForeignKey("brands.Brand", on_delete=models.CASCADE, related_name="contacts")
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="contacts"
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contact",
    )
    name = models.CharField(max_length=200)
    preferred_language = models.CharField(max_length=8, default="fr")
    is_org_admin = models.BooleanField(default=False)
    vip = models.BooleanField(default=False)
    custom_fields = models.JSONField(default=dict, blank=True)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged_contacts"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def primary_email(self) -> str:
        for identity in self.identities.all():
            if identity.kind == ContactIdentity.Kind.EMAIL:
                return identity.value
        return ""


class ContactIdentity(models.Model):
    """An email address, phone or WhatsApp number that identifies a contact within a brand."""

    class Kind(models.TextChoices):
        EMAIL = "email", "Email"
        PHONE = "phone", "Phone"
        WHATSAPP = "whatsapp", "WhatsApp"

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="identities")
    brand = models.ForeignKey("brands.Brand", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    value = models.CharField(max_length=254, help_text="Normalised: lower-case email, E.164 phone")
    verified_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "value"]
        constraints = [
            models.UniqueConstraint(
                fields=["brand", "kind", "value"], name="identity_unique_per_brand"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.value}"


class Team(models.Model):
    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=80, unique=True)
    brand = models.ForeignKey(
        "brands.Brand", null=True, blank=True, on_delete=models.CASCADE, related_name="teams"
    )
    tier = models.PositiveSmallIntegerField(choices=Tier.choices, default=Tier.N1)
    email = models.EmailField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["tier", "name"]

    def __str__(self) -> str:
        return self.name


class Agent(models.Model):
    """The staff side of a user: role, tier, skills, languages and capacity.

    The one place for what routing needs about an agent (docs/routing.md): availability, tier,
    languages, `skills` (category slugs) and `capacity` (open-ticket limit); routing keeps only
    its own extras (chat limit, out-of-office dates) in routing.AgentRoutingProfile.
    """

    class Role(models.TextChoices):
        ADMIN = "admin", "Admin"
        SUPERVISOR = "supervisor", "Supervisor"
        AGENT = "agent", "Agent"
        CSM = "csm", "Customer success manager"
        INCIDENT_MANAGER = "incident_manager", "Incident manager"

    class Availability(models.TextChoices):
        ONLINE = "online", _("En ligne")
        AWAY = "away", _("Absent un moment")
        OFFLINE = "offline", _("Hors ligne")
        OUT_OF_OFFICE = "ooo", _("En congé")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="agent"
    )
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.AGENT)
    tier = models.PositiveSmallIntegerField(choices=Tier.choices, default=Tier.N1)
    skills = models.JSONField(
        default=list,
        blank=True,
        help_text="Slugs of the categories the agent handles best (each covers its subcategories);"
        " routing's skills strategy prefers them. See docs/routing.md",
    )
    languages = models.JSONField(default=list, blank=True)
    capacity = models.PositiveSmallIntegerField(
        default=20, help_text="Most open tickets routing assigns to the agent"
    )
    availability = models.CharField(
        max_length=10, choices=Availability.choices, default=Availability.OFFLINE
    )
    # The agent's last request in the web UI, written at most once a minute and only while
    # online or idle (routing/presence.py): the minute sweep sets idle agents away.
    last_seen_at = models.DateTimeField(null=True, blank=True)
    # When the sweep set the agent away for idleness; cleared by any other change of
    # availability. Set: their next request brings them back online. Empty: they chose "away".
    idle_since = models.DateTimeField(null=True, blank=True)
    teams = models.ManyToManyField(Team, blank=True, related_name="agents")
    brands = models.ManyToManyField(
        "brands.Brand", blank=True, related_name="agents", help_text="Empty means every brand"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["user__username"]

    def __str__(self) -> str:
        return self.user.get_full_name() or self.user.get_username()
