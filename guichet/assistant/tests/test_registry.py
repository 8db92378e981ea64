"""Choosing the embedder from settings."""

from __future__ import annotations

import pytest
from django.test import override_settings

from guichet.assistant.providers import embeddings
from guichet.assistant.providers.embeddings import build_embedder, get_embedder


def test_provider_none_means_no_embedder() -> None:
    assert build_embedder({"PROVIDER": "none"}) is None


def test_unknown_provider_gives_no_embedder_and_a_warning(caplog: pytest.LogCaptureFixture) -> None:
    assert build_embedder({"PROVIDER": "word2vec"}) is None
    assert "unknown embeddings provider" in caplog.text


def test_missing_sentence_transformers_model_gives_no_embedder() -> None:
    assert build_embedder({"PROVIDER": "sentence-transformers", "PATH": "/nonexistent"}) is None


def test_get_embedder_reads_settings_once() -> None:
    get_embedder.cache_clear()
    try:
        with override_settings(GUICHET_EMBEDDINGS={"PROVIDER": "none"}):
            assert get_embedder() is None
    finally:
        get_embedder.cache_clear()


def test_config_defaults_every_key() -> None:
    with override_settings(GUICHET_EMBEDDINGS={"PROVIDER": "none"}):
        config = embeddings.embeddings_config()
    assert config["PROVIDER"] == "none"
    assert {"URL", "MODEL", "API_KEY", "PATH", "TIMEOUT"} <= set(config)
