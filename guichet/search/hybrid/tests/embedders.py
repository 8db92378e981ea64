"""A deterministic embedder for tests of anything that searches articles (no model loaded)."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np

from guichet.search.hybrid.analysis import analyse


class BagOfStemsEmbedder:
    """Hashed French stems, L2-normalised: texts with the same words get the same vector
    (cosine 1), so a test can make an entry the closest dense match of a query on purpose."""

    provider = "fake"
    model_version = "fake-bag-of-stems-1"
    dimension = 64

    def _embed(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for row, text in enumerate(texts):
            for term in analyse(text, "fr"):
                digest = hashlib.blake2b(term.encode(), digest_size=2).digest()
                out[row, int.from_bytes(digest) % self.dimension] += 1.0
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.where(norms == 0, 1, norms)

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._embed(texts)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._embed(texts)
