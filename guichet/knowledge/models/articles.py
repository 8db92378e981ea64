"""Articles of a brand's knowledge base, their categories, versions, images and ticket links.

See docs/knowledge.md.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone


class Visibility(models.TextChoices):
    PUBLIC = "public", "Public"
    CUSTOMERS = "customers", "Signed-in customers"
    INTERNAL = "internal", "Internal (agents only)"


class State(models.TextChoices):
    DRAFT = "draft", "Draft"
    REVIEW = "review", "In review"
    PUBLISHED = "published", "Published"
    ARCHIVED = "archived", "Archived"


class Shape(models.TextChoices):
    """The template an article was started from (its usual shape)."""

    FREE = "free", "Free"
    TASK = "task", "Task"
    SYMPTOM = "symptom", "Symptom → resolution"
    FAQ = "faq", "FAQ"


class Category(models.Model):
    """A top-level group of the help centre (e.g. "Impression"), per brand."""

    brand = models.ForeignKey(
        "brands.Brand", on_delete=models.CASCADE, related_name="kb_categories"
    )
    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=80)
    description = models.CharField(max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    translations = models.JSONField(
        default=dict, blank=True, help_text='{"en": {"name": ..., "description": ...}}'
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["brand_id", "position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["brand", "slug"], name="kb_category_unique_slug")
        ]
        verbose_name_plural = "categories"

    def __str__(self) -> str:
        return self.name

    def name_in(self, language: str) -> str:
        return str(self.translations.get(language, {}).get("name") or self.name)

    def description_in(self, language: str) -> str:
        """The translated description; none rather than another language's when the category
        is translated into `language` without one."""
        translated = self.translations.get(language)
        if translated:
            return str(translated.get("description") or "")
        return self.description


class Section(models.Model):
    """A group of articles inside a category (e.g. "Imprimante et pilotes")."""

    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="sections")
    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=80)
    description = models.CharField(max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    translations = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["category_id", "position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["category", "slug"], name="kb_section_unique_slug")
        ]

    def __str__(self) -> str:
        return self.name

    def name_in(self, language: str) -> str:
        return str(self.translations.get(language, {}).get("name") or self.name)


class Article(models.Model):
    """One article in one language. Translations share a `family` (one article per language)."""

    brand = models.ForeignKey("brands.Brand", on_delete=models.CASCADE, related_name="kb_articles")
    section = models.ForeignKey(
        Section, null=True, blank=True, on_delete=models.SET_NULL, related_name="articles"
    )
    language = models.CharField(max_length=8, default="fr")
    family = models.UUIDField(default=uuid.uuid4, help_text="Shared by the translations")
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=120, allow_unicode=False)
    summary = models.CharField(max_length=300, blank=True, help_text="Meta description")
    body = models.TextField(blank=True, help_text="Markdown")
    body_html = models.TextField(blank=True, help_text="Rendered and sanitised")
    shape = models.CharField(max_length=10, choices=Shape.choices, default=Shape.FREE)
    state = models.CharField(max_length=10, choices=State.choices, default=State.DRAFT)
    visibility = models.CharField(
        max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    review_by = models.DateField(null=True, blank=True)
    tags = models.ManyToManyField("tickets.Tag", blank=True, related_name="kb_articles")
    version = models.PositiveIntegerField(default=1)
    position = models.PositiveSmallIntegerField(default=0)
    published_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["brand_id", "position", "title", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["family", "language"], name="kb_one_translation_per_lang"
            )
        ]
        indexes = [
            models.Index(fields=["brand", "state", "language"], name="kb_article_brand_state"),
            models.Index(fields=["family"], name="kb_article_family"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.state == State.PUBLISHED

    def is_stale_on(self, day: dt.date) -> bool:
        """Past its review-by date while still live (drafts and archives are not flagged)."""
        return (
            self.review_by is not None
            and self.review_by < day
            and self.state in (State.PUBLISHED, State.REVIEW)
        )

    @property
    def is_stale(self) -> bool:
        return self.is_stale_on(timezone.localdate())


class ArticleVersion(models.Model):
    """A saved state of an article's text; restoring one writes a new version."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    summary = models.CharField(max_length=300, blank=True)
    body = models.TextField(blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["article_id", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["article", "number"], name="kb_version_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.article_id} v{self.number}"


def image_path(instance: ArticleImage, filename: str) -> str:
    return f"kb/{instance.sha256[:2]}/{instance.sha256}"


class ArticleImage(models.Model):
    """An image uploaded for articles; served inline only for sniffed raster types."""

    brand = models.ForeignKey("brands.Brand", on_delete=models.CASCADE, related_name="+")
    file = models.FileField(upload_to=image_path, max_length=255)
    filename = models.CharField(max_length=255)
    content_type = models.CharField(max_length=60, help_text="Sniffed from the content")
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.filename


class ArticleTicketLink(models.Model):
    """An article that answers (or was written from) a ticket."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="ticket_links")
    ticket = models.ForeignKey("tickets.Ticket", on_delete=models.CASCADE, related_name="kb_links")
    created_from = models.BooleanField(default=False, help_text="The article was written from it")
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["article", "ticket"], name="kb_link_unique")]

    def __str__(self) -> str:
        return f"article {self.article_id} ↔ ticket {self.ticket_id}"
