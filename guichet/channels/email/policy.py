"""email.policy.default, with parsed headers cached (docs/adr/0005-email-parsing.md).

The stdlib parser asks for Content-Type and friends many times per part, and policy.default
parses the header again on every access: half the parsing time on real mail. Header objects are
immutable, so a parse of the same (name, value) can be shared; long values are not cached.
"""

from __future__ import annotations

from email.policy import EmailPolicy
from functools import lru_cache
from typing import Any

_MAX_CACHED_VALUE = 2048


class CachingPolicy(EmailPolicy):
    """policy.default (same settings) whose header objects come from a bounded cache."""

    def header_fetch_parse(self, name: str, value: str) -> Any:
        if hasattr(value, "name"):  # already a header object
            return value
        value = "".join(value.splitlines())
        if len(value) > _MAX_CACHED_VALUE:
            return self.header_factory(name, value)
        return _parsed_header(self.header_factory, name, value)


@lru_cache(maxsize=4096)
def _parsed_header(factory: Any, name: str, value: str) -> Any:
    return factory(name, value)
