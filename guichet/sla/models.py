"""Calendars, SLA policies and the per-ticket SLA clocks. See docs/sla.md ("Policies and timers").

Escalation rules and the on-call rota are in `escalation_models.py` (imported at the end so that
Django finds them as models of this app).
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from guichet.sla.choices import Metric, Outcome
from guichet.tickets.models import Priority


class BusinessCalendar(models.Model):
    """The stored form of a `guichet.sla.calendar.Calendar` (built by `calendars.calendar_of`)."""

    brand = models.ForeignKey(
        "brands.Brand",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="Empty: shared by every brand",
    )
    name = models.CharField(max_length=120)
    timezone = models.CharField(max_length=64, default="Europe/Paris")
    weekly_hours = models.JSONField(
        default=dict, blank=True, help_text='{"mon-fri": "09:00-12:00, 14:00-18:00"}'
    )
    public_holidays = models.CharField(
        max_length=16, blank=True, help_text='"FR", or a subdivision: "FR-57", "FR-6AE"'
    )
    holidays = models.JSONField(default=list, blank=True, help_text='["2025-12-26"]')
    exceptions = models.JSONField(
        default=dict, blank=True, help_text='{"2025-12-24": "09:00-12:00"}'
    )
    open_days = models.JSONField(default=list, blank=True, help_text="Open on these holidays")
    ics_name = models.CharField(max_length=200, blank=True)
    ics_closed_days = models.JSONField(default=list, blank=True)
    ics_closures = models.JSONField(default=list, blank=True, help_text="[[start, end], ...]")
    ics_skipped = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class SlaPolicy(models.Model):
    """A brand's promise for the tickets its conditions match (first match wins, by position;
    the default policy applies when none matches)."""

    brand = models.ForeignKey("brands.Brand", on_delete=models.CASCADE, related_name="sla_policies")
    name = models.CharField(max_length=120)
    position = models.PositiveIntegerField(default=0)
    is_default = models.BooleanField(default=False)
    active = models.BooleanField(default=True)
    conditions = models.JSONField(
        default=dict, blank=True, help_text='{"segment": ["enterprise"], "priority": ["urgent"]}'
    )
    calendar = models.ForeignKey(BusinessCalendar, on_delete=models.PROTECT, related_name="+")
    warning_percent = models.PositiveSmallIntegerField(default=75)
    pause_when_pending = models.BooleanField(default=True)
    pause_when_on_hold = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["brand_id", "is_default", "position", "id"]
        verbose_name_plural = "SLA policies"
        constraints = [
            models.UniqueConstraint(
                fields=["brand"], condition=Q(is_default=True), name="sla_one_default_per_brand"
            ),
            models.CheckConstraint(
                condition=Q(warning_percent__gte=1, warning_percent__lte=99),
                name="sla_warning_percent_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class SlaPolicyTarget(models.Model):
    """How many business minutes a policy allows for one metric at one priority."""

    policy = models.ForeignKey(SlaPolicy, on_delete=models.CASCADE, related_name="targets")
    metric = models.CharField(max_length=12, choices=Metric.choices)
    priority = models.CharField(max_length=8, choices=Priority.choices)
    minutes = models.PositiveIntegerField()
    calendar = models.ForeignKey(
        BusinessCalendar,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Empty: the policy's calendar",
    )

    class Meta:
        ordering = ["policy_id", "metric", "priority"]
        constraints = [
            models.UniqueConstraint(
                fields=["policy", "metric", "priority"], name="sla_policy_target_unique"
            ),
            models.CheckConstraint(condition=Q(minutes__gt=0), name="sla_target_minutes_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.metric}/{self.priority}: {self.minutes} min"


class TicketSla(models.Model):
    """A ticket's SLA state: the policy and priority its clocks use, and since when it has
    been in its current status (for pauses and time-based automations)."""

    ticket = models.OneToOneField(
        "tickets.Ticket", primary_key=True, on_delete=models.CASCADE, related_name="sla"
    )
    policy = models.ForeignKey(
        SlaPolicy, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    priority = models.CharField(max_length=8, choices=Priority.choices)
    status = models.CharField(max_length=10)
    status_since = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["ticket_id"]
        indexes = [models.Index(fields=["status", "status_since"], name="sla_state_status_since")]

    def __str__(self) -> str:
        return f"SLA of ticket {self.ticket_id}"


class TicketTarget(models.Model):
    """One SLA clock of a ticket (first reply, the n-th next reply, resolution) and its history.

    `due_at` and `warn_at` are None while a pause holds the clock. The sweep claims a warning
    by setting `warned_at` and a breach by setting `breached_at` (conditional UPDATE), so each
    fires once. `completed_at` ends the clock: `outcome` met / breached (completed late) /
    cancelled, `elapsed_minutes` of business time used, `margin_minutes` left (negative: late
    by that much).
    """

    ticket = models.ForeignKey(
        "tickets.Ticket", on_delete=models.CASCADE, related_name="sla_targets"
    )
    metric = models.CharField(max_length=12, choices=Metric.choices)
    cycle = models.PositiveSmallIntegerField(default=0, help_text="n-th next reply; 0 otherwise")
    policy = models.ForeignKey(
        SlaPolicy, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    calendar = models.ForeignKey(BusinessCalendar, on_delete=models.PROTECT, related_name="+")
    target_minutes = models.PositiveIntegerField()
    warning_percent = models.PositiveSmallIntegerField(default=75)
    started_at = models.DateTimeField()
    pauses = models.JSONField(default=list, blank=True, help_text="[[start, end or null], ...]")
    due_at = models.DateTimeField(null=True, blank=True)
    warn_at = models.DateTimeField(null=True, blank=True)
    warned_at = models.DateTimeField(null=True, blank=True)
    breached_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices, blank=True)
    elapsed_minutes = models.FloatField(null=True, blank=True)
    margin_minutes = models.FloatField(null=True, blank=True)
    history = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["ticket_id", "started_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["ticket", "metric", "cycle"], name="sla_ticket_target_unique"
            )
        ]
        indexes = [
            models.Index(
                fields=["warn_at"],
                condition=Q(warned_at__isnull=True, completed_at__isnull=True),
                name="sla_target_warn_pending",
            ),
            models.Index(
                fields=["due_at"],
                condition=Q(breached_at__isnull=True, completed_at__isnull=True),
                name="sla_target_breach_pending",
            ),
            models.Index(
                fields=["ticket", "due_at"],
                condition=Q(completed_at__isnull=True),
                name="sla_target_running",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.metric} #{self.cycle} of ticket {self.ticket_id}"

    @property
    def is_running(self) -> bool:
        return self.completed_at is None

    @property
    def is_paused(self) -> bool:
        return self.completed_at is None and any(end is None for _start, end in self.pauses)


class DispatchedEvent(models.Model):
    """An audit event a job has handled (so that a job run twice acts once)."""

    event = models.ForeignKey("audit.Event", on_delete=models.CASCADE, related_name="+")
    handler = models.CharField(max_length=40)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "handler"], name="sla_dispatched_once")
        ]

    def __str__(self) -> str:
        return f"{self.handler} of event {self.event_id}"


from guichet.sla.escalation_models import (  # noqa: E402, F401
    EscalationRecord,
    EscalationRule,
    EscalationTimer,
    OnCallMember,
    OnCallOverride,
    OnCallRota,
)
