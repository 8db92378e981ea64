"""The hybrid search index as stored in the database. See docs/search.md, "Hybrid search".

One `SearchEntry` per indexed object (a knowledge article, later a ticket or a macro): its
visibility (brand, audience, language), its text (title, body, and labels that match but are
never shown), its analysed terms (stemmed, accent-folded,
space-joined) and its passage vectors (float16, `chunks x dimension`). The database is the source
of truth; each process keeps an in-memory copy (guichet/search/hybrid/memory.py) that it reloads
when `IndexGeneration.generation` of the kind moves, which every write bumps.
"""

from __future__ import annotations

from django.db import models


class Audience(models.IntegerChoices):
    """Who may find an entry; a searcher sees every level up to its own."""

    PUBLIC = 0, "public"
    CUSTOMERS = 1, "signed-in customers"
    INTERNAL = 2, "agents only"


class SearchEntry(models.Model):
    kind = models.CharField(max_length=32)
    object_id = models.BigIntegerField()
    brand_id = models.BigIntegerField(null=True, blank=True)  # None: every brand
    audience = models.PositiveSmallIntegerField(choices=Audience.choices)
    language = models.CharField(max_length=8)
    title = models.TextField(blank=True, default="")
    body = models.TextField(blank=True, default="")
    # Words that find the entry but are never shown (an article's category, section and tags):
    # indexed, embedded and soft-matched after the body, never snippeted (docs/search.md)
    labels = models.TextField(blank=True, default="")
    terms = models.TextField(blank=True, default="")
    vectors = models.BinaryField(null=True, blank=True)
    chunks = models.PositiveSmallIntegerField(default=0)
    model_version = models.CharField(max_length=200, blank=True, default="")
    # French entries' word vector rows and word hashes for soft term matching (soft_match.py,
    # word_vectors.pack), and the vectors they index ("" and None: none, signal off for them)
    word_rows = models.BinaryField(null=True, blank=True)
    word_keys = models.BinaryField(null=True, blank=True)
    word_vectors = models.CharField(max_length=100, blank=True, default="")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["kind", "object_id"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="search_entry_unique"),
        ]
        # refresh.py finds entries embedded by another model version as two ranges of it
        indexes = [models.Index(fields=["model_version"], name="search_entry_model_version")]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}"


class IndexGeneration(models.Model):
    kind = models.CharField(max_length=32, primary_key=True)
    generation = models.BigIntegerField(default=0)

    class Meta:
        ordering = ["kind"]

    def __str__(self) -> str:
        return f"{self.kind} @ {self.generation}"
