"""Brands and their category trees. See docs/domain.md."""

from __future__ import annotations

from django.db import models


class Brand(models.Model):
    """One support operation: its host name, ticket prefix, languages and identity."""

    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=60, unique=True)
    host = models.CharField(max_length=255, blank=True, help_text="Host name of its help centre")
    ticket_prefix = models.CharField(max_length=8, unique=True)
    languages = models.JSONField(default=list, blank=True)
    default_language = models.CharField(max_length=8, default="fr")
    timezone = models.CharField(max_length=64, default="Europe/Paris")
    legal_name = models.CharField(max_length=200, blank=True)
    support_email = models.EmailField(blank=True)
    next_ticket_number = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Category(models.Model):
    """A node of a brand's category tree, with the team and tier that usually handle it."""

    brand = models.ForeignKey(Brand, on_delete=models.CASCADE, related_name="categories")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=80)
    description = models.TextField(blank=True)
    default_team = models.ForeignKey(
        "people.Team", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    default_tier = models.PositiveSmallIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["brand_id", "name"]
        constraints = [
            models.UniqueConstraint(fields=["brand", "slug"], name="category_unique_slug_per_brand")
        ]
        verbose_name_plural = "categories"

    def __str__(self) -> str:
        return self.name

    @property
    def path(self) -> str:
        names: list[str] = []
        node: Category | None = self
        while node is not None:
            names.append(node.name)
            node = node.parent
        return " / ".join(reversed(names))
