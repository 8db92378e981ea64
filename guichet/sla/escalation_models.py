"""Escalation rules, their timers, the escalation history and the on-call rota.

See docs/sla.md ("Escalation"). Models of the `sla` app (imported by `guichet.sla.models`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from guichet.sla.choices import Metric, RuleTrigger


class OnCallRota(models.Model):
    """Members take turns, one shift each (e.g. a week from Monday 09:00 in `timezone`);
    an override puts someone else on call for a while."""

    brand = models.ForeignKey(
        "brands.Brand", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    name = models.CharField(max_length=120)
    timezone = models.CharField(max_length=64, default="Europe/Paris")
    starts_at = models.DateTimeField(help_text="When the first member's first shift begins")
    shift_hours = models.PositiveSmallIntegerField(default=168)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(shift_hours__gt=0), name="oncall_shift_positive")
        ]

    def __str__(self) -> str:
        return self.name


class OnCallMember(models.Model):
    rota = models.ForeignKey(OnCallRota, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["rota_id", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["rota", "user"], name="oncall_member_once")]

    def __str__(self) -> str:
        return f"{self.user_id} in {self.rota_id}"


class OnCallOverride(models.Model):
    rota = models.ForeignKey(OnCallRota, on_delete=models.CASCADE, related_name="overrides")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["rota_id", "starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="oncall_override_order"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} on {self.rota_id} from {self.starts_at}"


class EscalationRule(models.Model):
    """When a matching ticket has waited too long (or an SLA warns or breaches): notify the
    supervisors, move the ticket up a tier, page the on-call person, call a webhook."""

    brand = models.ForeignKey(
        "brands.Brand", on_delete=models.CASCADE, related_name="escalation_rules"
    )
    name = models.CharField(max_length=120)
    position = models.PositiveIntegerField(default=0)
    active = models.BooleanField(default=True)
    conditions = models.JSONField(default=dict, blank=True)
    trigger = models.CharField(
        max_length=8, choices=RuleTrigger.choices, default=RuleTrigger.ELAPSED
    )
    metric = models.CharField(
        max_length=12,
        choices=Metric.choices,
        blank=True,
        help_text="Whose clock; empty with 'elapsed' and 0 minutes: as soon as a ticket matches",
    )
    after_minutes = models.PositiveIntegerField(default=0, help_text="Business minutes")
    notify_supervisors = models.BooleanField(default=False)
    escalate_to_tier = models.PositiveSmallIntegerField(null=True, blank=True)
    page_rota = models.ForeignKey(
        OnCallRota, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    webhook = models.ForeignKey(
        "automations.Webhook", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["brand_id", "position", "id"]

    def __str__(self) -> str:
        return self.name


class EscalationTimer(models.Model):
    """An 'elapsed' rule's alarm for one ticket (and one of its SLA clocks, if the rule has
    a metric). `fire_at` follows the clock's pauses; the sweep claims it via `fired_at`."""

    rule = models.ForeignKey(EscalationRule, on_delete=models.CASCADE, related_name="timers")
    ticket = models.ForeignKey(
        "tickets.Ticket", on_delete=models.CASCADE, related_name="escalation_timers"
    )
    target = models.ForeignKey(
        "sla.TicketTarget", null=True, blank=True, on_delete=models.CASCADE, related_name="timers"
    )
    fire_at = models.DateTimeField(null=True, blank=True)
    fired_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["rule", "target"],
                condition=Q(target__isnull=False),
                name="escalation_timer_once_per_target",
            ),
            models.UniqueConstraint(
                fields=["rule", "ticket"],
                condition=Q(target__isnull=True),
                name="escalation_timer_once_per_ticket",
            ),
        ]
        indexes = [
            models.Index(
                fields=["fire_at"],
                condition=Q(fired_at__isnull=True, cancelled_at__isnull=True),
                name="escalation_timer_pending",
            )
        ]

    def __str__(self) -> str:
        return f"rule {self.rule_id} on ticket {self.ticket_id}"


class EscalationRecord(models.Model):
    """One escalation of a ticket (manual or by a rule): the history and the tier rates."""

    ticket = models.ForeignKey(
        "tickets.Ticket", on_delete=models.CASCADE, related_name="escalations"
    )
    event = models.OneToOneField(
        "audit.Event", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    from_tier = models.PositiveSmallIntegerField()
    to_tier = models.PositiveSmallIntegerField()
    reason = models.TextField(blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    rule = models.ForeignKey(
        EscalationRule, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    automatic = models.BooleanField(default=False)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["ticket_id", "created_at", "id"]
        indexes = [models.Index(fields=["created_at"], name="escalation_record_created")]

    def __str__(self) -> str:
        return f"{self.ticket_id}: N{self.from_tier} -> N{self.to_tier}"
