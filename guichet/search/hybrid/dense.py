"""Dense retrieval: passage vectors from the shared embeddings provider, in an in-memory matrix.

See docs/search.md, "Hybrid search". An entry is cut into half-overlapping windows of
CHUNK_WORDS words; each is embedded with its title in front ("passage: " side of e5), and an
entry's score is the best cosine of its passages (max-pooling). Vectors are stored as float16
in the entry row and held in memory as one float32 matrix: a brute-force product is exact,
lets every filter apply before ranking, and takes about a millisecond of CPU at 10,000 entries,
about 10 at 100,000 (memory-bound; measured by `make bench-search-scale`). On PostgreSQL with
pgvector the same scores come from the database instead (pgvector.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from guichet.assistant.providers import paired
from guichet.search.text import words

if TYPE_CHECKING:
    from guichet.assistant.providers.embeddings import Embedder

CHUNK_WORDS = 180
STRIDE_WORDS = 90  # windows overlap by half: no sentence is only ever seen cut at a boundary
MAX_CHUNKS = 32  # about 3,000 words of body; the rest of a longer entry is not embedded
# The second model's cosine counts for this much of the first's (docs/adr/0010, amendments of
# 2026-12-07): flat from 0.1 to 0.25 on the dev tasks (bench/search_dev.py); 0.1 since session
# 6, as good there and the weight at which the issue's own example ("mon ordonnance ne
# s'imprime pas") finds the prescription-printer article first on the demo help centre.
SECOND_WEIGHT = 0.1


def passages(title: str, body: str) -> list[str]:
    """The texts to embed for an entry: the title in front of each window of the body.

    A body of up to CHUNK_WORDS words is one passage. A longer one is cut into windows of
    CHUNK_WORDS words starting every STRIDE_WORDS, the last one ending on the body's last word
    (so there is no short tail, whose vector would be mostly the title's). The title alone when
    the body is empty.
    """
    if not (words(body) if body else []):
        return [title] if title.strip() else []
    spoken = body.split()
    last = max(len(spoken) - CHUNK_WORDS, 0)
    starts = list(range(0, last + 1, STRIDE_WORDS))
    if starts[-1] != last:
        starts.append(last)
    return [
        f"{title}\n{' '.join(spoken[start : start + CHUNK_WORDS])}".strip()
        if title
        else " ".join(spoken[start : start + CHUNK_WORDS])
        for start in starts[:MAX_CHUNKS]
    ]


class PairedEmbedder(paired.PairedEmbedder):
    """The shared pair (assistant/providers/paired.py) at search's weight: the fused score's
    dense side becomes (cos_a + w x cos_b) / 0.01, e5's logit plus w times the second model's
    cosine on the same scale; the engine stores, loads and scores these like any vectors."""

    def __init__(self, primary: Embedder, second: Embedder, weight: float = SECOND_WEIGHT):
        super().__init__(primary, second, weight)


def pack(vectors: np.ndarray) -> bytes:
    return np.asarray(vectors, dtype=np.float16).tobytes()


def unpack(blob: bytes | memoryview | None, dimension: int) -> np.ndarray:
    if not blob:
        return np.zeros((0, dimension), dtype=np.float32)
    return np.frombuffer(bytes(blob), dtype=np.float16).reshape(-1, dimension).astype(np.float32)


class DenseIndex:
    """Rows' passage vectors in one matrix; `owners[p]` is the row of passage p."""

    def __init__(self, per_row: Sequence[np.ndarray], dimension: int) -> None:
        counts = np.array([len(vectors) for vectors in per_row], dtype=np.int64)
        self.dimension = dimension
        self.n_rows = len(per_row)
        self.has_vector = counts > 0
        present = [vectors for vectors in per_row if len(vectors)]
        self.matrix = (
            np.ascontiguousarray(np.vstack(present), dtype=np.float32)
            if present
            else np.zeros((0, dimension), dtype=np.float32)
        )
        self.owners = np.repeat(np.arange(self.n_rows), counts)
        self.single = bool(len(self.matrix) == self.has_vector.sum())

    def scores(self, query_vector: np.ndarray) -> np.ndarray:
        """Best cosine per row; -inf for rows without vectors."""
        out = np.full(self.n_rows, -np.inf, dtype=np.float32)
        if not len(self.matrix):
            return out
        # einsum, not `@`: a matrix-vector product is memory-bound, and `@` hands it to
        # OpenBLAS's thread pool, whose threads spin-wait: on a busy 2-core machine that cost
        # 28 ms (8 ms of CPU) at 10,000 rows against 0.6 ms for einsum's single-threaded loop.
        similarities = np.einsum("ij,j->i", self.matrix, query_vector.astype(np.float32))
        if self.single and len(similarities) == self.n_rows:  # one vector per row, every row
            return similarities
        if self.single:
            out[self.owners] = similarities
        else:
            np.maximum.at(out, self.owners, similarities)
        return out
