from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence

import numpy as np
import pytest

from guichet.search.hybrid import engine, memory
from guichet.search.hybrid.analysis import analyse


class BagOfStemsEmbedder:
    """A tiny deterministic embedder: hashed stems, L2-normalised (no model, fast)."""

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


@pytest.fixture(autouse=True)
def fresh_snapshots() -> Iterator[None]:
    memory.forget()
    yield
    memory.forget()


@pytest.fixture
def fake_embedder(monkeypatch: pytest.MonkeyPatch) -> BagOfStemsEmbedder:
    model = BagOfStemsEmbedder()
    monkeypatch.setattr(engine, "embedder", lambda: model)
    return model


@pytest.fixture
def no_embedder(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engine, "embedder", lambda: None)
