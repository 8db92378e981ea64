"""Which widget rules fit the page a visitor is on (pure). See docs/knowledge.md ("Widget").

A rule matches by context key (`data-context` on the host page) or by URL pattern, where `*`
stands for any characters. A pattern starting with http(s):// is matched against the whole URL
(without query string), any other pattern against the path. Context-key rules come first.
"""

from __future__ import annotations

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
    return glob_matches(pattern, target)


def glob_matches(pattern: str, text: str) -> bool:
    """Whether `text` matches `pattern`, `*` standing for any characters (none included).

    Linear, not a regex: "/*/*/*/*/edit" turned into ".*" groups backtracks polynomially, and
    the URL comes from any anonymous request (a 1,000-character one pinned a worker for over a
    minute). The first piece must start the text, the last end it, and each piece between is
    found left to right after the previous one; taking the leftmost place of each is never
    wrong when `*` is the only wildcard.
    """
    pieces = pattern.split("*")
    if len(pieces) == 1:
        return text == pattern
    first, *middle, last = pieces
    if len(text) < len(first) + len(last) or not text.startswith(first):
        return False
    if not text.endswith(last):
        return False
    at, end = len(first), len(text) - len(last)
    for piece in middle:
        found = text.find(piece, at, end)
        if found < 0:
            return False
        at = found + len(piece)
    return True


R = TypeVar("R", bound=RuleLike)


def matching_rules(rules: Iterable[R], url: str, context_key: str) -> list[R]:
    by_key = [r for r in rules if context_key and r.context_key and r.context_key == context_key]
    by_url = [r for r in rules if r not in by_key and pattern_matches(r.url_pattern, url)]
    return sorted(by_key, key=lambda r: r.position) + sorted(by_url, key=lambda r: r.position)
