"""The lexical index of articles, built like guichet/search's (see docs/search.md, docs/knowledge.md).

`ArticleDocument` is an ordinary table (pre-tokenised text); migration 0002 adds an FTS5 table kept
in step by triggers on SQLite, and a generated, GIN-indexed tsvector column on PostgreSQL. The
unmanaged models below only let the ORM join those structures.
"""

from __future__ import annotations

from django.contrib.postgres.search import SearchVectorField
from django.db import models

from guichet.search.fields import Fts5Field


class ArticleDocument(models.Model):
    article = models.OneToOneField(
        "knowledge.Article", primary_key=True, on_delete=models.CASCADE, related_name="document"
    )
    title = models.TextField(blank=True, default="")
    keywords = models.TextField(blank=True, default="", help_text="Summary, tags, section")
    body = models.TextField(blank=True, default="")
    indexed_at = models.DateTimeField()

    class Meta:
        ordering = ["article"]

    def __str__(self) -> str:
        return f"search document of article {self.article_id}"


class ArticleFts(models.Model):
    article = models.OneToOneField(
        "knowledge.Article",
        primary_key=True,
        db_column="rowid",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="kb_fts",
    )
    fts = Fts5Field(db_column="knowledge_article_fts")
    rank = models.FloatField(db_column="rank")

    class Meta:
        managed = False
        db_table = "knowledge_article_fts"
        ordering = ["article"]

    def __str__(self) -> str:
        return f"fts row of article {self.article_id}"


class ArticleVector(models.Model):
    article = models.OneToOneField(
        "knowledge.Article",
        primary_key=True,
        db_column="article_id",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="kb_tsv",
    )
    vector = SearchVectorField(db_column="search_vector")

    class Meta:
        managed = False
        db_table = "knowledge_articledocument"
        ordering = ["article"]

    def __str__(self) -> str:
        return f"tsvector of article {self.article_id}"
