"""The SQLite FTS5 `MATCH` operator as a Django lookup (see docs/search.md)."""

from __future__ import annotations

from typing import Any

from django.db import models


class Fts5Field(models.TextField):
    """The hidden column of an FTS5 table that bears the table's own name (`fts MATCH ?`)."""


@Fts5Field.register_lookup
class Fts5Match(models.Lookup):
    lookup_name = "match"

    def as_sql(self, compiler: Any, connection: Any) -> Any:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} MATCH {rhs}", (*lhs_params, *rhs_params)
