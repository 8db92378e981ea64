"""A short extract of an entry's own text around the query's words. See docs/search.md.

Built only from the entry that matched (which already passed the visibility filter), so a
snippet can never show another entry's text. It runs for every hit of every search, so it stays
cheap: the query's stems are computed once per search, and a sentence's score is the number of
distinct query stems that start one of its (accent-folded) words, found by one compiled regex
(no stemming of the body at query time).
"""

from __future__ import annotations

import re
import unicodedata

from guichet.search.hybrid.analysis import query_terms

SNIPPET_CHARS = 200
SENTENCE = re.compile(r"(?<=[.!?…])\s+|\n+")


def stems_pattern(query: str, language: str | None) -> re.Pattern[str] | None:
    """One regex matching a word start with any stem of the query (None without stems)."""
    stems = sorted({term for _, term in query_terms(query, language) if term}, key=len)
    if not stems:
        return None
    alternatives = "|".join(re.escape(term) for term in reversed(stems))
    return re.compile(rf"(?<!\w)({alternatives})")


def _folded(text: str) -> str:
    """Lower case, accents removed, at C speed (letters without an ASCII form are dropped)."""
    return unicodedata.normalize("NFKD", text.lower()).encode("ascii", "ignore").decode()


def best_sentence(body: str, pattern: re.Pattern[str] | None, size: int = SNIPPET_CHARS) -> str:
    """The sentence of `body` with most distinct query stems (the first one on a tie)."""
    sentences = [s.strip() for s in SENTENCE.split(body or "") if s.strip()]
    if not sentences:
        return ""
    best = sentences[0]
    if pattern is not None:
        best_score = 0
        for sentence in sentences:
            score = len(set(pattern.findall(_folded(sentence))))
            if score > best_score:
                best, best_score = sentence, score
    return best if len(best) <= size else best[: size - 1].rsplit(" ", 1)[0] + "…"


def snippet(body: str, query: str, language: str | None, size: int = SNIPPET_CHARS) -> str:
    """The sentence of `body` sharing most stems with the query (the first one on a tie)."""
    return best_sentence(body, stems_pattern(query, language), size)
