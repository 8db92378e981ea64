"""A short extract of an entry's own text around the query's words. See docs/search.md.

Built only from the entry that matched (which already passed the visibility filter), so a
snippet can never show another entry's text.
"""

from __future__ import annotations

import re

from guichet.search.hybrid.analysis import query_terms, stem
from guichet.search.text import words

SNIPPET_CHARS = 200
SENTENCE = re.compile(r"(?<=[.!?…])\s+|\n+")


def snippet(body: str, query: str, language: str | None, size: int = SNIPPET_CHARS) -> str:
    """The sentence of `body` sharing most stems with the query (the first one on a tie)."""
    sentences = [s.strip() for s in SENTENCE.split(body or "") if s.strip()]
    if not sentences:
        return ""
    wanted = {term for _, term in query_terms(query, language)}
    lang = language or "fr"

    def overlap(sentence: str) -> int:
        return len(wanted & {stem(word.lower(), lang) for word in words(sentence)})

    best = max(sentences, key=overlap)
    return best if len(best) <= size else best[: size - 1].rsplit(" ", 1)[0] + "…"
