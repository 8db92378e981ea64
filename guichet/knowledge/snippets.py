"""Snippets of article text around the words a visitor searched for (pure).

Built only from articles the visitor may read (the search filters first), from their plain text.
"""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from guichet.knowledge.lexical import ArticleQuery, fold, term_matches
from guichet.search.text import words

SNIPPET_WORDS = 28


def _matched_terms(query: ArticleQuery, token: str) -> set[int]:
    found: set[int] = set()
    for word in words(token):
        folded = fold(word)
        found.update(i for i, term in enumerate(query.terms) if term_matches(term, folded))
    return found


def snippet(text: str, query: ArticleQuery, size: int = SNIPPET_WORDS) -> str:
    """The window of `size` words that holds the most distinct query terms (the first one on
    a tie), with an ellipsis where the text was cut."""
    tokens = text.split()
    if not tokens:
        return ""
    hits = [_matched_terms(query, token) for token in tokens]
    best_start, best_score = 0, -1
    for start in range(max(1, len(tokens) - size + 1)):
        window: set[int] = set().union(*hits[start : start + size])
        if len(window) > best_score:
            best_start, best_score = start, len(window)
    if best_score > 0:  # start a little before the first match of the window
        first = next(i for i in range(best_start, len(tokens)) if hits[i])
        best_start = max(0, min(first - 4, len(tokens) - size))
    end = min(len(tokens), best_start + size)
    body = " ".join(tokens[best_start:end])
    return ("… " if best_start > 0 else "") + body + (" …" if end < len(tokens) else "")


def highlight(text: str, query: ArticleQuery) -> SafeString:
    """`text` escaped, with the words that match the query in <mark>."""
    out = []
    for token in text.split(" "):
        escaped = escape(token)
        out.append(f"<mark>{escaped}</mark>" if _matched_terms(query, token) else escaped)
    return mark_safe(" ".join(out))  # noqa: S308 - every piece is escaped above
