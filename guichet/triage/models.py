"""Trained triage models, one series per brand and target. See docs/triage.md."""

from __future__ import annotations

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
