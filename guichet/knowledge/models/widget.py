"""The contextual help widget's settings per brand. See docs/knowledge.md ("Widget")."""

from __future__ import annotations

from django.db import models


class WidgetConfig(models.Model):
    brand = models.OneToOneField("brands.Brand", on_delete=models.CASCADE, related_name="kb_widget")
    enabled = models.BooleanField(default=True)
    allowed_origins = models.JSONField(
        default=list, blank=True, help_text='Origins allowed by CORS: ["https://app.example.com"]'
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["brand_id"]

    def __str__(self) -> str:
        return f"widget of {self.brand_id}"


class WidgetRule(models.Model):
    """Articles to show on the pages of the customer's product that match a rule.

    `url_pattern` is a path pattern where `*` stands for any characters (`/billing/*`);
    `context_key` matches the key the host page passes (`data-context="prescriptions"`).
    """

    brand = models.ForeignKey("brands.Brand", on_delete=models.CASCADE, related_name="kb_rules")
    name = models.CharField(max_length=120)
    url_pattern = models.CharField(max_length=300, blank=True)
    context_key = models.SlugField(max_length=80, blank=True)
    articles = models.ManyToManyField("knowledge.Article", blank=True, related_name="+")
    position = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["brand_id", "position", "id"]

    def __str__(self) -> str:
        return self.name
