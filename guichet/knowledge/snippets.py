"""Marking the words of a search in a hit's title and snippet (pure). See docs/knowledge.md.

Snippets themselves are cut by the hybrid engine from the matched article's own text only
(guichet/search/hybrid/snippets.py); here a word is marked when it has the stem of a query word
(in the article's language, else French or English), after case and accent folding, the way
the engine matched it.
"""

from __future__ import annotations

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from guichet.search.hybrid.analysis import LANGUAGES, fold, query_terms, stem

TOKEN = re.compile(r"([^\W_]+)")


def _wanted(query: str, language: str | None) -> tuple[set[str], set[str]]:
    """The query's folded words and stems."""
    pairs = query_terms(query or "", language)
    return {word for word, _ in pairs}, {term for _, term in pairs}


def _matches(word: str, folded: set[str], stems: set[str], languages: list[str]) -> bool:
    lower = word.lower()
    return fold(lower) in folded or any(stem(lower, code) in stems for code in languages)


def highlight(text: str, query: str, language: str | None = None) -> SafeString:
    """`text` escaped, with the words that match the query in <mark>."""
    folded, stems = _wanted(query, language)
    languages = [language] if language in LANGUAGES else list(LANGUAGES)
    out = []
    for index, piece in enumerate(TOKEN.split(text or "")):
        escaped = escape(piece)
        marked = index % 2 == 1 and bool(stems) and _matches(piece, folded, stems, languages)
        out.append(f"<mark>{escaped}</mark>" if marked else escaped)
    return mark_safe("".join(out))  # noqa: S308 - every piece is escaped above
