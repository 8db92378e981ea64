import hashlib
from collections.abc import Iterator, Sequence

import numpy as np
import pytest

from guichet.core.tests import factories
from guichet.core.tests.fixtures import committed, media_root  # noqa: F401
from guichet.search.hybrid import engine, memory
from guichet.search.hybrid.analysis import analyse


class StemsEmbedder:
    """A small deterministic embedder for tests: hashed French stems, L2-normalised.

    Texts with the same words get the same vector (cosine 1), so a test can make an article the
    closest dense match of a query on purpose; no model is loaded.
    """

    provider = "test"
    model_version = "test-stems-1"
    dimension = 96

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
def fresh_index() -> Iterator[None]:
    """The hybrid index's in-memory snapshot is per process; ids repeat across test databases."""
    memory.forget()
    yield
    memory.forget()


@pytest.fixture(autouse=True)
def embedder(monkeypatch: pytest.MonkeyPatch) -> StemsEmbedder:
    """Tests embed with StemsEmbedder (fast); `real_embedder` brings the configured one back."""
    model = StemsEmbedder()
    monkeypatch.setattr(engine, "embedder", lambda: model)
    return model


@pytest.fixture
def real_embedder(monkeypatch: pytest.MonkeyPatch, embedder: StemsEmbedder) -> object:
    from guichet.assistant.providers.embeddings import get_embedder

    monkeypatch.setattr(engine, "embedder", get_embedder)
    return get_embedder()


@pytest.fixture
def brand():
    return factories.brand(slug="asclepia", name="Asclépia", ticket_prefix="ASC")


@pytest.fixture
def other_brand():
    return factories.brand(slug="telvia", name="Telvia", ticket_prefix="TEL")


@pytest.fixture
def supervisor():
    return factories.agent("supervisor")


@pytest.fixture
def writer():
    return factories.agent("agent")


@pytest.fixture
def customer(brand):
    return factories.customer(brand)
