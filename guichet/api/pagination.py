"""Cursor pagination: stable under inserts and free of COUNT(*). See docs/api.md."""

from __future__ import annotations

from rest_framework.pagination import CursorPagination


class CursorPage(CursorPagination):
    """Newest first; `?page_size=` up to 200; `next`/`previous` hold opaque cursors."""

    ordering: tuple[str, ...] = ("-created_at", "-id")
    page_size_query_param = "page_size"
    max_page_size = 200


class OldestFirstPage(CursorPage):
    """Conversations read top to bottom (messages)."""

    ordering = ("created_at", "id")


class ByIdPage(CursorPage):
    """Reference data (brands, contacts, teams...): creation order, by id."""

    ordering = ("id",)
