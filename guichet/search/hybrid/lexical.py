"""BM25 over analysed terms, as an in-memory inverted index in numpy. See docs/search.md.

Built from the `terms` column of the stored entries (already stemmed and folded, title terms
written twice so that a title match weighs more). Postings are two flat arrays (rows, term
frequencies) sorted by term, with an offset per term, so that scoring a query touches only the
postings of its terms. Scores are the Okapi BM25 sum (k1 = 1.2, b = 0.75), a query term's
weight (1 exact, less for a typo or a prefix expansion) multiplying its contribution.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from guichet.search.hybrid.analysis import query_terms
from guichet.search.hybrid.typos import Visible, Vocabulary

K1 = 1.2
B = 0.75


class LexicalIndex:
    def __init__(self, documents: Sequence[str]) -> None:
        """`documents[i]` is the space-joined terms of row i."""
        split = [text.split() for text in documents]
        lengths = np.fromiter((len(terms) for terms in split), dtype=np.int64, count=len(split))
        term_ids: dict[str, int] = {}
        ids = np.fromiter(
            (term_ids.setdefault(term, len(term_ids)) for terms in split for term in terms),
            dtype=np.int64,
            count=int(lengths.sum()),
        )
        self.term_ids = term_ids
        self.vocabulary = Vocabulary(term_ids)
        self.lengths = lengths.astype(np.float32)
        self.average_length = float(lengths.mean()) if len(lengths) and lengths.any() else 1.0
        rows = np.repeat(np.arange(len(split), dtype=np.int64), lengths)
        self._build_postings(ids, rows)

    def _build_postings(self, ids: np.ndarray, rows: np.ndarray) -> None:
        n_rows = max(len(self.lengths), 1)
        keys = ids * n_rows + rows
        unique, counts = np.unique(keys, return_counts=True)  # sorted by term, then row
        self.rows = (unique % n_rows).astype(np.int32)
        self.frequencies = counts.astype(np.float32)
        self.offsets = np.searchsorted(unique // n_rows, np.arange(len(self.term_ids) + 1))

    def __len__(self) -> int:
        return len(self.lengths)

    def weighted_terms(
        self, query: str, language: str | None, mask: np.ndarray | None = None
    ) -> dict[str, float]:
        """The index terms a query stands for, with weights (typos and prefixes expanded).

        With `mask` (the rows the reader may see), a term counts as known, a typo's neighbour
        or a completion only when one of its postings is a visible row: other brands' and
        higher audiences' words change nothing for this reader (docs/search.md)."""
        pairs = query_terms(query, language)
        last_word = pairs[-1][0] if pairs else ""
        visible = self._visible_in(mask)
        weights: dict[str, float] = {}
        for folded, stem in pairs:
            expanded = self.vocabulary.expand(folded, stem, last=folded == last_word,
                                              visible=visible)  # fmt: skip
            for term, weight in expanded.items():
                weights[term] = max(weights.get(term, 0.0), weight)
        return weights

    def _visible_in(self, mask: np.ndarray | None) -> Visible:
        """Whether a term has a posting in `mask` (every term when the mask hides nothing)."""
        if mask is None or mask.all():
            return lambda term: True
        cache: dict[str, bool] = {}

        def visible(term: str) -> bool:
            found = cache.get(term)
            if found is None:
                term_id = self.term_ids[term]
                start, end = self.offsets[term_id], self.offsets[term_id + 1]
                found = cache[term] = bool(mask[self.rows[start:end]].any())
            return found

        return visible

    def scores(
        self, query: str, language: str | None, mask: np.ndarray | None = None
    ) -> np.ndarray:
        """BM25 score of every row (0 where no term matches); see `weighted_terms` for `mask`."""
        total = np.zeros(len(self.lengths), dtype=np.float32)
        n = len(self.lengths)
        for term, weight in self.weighted_terms(query, language, mask).items():
            term_id = self.term_ids[term]
            start, end = self.offsets[term_id], self.offsets[term_id + 1]
            rows, tf = self.rows[start:end], self.frequencies[start:end]
            df = end - start
            idf = np.log(1.0 + (n - df + 0.5) / (df + 0.5))
            norm = K1 * (1.0 - B + B * self.lengths[rows] / self.average_length)
            total[rows] += weight * idf * tf * (K1 + 1.0) / (tf + norm)
        return total
