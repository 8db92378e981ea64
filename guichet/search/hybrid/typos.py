"""Typo tolerance and search as you type: query words that the index does not know are expanded
to the index terms they most likely meant. Pure functions over a vocabulary. See docs/search.md.

Every look-up takes the reader's `visible` test (does a term have a posting among the rows this
reader may see?): a term only in another brand's or an internal entry is, for this reader, not
in the vocabulary, so it neither stops nor feeds the expansion (and its existence does not show).

1. A stem in the vocabulary is used as it is.
2. Otherwise, vocabulary stems within a Damerau-Levenshtein distance of 1 (stems of 4 to 7
   letters) or 2 (8 and more) are found through a delete-one neighbourhood (SymSpell): a term
   and a query word are candidates when they share a form with at most one letter deleted.
3. A vocabulary stem of at least 4 letters that starts the folded word also matches
   (`imprimente` -> `imprim`), and the last word of the query, being typed, matches the stems
   that it starts (`ordonn` -> `ordonnanc`), at most PREFIX_LIMIT of them.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Callable, Iterable

FUZZY_WEIGHT = 0.8
PREFIX_WEIGHT = 0.9
PREFIX_LIMIT = 8
MIN_FUZZY_LEN = 4

Visible = Callable[[str], bool]


def _everywhere(term: str) -> bool:
    return True


def deletes(term: str) -> set[str]:
    """The forms of `term` with one letter deleted (and the term itself)."""
    return {term} | {term[:i] + term[i + 1 :] for i in range(len(term))}


def distance(a: str, b: str, limit: int) -> int:
    """Optimal-string-alignment distance between a and b, or limit + 1 when above limit."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, char_b in enumerate(b, 1):
            cost = 0 if char_a == char_b else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def allowed_distance(term: str) -> int:
    if len(term) < MIN_FUZZY_LEN:
        return 0
    return 1 if len(term) < 8 else 2


class Vocabulary:
    """The stems of an index, ready for exact, fuzzy and prefix look-ups."""

    def __init__(self, terms: Iterable[str]) -> None:
        self.terms = sorted(set(terms))
        self.known = frozenset(self.terms)
        self.neighbours: dict[str, list[str]] = defaultdict(list)
        for term in self.terms:
            if len(term) >= MIN_FUZZY_LEN - 1:
                for form in deletes(term):
                    self.neighbours[form].append(term)

    def fuzzy(self, term: str, visible: Visible = _everywhere) -> list[str]:
        limit = allowed_distance(term)
        if not limit:
            return []
        found = {near for form in deletes(term) for near in self.neighbours.get(form, ())}
        return sorted(
            near for near in found if distance(term, near, limit) <= limit and visible(near)
        )

    def starting(
        self, prefix: str, limit: int = PREFIX_LIMIT, visible: Visible = _everywhere
    ) -> list[str]:
        """The first `limit` visible stems (alphabetically) that `prefix` starts."""
        found: list[str] = []
        index = bisect.bisect_left(self.terms, prefix)
        while index < len(self.terms) and len(found) < limit:
            term = self.terms[index]
            if not term.startswith(prefix):
                break
            if visible(term):
                found.append(term)
            index += 1
        return found

    def prefixes_of(self, word: str, visible: Visible = _everywhere) -> list[str]:
        """The longest visible known stem of at least MIN_FUZZY_LEN letters that `word` starts
        with (a list of at most one)."""
        for n in range(len(word) - 1, MIN_FUZZY_LEN - 1, -1):
            if word[:n] in self.known and visible(word[:n]):
                return [word[:n]]
        return []

    def expand(
        self, folded: str, stem: str, *, last: bool, visible: Visible = _everywhere
    ) -> dict[str, float]:
        """Index terms (with weights) for one query word; empty when nothing is close.
        `visible(term)` says whether the reader may see a row holding the term."""
        if stem in self.known and visible(stem):
            return {stem: 1.0}
        found: dict[str, float] = {}
        if last and len(folded) >= 3:
            for term in self.starting(folded, visible=visible):
                found[term] = PREFIX_WEIGHT
        for term in self.prefixes_of(folded, visible):
            found.setdefault(term, PREFIX_WEIGHT)
        for term in self.fuzzy(stem, visible):
            found.setdefault(term, FUZZY_WEIGHT)
        return found
