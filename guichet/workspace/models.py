"""Agent workspace state: personal saved queue views and live presence on tickets.

See docs/workspace.md.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class SavedView(models.Model):
    """A named set of queue filters that one agent keeps in the sidebar."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_views"
    )
    name = models.CharField(max_length=80)
    filters = models.JSONField(default=dict, blank=True, help_text="Queue query parameters")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "name"], name="saved_view_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class Presence(models.Model):
    """Who has a ticket open right now (refreshed by a poll; stale after PRESENCE_TTL)."""

    class State(models.TextChoices):
        VIEWING = "viewing", "Viewing"
        REPLYING = "replying", "Replying"

    ticket = models.ForeignKey("tickets.Ticket", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    state = models.CharField(max_length=10, choices=State.choices, default=State.VIEWING)
    seen_at = models.DateTimeField()

    class Meta:
        ordering = ["seen_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["ticket", "user"], name="presence_unique_user")
        ]
        indexes = [models.Index(fields=["ticket", "seen_at"], name="presence_ticket_seen")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.state} {self.ticket_id}"
