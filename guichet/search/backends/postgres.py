"""PostgreSQL backend: tsquery against the generated tsvector column, ts_rank. See docs/search.md."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import F, QuerySet

from guichet.search.backends.base import RANK, LexicalIndex
from guichet.search.text import ParsedQuery

CONFIG = "guichet_simple"
# The GIN indexes created by migration search/0002 (same names there).
GIN_INDEXES = {
    "search_ticketdocument_vector": "search_ticketdocument",
    "search_contactdocument_vector": "search_contactdocument",
}


def tsquery_text(query: ParsedQuery, weights: str = "") -> str:
    """A to_tsquery() string: phrases joined by &, words of a phrase by <->, the last one
    prefix-matched (:*); `weights` restricts every word to those labels (e.g. AB)."""

    def operand(word: str, prefix: bool) -> str:
        quoted = "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"
        flags = ("*" if prefix else "") + weights
        return f"{quoted}:{flags}" if flags else quoted

    phrases = []
    for phrase in query.phrases:
        last = len(phrase.words) - 1
        parts = [operand(word, phrase.prefix and i == last) for i, word in enumerate(phrase.words)]
        phrases.append("(" + " <-> ".join(parts) + ")")
    return " & ".join(phrases)


class PostgresBackend:
    def search(
        self, queryset: QuerySet[Any], index: LexicalIndex, query: ParsedQuery, *, restricted: bool
    ) -> QuerySet[Any]:
        text = tsquery_text(query, index.public_weights if restricted else "")
        tsquery = SearchQuery(text, search_type="raw", config=CONFIG)
        vector = F(f"{index.vector_relation}__vector")
        return queryset.filter(**{f"{index.vector_relation}__vector": tsquery}).annotate(
            **{RANK: SearchRank(vector, tsquery)}
        )

    @contextmanager
    def bulk_load(self) -> Iterator[None]:
        """Building a GIN index once is several times faster than updating it row by row.

        If the rebuild fails midway, the index is re-created anyway: search stays correct.
        Only outside a transaction: inside one, DROP INDEX would lock the table until it ends
        (and CREATE INDEX fails while deferred foreign-key checks are pending).
        """
        if connection.in_atomic_block:
            yield
            return
        with connection.cursor() as cursor:
            for name in GIN_INDEXES:
                cursor.execute(f"DROP INDEX IF EXISTS {name}")
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                for name, table in GIN_INDEXES.items():
                    cursor.execute(
                        f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin (search_vector)"
                    )
