"""The audit trail: every change is an event (who, what, old -> new, when). See docs/domain.md."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Event(models.Model):
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    verb = models.CharField(max_length=60, help_text="Past tense: ticket_assigned, contact_merged")
    target_type = models.CharField(max_length=40)
    target_id = models.BigIntegerField()
    ticket = models.ForeignKey(
        "tickets.Ticket", null=True, blank=True, on_delete=models.CASCADE, related_name="events"
    )
    changes = models.JSONField(default=list, blank=True, help_text="[{field, old, new}]")
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["target_type", "target_id"], name="event_target"),
            models.Index(fields=["ticket", "created_at"], name="event_ticket_created"),
        ]

    def __str__(self) -> str:
        return f"{self.verb} {self.target_type}#{self.target_id}"
