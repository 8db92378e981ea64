"""The search index: one document per ticket and per contact. See docs/search.md.

`TicketDocument` and `ContactDocument` are ordinary tables written by guichet/search/index.py on
every database. Each backend adds its own structure in migration 0002:
- SQLite: an external-content FTS5 table kept in step by triggers (read through `TicketFts`);
- PostgreSQL: a generated, GIN-indexed tsvector column (read through `TicketVector`).
The read-only models below are unmanaged: they only let the ORM join those structures.
"""

from __future__ import annotations

from django.contrib.postgres.search import SearchVectorField
from django.db import models

from guichet.search.fields import Fts5Field


class TicketDocument(models.Model):
    ticket = models.OneToOneField(
        "tickets.Ticket",
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="search_document",
    )
    title = models.TextField(blank=True, default="")
    public_text = models.TextField(blank=True, default="")
    internal_text = models.TextField(blank=True, default="")
    indexed_at = models.DateTimeField()

    class Meta:
        ordering = ["ticket"]

    def __str__(self) -> str:
        return f"search document of ticket {self.ticket_id}"


class ContactDocument(models.Model):
    contact = models.OneToOneField(
        "people.Contact",
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="search_document",
    )
    name = models.TextField(blank=True, default="")
    details = models.TextField(blank=True, default="")
    indexed_at = models.DateTimeField()

    class Meta:
        ordering = ["contact"]

    def __str__(self) -> str:
        return f"search document of contact {self.contact_id}"


# --- SQLite: FTS5 tables (rowid = ticket / contact id) -------------------------------------


class TicketFts(models.Model):
    ticket = models.OneToOneField(
        "tickets.Ticket",
        primary_key=True,
        db_column="rowid",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="search_fts",
    )
    fts = Fts5Field(db_column="search_ticket_fts")
    rank = models.FloatField(db_column="rank")

    class Meta:
        managed = False
        db_table = "search_ticket_fts"
        ordering = ["ticket"]

    def __str__(self) -> str:
        return f"fts row of ticket {self.ticket_id}"


class ContactFts(models.Model):
    contact = models.OneToOneField(
        "people.Contact",
        primary_key=True,
        db_column="rowid",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="search_fts",
    )
    fts = Fts5Field(db_column="search_contact_fts")
    rank = models.FloatField(db_column="rank")

    class Meta:
        managed = False
        db_table = "search_contact_fts"
        ordering = ["contact"]

    def __str__(self) -> str:
        return f"fts row of contact {self.contact_id}"


# --- PostgreSQL: the generated tsvector column of the document tables ----------------------


class TicketVector(models.Model):
    ticket = models.OneToOneField(
        "tickets.Ticket",
        primary_key=True,
        db_column="ticket_id",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="search_tsv",
    )
    vector = SearchVectorField(db_column="search_vector")

    class Meta:
        managed = False
        db_table = "search_ticketdocument"
        ordering = ["ticket"]

    def __str__(self) -> str:
        return f"tsvector of ticket {self.ticket_id}"


class ContactVector(models.Model):
    contact = models.OneToOneField(
        "people.Contact",
        primary_key=True,
        db_column="contact_id",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="search_tsv",
    )
    vector = SearchVectorField(db_column="search_vector")

    class Meta:
        managed = False
        db_table = "search_contactdocument"
        ordering = ["contact"]

    def __str__(self) -> str:
        return f"tsvector of contact {self.contact_id}"
