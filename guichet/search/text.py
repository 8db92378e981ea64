"""Turning text and user queries into search terms, the same way for every backend.

See docs/search.md. Documents are stored pre-tokenised (words joined by single spaces) so that
SQLite's unicode61 tokenizer and PostgreSQL's parser see exactly the same words: PostgreSQL would
otherwise keep `jean.dupont@example.fr` or `3.5` as one token where SQLite splits them.
Case and accents are folded by the database (unicode61 remove_diacritics, unaccent).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

# A word: letters and digits; a longer run is cut into 64-character words, the same way in
# documents and in queries so that they still match.
MAX_TOKEN_CHARS = 64
WORD = re.compile(rf"[^\W_]{{1,{MAX_TOKEN_CHARS}}}")
MAX_CHUNKS = 12
MIN_PREFIX_CHARS = 2


def words(text: str) -> list[str]:
    """The words of `text`, in order (NFC first, so that é is one letter, not e + accent)."""
    return WORD.findall(unicodedata.normalize("NFC", text or ""))


def search_text(parts: Iterable[str], limit: int) -> str:
    """The words of every part, space-joined, at most `limit` characters (cut at a word)."""
    out: list[str] = []
    size = 0
    for part in parts:
        if size > limit:
            break
        joined = " ".join(words(part))
        if joined:
            out.append(joined)
            size += len(joined) + 1
    text = " ".join(out)
    if len(text) > limit:
        text = text[: limit + 1].rsplit(" ", 1)[0]
    return text


@dataclass(frozen=True)
class Phrase:
    """One whitespace-separated chunk of the query: its words must follow each other.

    `prefix` means the last word may be the start of a longer word (search as you type).
    """

    words: tuple[str, ...]
    prefix: bool


@dataclass(frozen=True)
class ParsedQuery:
    """Every phrase must match (AND). Built only from letters and digits: nothing the user
    types can reach a backend's query syntax (quotes, `-`, `*`, `AND`, `:`...)."""

    phrases: tuple[Phrase, ...]

    def __bool__(self) -> bool:
        return bool(self.phrases)


def parse_query(q: str) -> ParsedQuery:
    phrases: list[Phrase] = []
    for chunk in (q or "").split():
        found = tuple(word.lower() for word in words(chunk))
        if found and all(p.words != found for p in phrases):
            phrases.append(Phrase(found, prefix=len(found[-1]) >= MIN_PREFIX_CHARS))
        if len(phrases) == MAX_CHUNKS:
            break
    return ParsedQuery(tuple(phrases))
