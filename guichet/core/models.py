"""Typed custom fields shared by tickets, organisations and contacts. See docs/domain.md."""

from __future__ import annotations

from django.db import models


class CustomField(models.Model):
    class Target(models.TextChoices):
        TICKET = "ticket", "Ticket"
        ORGANISATION = "organisation", "Organisation"
        CONTACT = "contact", "Contact"

    class Kind(models.TextChoices):
        TEXT = "text", "Text"
        NUMBER = "number", "Number"
        DATE = "date", "Date"
        CHOICE = "choice", "Choice"

    brand = models.ForeignKey(
        "brands.Brand",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="custom_fields",
    )
    target = models.CharField(max_length=16, choices=Target.choices)
    key = models.SlugField(max_length=60)
    label = models.CharField(max_length=120)
    kind = models.CharField(max_length=8, choices=Kind.choices)
    choices = models.JSONField(default=list, blank=True)
    required = models.BooleanField(default=False)
    visible_to_customers = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["target", "key"]
        constraints = [
            models.UniqueConstraint(fields=["target", "key"], name="custom_field_unique_key")
        ]

    def __str__(self) -> str:
        return f"{self.target}.{self.key}"
