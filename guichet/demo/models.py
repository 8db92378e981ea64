"""What the demo generator loaded: its parameters and progress, and each ticket's ground truth.

See docs/demo.md.
"""

from __future__ import annotations

from django.db import models


class DemoDataset(models.Model):
    """One row: the seed, size and anchor ("now") of the demo data, and how far loading got.

    The history phase reads its parameters here, so it continues the timeline the core phase
    started, and resumes after an interruption (each committed batch moves `history_progress`).
    """

    seed = models.IntegerField()
    tickets_per_brand = models.PositiveIntegerField()
    anchor = models.DateTimeField(help_text="The moment the history ends at")
    core_loaded_at = models.DateTimeField(null=True, blank=True)
    core_seconds = models.FloatField(null=True, blank=True)
    history_progress = models.JSONField(
        default=dict, blank=True, help_text="brand slug -> number of older tickets loaded"
    )
    history_loaded_at = models.DateTimeField(null=True, blank=True)
    history_seconds = models.FloatField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"demo seed={self.seed} tickets={self.tickets_per_brand}"


class TicketLabel(models.Model):
    """The truth the generator wrote a demo ticket from, to train and measure triage."""

    class Sentiment(models.TextChoices):
        NEGATIVE = "negative", "Negative"
        NEUTRAL = "neutral", "Neutral"
        POSITIVE = "positive", "Positive"

    ticket = models.OneToOneField(
        "tickets.Ticket", on_delete=models.CASCADE, primary_key=True, related_name="demo_label"
    )
    intent = models.CharField(max_length=60)
    sentiment = models.CharField(max_length=10, choices=Sentiment.choices)
    vague = models.BooleanField(default=False, help_text="The text does not say what is wrong")

    class Meta:
        ordering = ["ticket_id"]

    def __str__(self) -> str:
        return f"{self.ticket_id}: {self.intent}/{self.sentiment}"
