"""Reading a search setting that takes one of a few words (docs/search.md)."""

from __future__ import annotations

import logging
from functools import lru_cache

from django.conf import settings

logger = logging.getLogger("guichet.search")


def choice(name: str, allowed: tuple[str, ...], fallback: str) -> str:
    """settings.<name> lower-cased, "auto" when unset or empty; a value not in `allowed` is
    logged once and read as `fallback`."""
    value = (getattr(settings, name, "auto") or "auto").strip().lower()
    if value in allowed:
        return value
    _warn_unknown(name, value, fallback)
    return fallback


@lru_cache(maxsize=16)
def _warn_unknown(name: str, value: str, fallback: str) -> None:
    logger.warning("Unknown %s %r: read as %r", name, value, fallback)  # once per value
