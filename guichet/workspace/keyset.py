"""Keyset pagination: pages by "rows after this one" instead of OFFSET, and never COUNTs.

A queue of the telecom brand holds hundreds of thousands of tickets; OFFSET and COUNT(*)
both read every row before the page. Here a cursor is the sort values of a boundary row,
and a page is `WHERE (k1, k2, id) beyond cursor ORDER BY k1, k2, id LIMIT size + 1`.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet


@dataclass(frozen=True)
class Key:
    field: str
    descending: bool = True
    kind: str = "int"  # "int", "float" or "datetime"


@dataclass
class Page:
    rows: list[Any]
    next_cursor: str | None
    prev_cursor: str | None


def order_by(keys: tuple[Key, ...], *, reverse: bool = False) -> list[str]:
    return [("-" if key.descending != reverse else "") + key.field for key in keys]


def beyond(keys: tuple[Key, ...], values: list[Any], *, reverse: bool = False) -> Q:
    """Rows strictly after `values` in the key order (before them when `reverse`).

    (a, b, c) > (x, y, z) is expanded to a > x OR (a = x AND b > y) OR (a = x AND b = y AND c > z)
    because row-value comparison is not portable and directions may differ per key.
    """
    condition = Q(pk__in=[])
    for i, key in enumerate(keys):
        lookup = "lt" if key.descending != reverse else "gt"
        step = Q(**{f"{key.field}__{lookup}": values[i]})
        for previous, value in zip(keys[:i], values[:i], strict=True):
            step &= Q(**{previous.field: value})
        condition |= step
    return condition


def encode(keys: tuple[Key, ...], row: Any) -> str:
    values = []
    for key in keys:
        value = getattr(row, key.field)
        values.append(value.isoformat() if isinstance(value, dt.datetime) else value)
    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode().rstrip("=")


def decode(keys: tuple[Key, ...], token: str) -> list[Any] | None:
    """The cursor's values, or None when the token is not one of ours."""
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        values = json.loads(raw)
        if not isinstance(values, list) or len(values) != len(keys):
            return None
        return [_value(key, value) for key, value in zip(keys, values, strict=True)]
    except (ValueError, TypeError):
        return None


def _value(key: Key, value: Any) -> Any:
    if key.kind == "datetime":
        parsed = dt.datetime.fromisoformat(str(value))
        if parsed.tzinfo is None:
            raise ValueError("naive datetime in cursor")
        return parsed
    if key.kind == "float" and isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError("not an integer")
    return value


def paginate(
    queryset: QuerySet[Any],
    keys: tuple[Key, ...],
    *,
    size: int,
    after: str = "",
    before: str = "",
) -> Page:
    """One page of `queryset` in key order, with cursors to the pages around it."""
    if before and (values := decode(keys, before)) is not None:
        rows = list(
            queryset.filter(beyond(keys, values, reverse=True)).order_by(
                *order_by(keys, reverse=True)
            )[: size + 1]
        )
        has_prev = len(rows) > size
        rows = rows[:size][::-1]
        return Page(
            rows,
            encode(keys, rows[-1]) if rows else None,
            encode(keys, rows[0]) if rows and has_prev else None,
        )
    values = decode(keys, after) if after else None
    if values is not None:
        queryset = queryset.filter(beyond(keys, values))
    rows = list(queryset.order_by(*order_by(keys))[: size + 1])
    has_next = len(rows) > size
    rows = rows[:size]
    return Page(
        rows,
        encode(keys, rows[-1]) if rows and has_next else None,
        encode(keys, rows[0]) if rows and values is not None else None,
    )
