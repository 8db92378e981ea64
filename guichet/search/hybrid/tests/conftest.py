from __future__ import annotations

from collections.abc import Iterator

import pytest

from guichet.search.hybrid import engine, memory
from guichet.search.hybrid.tests.embedders import BagOfStemsEmbedder


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
