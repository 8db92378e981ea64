"""SQLite FTS5 backend: MATCH on the external-content FTS5 tables, bm25 rank. See docs/search.md."""

from __future__ import annotations

from contextlib import AbstractContextManager, nullcontext
from typing import Any

from django.db.models import F, QuerySet

from guichet.search.backends.base import RANK, LexicalIndex
from guichet.search.text import ParsedQuery


def fts5_expression(query: ParsedQuery, columns: tuple[str, ...] | None = None) -> str:
    """An FTS5 query string. Every word is double-quoted, so it is a literal string to FTS5
    whatever it spells (AND, NEAR, col:...); words hold only letters and digits anyway."""
    phrases = []
    for phrase in query.phrases:
        quoted = '"' + " ".join(word.replace('"', '""') for word in phrase.words) + '"'
        phrases.append(quoted + ("*" if phrase.prefix else ""))
    expression = " ".join(phrases)
    if columns:
        return "{" + " ".join(columns) + "} : (" + expression + ")"
    return expression


class SqliteFts5Backend:
    def search(
        self, queryset: QuerySet[Any], index: LexicalIndex, query: ParsedQuery, *, restricted: bool
    ) -> QuerySet[Any]:
        expression = fts5_expression(query, index.public_columns if restricted else None)
        relation = index.fts_relation
        # FTS5's rank is bm25: more negative is better.
        return queryset.filter(**{f"{relation}__fts__match": expression}).annotate(
            **{RANK: -F(f"{relation}__rank")}
        )

    def bulk_load(self) -> AbstractContextManager[None]:
        return nullcontext()  # the triggers keep FTS5 in step row by row; nothing to defer
