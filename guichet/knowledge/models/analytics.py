"""What self-service visitors did: searches, article views, votes, suggestion sessions.

See docs/knowledge.md ("Analytics"). A visitor is a random id kept in the session, so that the
searches of an anonymous visitor who then signs in are tied to their contact.
"""

from __future__ import annotations

from django.db import models


class Source(models.TextChoices):
    HELP_CENTRE = "help", "Help centre"
    WIDGET = "widget", "Widget"
    SUGGESTION = "suggest", "Ticket form suggestions"
    RELATED = "related", "Related articles"
    FLOW = "flow", "Guided flow"
    DIRECT = "direct", "Direct"


class SearchEvent(models.Model):
    """One search (successive keystrokes of the same visitor are folded into one event)."""

    brand = models.ForeignKey("brands.Brand", on_delete=models.CASCADE, related_name="+")
    language = models.CharField(max_length=8)
    query = models.CharField(max_length=200)
    normalised = models.CharField(max_length=200, help_text="Lower-case, accents folded")
    result_count = models.PositiveSmallIntegerField(default=0)
    source = models.CharField(max_length=8, choices=Source.choices, default=Source.HELP_CENTRE)
    visitor = models.CharField(max_length=32, blank=True)
    contact = models.ForeignKey(
        "people.Contact", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    clicked_article = models.ForeignKey(
        "knowledge.Article", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    clicked_at = models.DateTimeField(null=True, blank=True)
    asked_for_help = models.BooleanField(default=False, help_text='"Still need help?" clicked')
    ticket = models.ForeignKey(
        "tickets.Ticket", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    settled_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["brand", "created_at"], name="kb_search_brand_created"),
            models.Index(fields=["settled_at", "created_at"], name="kb_search_settle"),
            models.Index(fields=["visitor", "created_at"], name="kb_search_visitor"),
        ]

    def __str__(self) -> str:
        return self.query


class ArticleView(models.Model):
    article = models.ForeignKey("knowledge.Article", on_delete=models.CASCADE, related_name="views")
    brand = models.ForeignKey("brands.Brand", on_delete=models.CASCADE, related_name="+")
    source = models.CharField(max_length=8, choices=Source.choices, default=Source.DIRECT)
    visitor = models.CharField(max_length=32, blank=True)
    contact = models.ForeignKey(
        "people.Contact", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    search = models.ForeignKey(
        SearchEvent, null=True, blank=True, on_delete=models.SET_NULL, related_name="views"
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["brand", "created_at"], name="kb_view_brand_created"),
            models.Index(fields=["article", "created_at"], name="kb_view_article_created"),
        ]

    def __str__(self) -> str:
        return f"view of {self.article_id}"


class ArticleFeedback(models.Model):
    """ "Was this helpful?": one vote per visitor and article (voting again replaces it)."""

    article = models.ForeignKey(
        "knowledge.Article", on_delete=models.CASCADE, related_name="feedback"
    )
    helpful = models.BooleanField()
    comment = models.TextField(blank=True, max_length=2000)
    visitor = models.CharField(max_length=32)
    contact = models.ForeignKey(
        "people.Contact", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["-updated_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["article", "visitor"], name="kb_one_vote_per_visitor")
        ]

    def __str__(self) -> str:
        return f"{'+' if self.helpful else '-'} {self.article_id}"


class Outcome(models.TextChoices):
    PENDING = "pending", "Pending"
    DEFLECTED = "deflected", "Deflected"
    TICKET = "ticket", "Ticket submitted"
    ABANDONED = "abandoned", "Left without reading"


class SuggestionSession(models.Model):
    """Articles suggested on the portal's ticket form, and what the customer did next.

    Deflection: an article was opened from the suggestions and the customer submitted no ticket
    within the window (guichet/knowledge/deflection.py).
    """

    brand = models.ForeignKey("brands.Brand", on_delete=models.CASCADE, related_name="+")
    token = models.CharField(max_length=32, unique=True)
    contact = models.ForeignKey("people.Contact", on_delete=models.CASCADE, related_name="+")
    last_query = models.CharField(max_length=300, blank=True)
    suggested = models.JSONField(default=list, blank=True, help_text="Article ids shown")
    opened_article = models.ForeignKey(
        "knowledge.Article", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    opened_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices, default=Outcome.PENDING)
    ticket = models.ForeignKey(
        "tickets.Ticket", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    settled_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["outcome", "updated_at"], name="kb_suggest_pending"),
            models.Index(fields=["brand", "created_at"], name="kb_suggest_brand_created"),
        ]

    def __str__(self) -> str:
        return f"suggestions {self.token[:8]} ({self.outcome})"
