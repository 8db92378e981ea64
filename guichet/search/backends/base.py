"""What a lexical search backend does, whatever the database. See docs/search.md.

A backend filters a queryset of the indexed model down to the rows that match a ParsedQuery and
annotates each with `search_rank` (higher is better). It never orders: the caller chooses the
tie-breaks. A later dense (vector) backend can sit beside it; hybrid search fuses their rankings.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any, Protocol

from django.db.models import QuerySet

from guichet.search.text import ParsedQuery

RANK = "search_rank"


@dataclass(frozen=True)
class LexicalIndex:
    """One searchable kind of object, named as each backend needs it."""

    name: str
    fts_relation: str  # SQLite: reverse accessor of the FTS5 row model on the searched model
    vector_relation: str  # PostgreSQL: reverse accessor of the tsvector row model
    public_columns: tuple[str, ...]  # FTS5 columns that a restricted audience may match
    public_weights: str  # tsvector weights that a restricted audience may match


TICKETS = LexicalIndex(
    name="ticket",
    fts_relation="search_fts",
    vector_relation="search_tsv",
    public_columns=("title", "public_text"),
    public_weights="AB",
)
CONTACTS = LexicalIndex(
    name="contact",
    fts_relation="search_fts",
    vector_relation="search_tsv",
    public_columns=("name", "details"),
    public_weights="AB",
)


class LexicalBackend(Protocol):
    def search(
        self, queryset: QuerySet[Any], index: LexicalIndex, query: ParsedQuery, *, restricted: bool
    ) -> QuerySet[Any]:
        """Matching rows annotated with RANK; `restricted` matches public parts only."""
        ...

    def bulk_load(self) -> AbstractContextManager[None]:
        """Around a full rebuild of an empty index: defer what is cheaper to build at the end."""
        ...
