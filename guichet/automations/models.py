"""Triggers, time-based automations, their firings, and outgoing webhooks.

See docs/automations.md.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from guichet.core.crypto import EncryptedTextField


class Automation(models.Model):
    """Declarative conditions and actions (JSON, validated by `rules.check_rule`).

    A *trigger* runs on an event (`event`: ticket_created, customer_replied, sla_breached ...);
    a *scheduled* automation runs periodically over open tickets (e.g. pending for 5 days),
    at most once per ticket and status episode. Both run in `position` order.
    """

    class Kind(models.TextChoices):
        TRIGGER = "trigger", "Trigger"
        SCHEDULED = "scheduled", "Time-based automation"

    brand = models.ForeignKey(
        "brands.Brand",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="automations",
        help_text="Empty: every brand",
    )
    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.TRIGGER)
    event = models.CharField(max_length=40, blank=True, help_text="Triggers only")
    position = models.PositiveIntegerField(default=0)
    active = models.BooleanField(default=True)
    conditions = models.JSONField(default=dict, blank=True)
    actions = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["kind", "position", "id"]
        indexes = [models.Index(fields=["kind", "event", "active"], name="automation_lookup")]

    def __str__(self) -> str:
        return self.name


class AutomationFiring(models.Model):
    """One run of an automation on a ticket: once per event (triggers) or per ticket and
    status episode (scheduled), enforced by unique constraints."""

    class Outcome(models.TextChoices):
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    automation = models.ForeignKey(Automation, on_delete=models.CASCADE, related_name="firings")
    ticket = models.ForeignKey(
        "tickets.Ticket", on_delete=models.CASCADE, related_name="automation_firings"
    )
    event = models.ForeignKey(
        "audit.Event", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    episode_at = models.DateTimeField(
        null=True, blank=True, help_text="Scheduled: since when the ticket was in its status"
    )
    outcome = models.CharField(max_length=8, choices=Outcome.choices, default=Outcome.DONE)
    detail = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["automation", "ticket", "episode_at"],
                condition=Q(episode_at__isnull=False),
                name="automation_once_per_episode",
            ),
            models.UniqueConstraint(
                fields=["automation", "ticket", "event"],
                condition=Q(event__isnull=False),
                name="automation_once_per_event",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.automation_id} on {self.ticket_id}"


class Webhook(models.Model):
    """An outgoing HTTP endpoint; each call is signed with `secret` (HMAC-SHA256), which is
    stored encrypted."""

    brand = models.ForeignKey(
        "brands.Brand", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    name = models.CharField(max_length=120)
    url = models.URLField(max_length=500)
    secret = EncryptedTextField(max_length=128)  # encrypted at rest (core/crypto.py)
    active = models.BooleanField(default=True)
    allow_private_network = models.BooleanField(
        default=False,
        help_text="An admin allowed this receiver on a private, loopback or link-local address",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class WebhookDelivery(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        DELIVERED = "delivered", "Delivered"
        FAILED = "failed", "Failed"
        REFUSED = "refused", "Refused (address not allowed)"

    webhook = models.ForeignKey(Webhook, on_delete=models.CASCADE, related_name="deliveries")
    ticket = models.ForeignKey(
        "tickets.Ticket", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    event = models.CharField(max_length=60)
    payload = models.JSONField(default=dict)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    response_status = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField()
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.event} to {self.webhook_id}"


class AutomationEmail(models.Model):
    """An email an automation sends (to the requester or an agent); sent by a job, once."""

    firing = models.ForeignKey(
        AutomationFiring, null=True, blank=True, on_delete=models.CASCADE, related_name="emails"
    )
    ticket = models.ForeignKey(
        "tickets.Ticket", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    to = models.EmailField()
    from_email = models.CharField(max_length=254, blank=True)
    subject = models.CharField(max_length=250)
    body = models.TextField()
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.subject} to {self.to}"
