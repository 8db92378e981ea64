"""Trained triage models and the predictions stored for tickets. See docs/triage.md."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
from django.conf import settings
from django.db import models


class Target(models.TextChoices):
    CATEGORY = "category", "Category"
    PRIORITY = "priority", "Priority"
    TYPE = "type", "Type"
    TIER = "tier", "Tier (complexity)"


class TriageModel(models.Model):
    """One trained classifier; at most one per (brand, target) is active.

    `artefact` is the classifier as an .npz archive (guichet.triage.model, no pickle).
    `metrics` are its figures on the held-out slice it was validated on.
    `held_out_ids` (the held-out slice's ticket ids, int64 little-endian) and
    `trained_through_id` (the highest ticket id it trained on) say which tickets it never saw,
    so that a later candidate is compared with it fairly (docs/triage.md, "Training and
    promotion"); both are empty for models stored before they existed.
    """

    brand = models.ForeignKey("brands.Brand", on_delete=models.CASCADE, related_name="+")
    target = models.CharField(max_length=20, choices=Target.choices)
    version = models.PositiveIntegerField()
    algorithm = models.CharField(max_length=120)
    embedder_version = models.CharField(max_length=200, blank=True)
    metrics = models.JSONField(default=dict, blank=True)
    n_train = models.PositiveIntegerField(default=0)
    n_validation = models.PositiveIntegerField(default=0)
    train_seconds = models.FloatField(default=0.0)
    artefact = models.BinaryField()
    held_out_ids = models.BinaryField(null=True, blank=True)
    trained_through_id = models.BigIntegerField(null=True, blank=True)
    is_active = models.BooleanField(default=False)
    promoted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["brand_id", "target", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["brand", "target", "version"], name="triagemodel_unique_version"
            ),
            models.UniqueConstraint(
                fields=["brand", "target"],
                condition=models.Q(is_active=True),
                name="triagemodel_one_active",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.target} v{self.version} for brand {self.brand_id}"

    @property
    def model_version(self) -> str:
        return f"triage:{self.target}:v{self.version}"

    @property
    def macro_f1(self) -> float:
        return float(self.metrics.get("macro_f1", 0.0))

    @property
    def held_out_ticket_ids(self) -> frozenset[int] | None:
        """The tickets of its held-out slice; None when the model did not record them."""
        if self.held_out_ids is None:
            return None
        return frozenset(np.frombuffer(bytes(self.held_out_ids), dtype="<i8").tolist())

    @staticmethod
    def encode_ids(ids: Iterable[int]) -> bytes:
        """Ticket ids as `held_out_ids` stores them (sorted int64, 8 bytes each)."""
        return np.array(sorted(ids), dtype="<i8").tobytes()


class PredictionTarget(models.TextChoices):
    """What triage predicts about a ticket or one of its customer messages."""

    CATEGORY = "category", "Category"
    PRIORITY = "priority", "Priority"
    TYPE = "type", "Type"
    TIER = "tier", "Tier (complexity)"
    LANGUAGE = "language", "Language"
    SENTIMENT = "sentiment", "Sentiment"


class TicketPrediction(models.Model):
    """One triage prediction for a ticket (from the text of `message`), and its correction.

    The current prediction of a target is the row with `is_current` (at most one per ticket and
    target); a later triage (a new customer message) replaces it. For the category, `label` is
    the category's id as a string. An agent's correction wins over the label and becomes
    training data (guichet.triage.queries.training_examples).
    """

    ticket = models.ForeignKey(
        "tickets.Ticket", on_delete=models.CASCADE, related_name="predictions"
    )
    message = models.ForeignKey(
        "tickets.Message", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    target = models.CharField(max_length=20, choices=PredictionTarget.choices)
    label = models.CharField(max_length=100, blank=True)
    confidence = models.FloatField(default=0.0)
    score = models.FloatField(null=True, blank=True, help_text="Sentiment score, -1..1")
    cues = models.JSONField(default=list, blank=True)
    source = models.CharField(max_length=20, blank=True)  # model, cold_start, rules
    model_version = models.CharField(max_length=120, blank=True)
    is_current = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    corrected_label = models.CharField(max_length=100, blank=True)
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    corrected_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["ticket_id", "target", "-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["ticket", "target"],
                condition=models.Q(is_current=True),
                name="ticketprediction_one_current",
            ),
        ]
        indexes = [
            models.Index(fields=["target", "corrected_at"], name="ticketprediction_corrected"),
        ]

    def __str__(self) -> str:
        return f"{self.target}={self.current_label} on {self.ticket_id}"

    @property
    def is_corrected(self) -> bool:
        return bool(self.corrected_label)

    @property
    def current_label(self) -> str:
        """The agent's correction when there is one, else the prediction."""
        return self.corrected_label or self.label

    @property
    def current_confidence(self) -> float:
        return 1.0 if self.corrected_label else self.confidence
