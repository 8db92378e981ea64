from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from guichet.search.hybrid import engine, memory, pgvector
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


@pytest.fixture
def pgvector_db(db: None, settings: object) -> None:
    """A test database where search vectors live in pgvector (GUICHET_SEARCH_VECTORS=auto).
    Elsewhere the test is skipped, except under GUICHET_REQUIRE_PGVECTOR=1 (make test's pgvector
    run), where a database without pgvector is a failure: that run must not pass by skipping."""
    settings.GUICHET_SEARCH_VECTORS = "auto"  # type: ignore[attr-defined]
    pgvector.forget()
    if not pgvector.enabled():
        if os.environ.get("GUICHET_REQUIRE_PGVECTOR") == "1":
            pytest.fail("GUICHET_REQUIRE_PGVECTOR=1 but this database has no usable pgvector")
        pytest.skip("needs PostgreSQL with the pgvector extension (scripts/pg-vector.sh)")
