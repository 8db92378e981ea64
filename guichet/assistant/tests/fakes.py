"""Test doubles for embeddings: deterministic, instant, no model."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence

import numpy as np

from guichet.assistant.providers.embeddings import normalise_rows


class HashingEmbedder:
    """Bag of hashed words: texts sharing words get close vectors. Counts its calls."""

    provider = "fake"

    def __init__(self, dimension: int = 64, version: str = "fake-hashing/1") -> None:
        self._dimension, self._version = dimension, version
        self.calls: list[tuple[str, int]] = []

    @property
    def model_version(self) -> str:
        return self._version

    @property
    def dimension(self) -> int:
        return self._dimension

    def vector(self, text: str) -> np.ndarray:
        row = np.zeros(self._dimension, dtype=np.float32)
        for word in re.findall(r"\w+", text.lower()):
            digest = hashlib.sha256(word.encode()).digest()
            row[digest[0] % self._dimension] += 1.0 if digest[1] % 2 else -1.0
        return row

    def _embed(self, texts: Sequence[str], side: str) -> np.ndarray:
        self.calls.append((side, len(texts)))
        if not texts:
            return np.zeros((0, self._dimension), dtype=np.float32)
        return normalise_rows(np.vstack([self.vector(t) for t in texts]))

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._embed(texts, "query")

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._embed(texts, "passage")
