"""In-app notifications (assigned, mentioned, customer replied). See docs/domain.md."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from guichet.notifications.labels import KIND_LABELS


class Notification(models.Model):
    class EmailState(models.TextChoices):
        NONE = "", "Not emailed"
        QUEUED = "queued", "Queued"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    class Kind(models.TextChoices):
        # Labels from the one table of kind labels (French msgids, lazily translated).
        ASSIGNED = "assigned", KIND_LABELS["assigned"]
        MENTIONED = "mentioned", KIND_LABELS["mentioned"]
        CUSTOMER_REPLIED = "customer_replied", KIND_LABELS["customer_replied"]
        ESCALATED = "escalated", KIND_LABELS["escalated"]

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    ticket = models.ForeignKey(
        "tickets.Ticket", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    text = models.CharField(max_length=300)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    # The email copy's delivery: queued when enqueued, then sent or failed (with the error).
    email_state = models.CharField(
        max_length=10, choices=EmailState.choices, default="", blank=True
    )
    email_attempts = models.PositiveSmallIntegerField(default=0)
    email_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_user_unread")]

    def __str__(self) -> str:
        return self.text
