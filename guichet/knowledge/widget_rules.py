"""Which widget rules fit the page a visitor is on (pure). See docs/knowledge.md ("Widget").

A rule matches by context key (`data-context` on the host page) or by URL pattern, where `*`
stands for any characters. A pattern starting with http(s):// is matched against the whole URL
(without query string), any other pattern against the path. Context-key rules come first.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Protocol, TypeVar
from urllib.parse import urlsplit


class RuleLike(Protocol):
    url_pattern: str
    context_key: str
    position: int


def pattern_matches(pattern: str, url: str) -> bool:
    pattern = pattern.strip()
    if not pattern:
        return False
    parts = urlsplit(url)
    if pattern.startswith(("http://", "https://")):
        target = f"{parts.scheme}://{parts.netloc}{parts.path or '/'}"
    else:
        target = parts.path or "/"
    regex = "^" + ".*".join(re.escape(piece) for piece in pattern.split("*")) + "$"
    return re.match(regex, target) is not None


R = TypeVar("R", bound=RuleLike)


def matching_rules(rules: Iterable[R], url: str, context_key: str) -> list[R]:
    by_key = [r for r in rules if context_key and r.context_key and r.context_key == context_key]
    by_url = [r for r in rules if r not in by_key and pattern_matches(r.url_pattern, url)]
    return sorted(by_key, key=lambda r: r.position) + sorted(by_url, key=lambda r: r.position)
