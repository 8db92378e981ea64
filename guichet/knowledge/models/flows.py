"""Guided troubleshooting flows (decision trees) and the runs of visitors through them.

See docs/knowledge.md ("Guided flows"); the tree is validated by guichet/knowledge/flowgraph.py.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Flow(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    brand = models.ForeignKey("brands.Brand", on_delete=models.CASCADE, related_name="kb_flows")
    language = models.CharField(max_length=8, default="fr")
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=120)
    description = models.CharField(max_length=300, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.DRAFT)
    definition = models.JSONField(default=dict, help_text="{start, steps: {id: {...}}}")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["brand_id", "title", "id"]
        constraints = [
            models.UniqueConstraint(fields=["brand", "slug"], name="kb_flow_unique_slug")
        ]

    def __str__(self) -> str:
        return self.title


class FlowRun(models.Model):
    """One visitor's way through a flow: the steps reached and the options chosen."""

    class Outcome(models.TextChoices):
        IN_PROGRESS = "in_progress", "In progress"
        ARTICLE = "article", "Ended on an article"
        RESOLVED = "resolved", "Resolved"
        TICKET = "ticket", "Ended in a ticket"

    flow = models.ForeignKey(Flow, on_delete=models.CASCADE, related_name="runs")
    token = models.CharField(max_length=32, unique=True)
    visitor = models.CharField(max_length=32, blank=True)
    contact = models.ForeignKey(
        "people.Contact", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    path = models.JSONField(default=list, help_text="[[step_id, option_index or null], ...]")
    outcome = models.CharField(max_length=12, choices=Outcome.choices, default=Outcome.IN_PROGRESS)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["flow", "created_at"], name="kb_flowrun_flow_created")]

    def __str__(self) -> str:
        return f"run {self.token[:8]} of flow {self.flow_id}"
