"""The log of every call to an AI provider. See docs/triage.md."""

from __future__ import annotations

from django.db import models


class AiCall(models.Model):
    """One call (or one batch) to an AI provider: what for, which model, how it went.

    Inputs are recorded by hash and size, never verbatim: tickets hold personal data.
    """

    class Outcome(models.TextChoices):
        OK = "ok", "OK"
        ERROR = "error", "Error"
        FALLBACK = "fallback", "Fallback"

    feature = models.CharField(max_length=60, help_text="What asked: triage.predict, search.index")
    provider = models.CharField(max_length=40)
    model_version = models.CharField(max_length=200, blank=True)
    input_hash = models.CharField(max_length=64, blank=True, help_text="SHA-256 of the inputs")
    input_count = models.PositiveIntegerField(default=0, help_text="Number of texts")
    input_chars = models.PositiveIntegerField(default=0)
    outcome = models.CharField(max_length=10, choices=Outcome.choices, default=Outcome.OK)
    detail = models.CharField(max_length=500, blank=True, help_text="Error or fallback reason")
    latency_ms = models.FloatField(default=0.0)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["feature", "-created_at"], name="aicall_feature_created")]

    def __str__(self) -> str:
        return f"{self.feature} via {self.provider}: {self.outcome}"
