"""Routing: rules, per-team strategies, agents' routing profiles, the waiting queue and the
log of every assignment with its reason. See docs/routing.md."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from guichet.people.models import Tier
from guichet.tickets.models import Priority


class Strategy(models.TextChoices):
    SKILLS = "skills", _("Par compétences")
    LEAST_LOADED = "least_loaded", _("Moins chargé")
    ROUND_ROBIN = "round_robin", _("Tour de rôle")
    MANUAL = "manual", _("Manuel (file d'équipe)")


class Reason(models.TextChoices):
    RULE = "rule", _("Règle de routage")
    MODEL = "model", _("Suggestion du modèle")
    DEFAULT = "default", _("Équipe par défaut de la catégorie")
    QUEUE = "queue", _("Sortie de file d'attente")
    MANUAL = "manual", _("Manuel (agent)")
    TRANSFER = "transfer", _("Transfert d'équipe")
    REBALANCE = "rebalance", _("Rééquilibrage de charge")
    ABSENCE = "absence", _("Absence de l'agent")
    ESCALATION = "escalation", _("Escalade")
    SYSTEM = "system", _("Automatique")


class RoutingRule(models.Model):
    """Ordered conditions on a ticket; the first active rule that matches sets team/tier/priority.

    Every list condition holds when empty or when the ticket's value is in it (tags and
    keywords: any of them). `brand` empty means every brand.
    """

    brand = models.ForeignKey(
        "brands.Brand", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    name = models.CharField(_("nom"), max_length=120)
    position = models.PositiveIntegerField(_("ordre"), default=100)
    active = models.BooleanField(_("active"), default=True)
    channels = models.JSONField(default=list, blank=True)
    segments = models.JSONField(default=list, blank=True)
    vip_only = models.BooleanField(_("clients VIP seulement"), default=False)
    languages = models.JSONField(default=list, blank=True)
    tags = models.JSONField(default=list, blank=True)
    keywords = models.JSONField(default=list, blank=True)
    categories = models.ManyToManyField("brands.Category", blank=True, related_name="+")
    set_team = models.ForeignKey(
        "people.Team", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    set_tier = models.PositiveSmallIntegerField(choices=Tier.choices, null=True, blank=True)
    set_priority = models.CharField(max_length=8, choices=Priority.choices, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.name


class TeamRouting(models.Model):
    """How a team hands out its tickets. Limits belong to each agent, not to the team
    (`people.Agent.capacity`, `AgentRoutingProfile.max_chats`)."""

    team = models.OneToOneField("people.Team", on_delete=models.CASCADE, related_name="routing")
    strategy = models.CharField(
        _("stratégie"), max_length=16, choices=Strategy.choices, default=Strategy.LEAST_LOADED
    )
    # Written first in every assignment transaction: serialises the team's routers.
    version = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["team__name"]

    def __str__(self) -> str:
        return f"{self.team_id}: {self.strategy}"


DEFAULT_MAX_CHATS = 3


class AgentRoutingProfile(models.Model):
    """What routing alone knows of an agent: the chat limit, out-of-office dates and the last
    assignment. Everything the API also shows lives on people.Agent and is read from there:
    availability, tier, languages, `skills` (category slugs) and `capacity` (open tickets)."""

    agent = models.OneToOneField("people.Agent", on_delete=models.CASCADE, related_name="routing")
    max_chats = models.PositiveSmallIntegerField(
        _("discussions simultanées au plus"), default=DEFAULT_MAX_CHATS
    )
    out_of_office_from = models.DateField(null=True, blank=True)
    out_of_office_until = models.DateField(null=True, blank=True)
    # The day the agent's unstarted tickets went back to the queue for the absence that
    # starts on out_of_office_from, so that the minute sweep does it once per absence.
    handed_back_on = models.DateField(null=True, blank=True)
    last_assigned_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["agent_id"]

    def __str__(self) -> str:
        return f"routing profile of agent {self.agent_id}"


class CategoryThreshold(models.Model):
    """The confidence the model's category must reach before routing follows it."""

    category = models.OneToOneField(
        "brands.Category", on_delete=models.CASCADE, related_name="routing_threshold"
    )
    threshold = models.FloatField(_("seuil"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["category_id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(threshold__gte=0) & models.Q(threshold__lte=1),
                name="routing_threshold_range",
            )
        ]

    def __str__(self) -> str:
        return f"{self.category_id} ≥ {self.threshold}"


class QueueEntry(models.Model):
    """A ticket waiting in its team's queue because no agent could take it."""

    ticket = models.OneToOneField(
        "tickets.Ticket", on_delete=models.CASCADE, related_name="routing_queue_entry"
    )
    team = models.ForeignKey("people.Team", on_delete=models.CASCADE, related_name="+")
    rank = models.PositiveSmallIntegerField(help_text="0: enterprise or VIP first")
    priority_rank = models.PositiveSmallIntegerField(help_text="0: urgent … 3: low")
    enqueued_at = models.DateTimeField()

    class Meta:
        ordering = ["rank", "priority_rank", "enqueued_at", "id"]
        indexes = [
            models.Index(
                fields=["team", "rank", "priority_rank", "enqueued_at"], name="routing_queue_order"
            )
        ]

    def __str__(self) -> str:
        return f"ticket {self.ticket_id} waiting for team {self.team_id}"


class Assignment(models.Model):
    """One change of a ticket's team or assignee, with why: the transfer rate is read here."""

    ticket = models.ForeignKey(
        "tickets.Ticket", on_delete=models.CASCADE, related_name="routing_assignments"
    )
    brand = models.ForeignKey("brands.Brand", on_delete=models.CASCADE, related_name="+")
    from_team = models.ForeignKey(
        "people.Team", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    to_team = models.ForeignKey(
        "people.Team", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    from_assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    to_assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.CharField(max_length=12, choices=Reason.choices)
    rule = models.ForeignKey(
        RoutingRule, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    detail = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["brand", "created_at"], name="routing_assign_brand_at"),
            models.Index(fields=["ticket", "created_at"], name="routing_assign_ticket_at"),
        ]

    def __str__(self) -> str:
        return f"{self.reason} on {self.ticket_id}"
