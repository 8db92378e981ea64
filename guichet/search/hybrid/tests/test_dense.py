import numpy as np
import pytest

from guichet.search.hybrid import dense


def words_of(count: int, start: int = 0) -> str:
    return " ".join(f"w{i}" for i in range(start, start + count))


def test_short_body_is_one_passage_with_the_title_in_front():
    assert dense.passages("Titre", "un deux trois") == ["Titre\nun deux trois"]


def test_empty_body_is_the_title_alone_and_nothing_at_all_is_no_passage():
    assert dense.passages("Titre", "") == ["Titre"]
    assert dense.passages("", "") == []


def test_long_body_windows_overlap_by_half_and_the_last_ends_on_the_last_word():
    size, stride = dense.CHUNK_WORDS, dense.STRIDE_WORDS
    body = words_of(2 * size + 40)

    found = dense.passages("T", body)

    starts = [int(text.split()[1][1:]) for text in found]
    assert starts == [0, stride, 2 * stride, size + 40]
    assert all(len(text.split()) == size + 1 for text in found)  # title + a full window
    assert found[-1].endswith(f"w{2 * size + 39}")


def test_passages_are_capped():
    body = words_of(dense.STRIDE_WORDS * (dense.MAX_CHUNKS + 10))
    assert len(dense.passages("T", body)) == dense.MAX_CHUNKS


class _Fixed:
    """An embedder whose vectors are given: unit rows, the same for queries and passages."""

    provider = "fixed"

    def __init__(self, version: str, vectors: dict[str, list[float]]) -> None:
        self.model_version, self.vectors = version, vectors
        self.dimension = len(next(iter(vectors.values())))

    def embed_queries(self, texts):
        rows = np.array([self.vectors[text] for text in texts], dtype=np.float32)
        return rows / np.linalg.norm(rows, axis=1, keepdims=True)

    embed_passages = embed_queries


def test_paired_dot_product_is_first_cosine_plus_weighted_second():
    first = _Fixed("a-1", {"q": [1, 0], "p": [1, 1]})
    second = _Fixed("b-2", {"q": [1, 0, 0], "p": [0, 1, 0]})
    paired = dense.PairedEmbedder(first, second, weight=0.2)

    score = paired.embed_queries(["q"])[0] @ paired.embed_passages(["p"])[0]

    assert paired.dimension == 5
    assert score == pytest.approx(np.sqrt(0.5) + 0.2 * 0.0, abs=1e-6)
    other = paired.embed_queries(["q"])[0] @ paired.embed_passages(["q"])[0]
    assert other == pytest.approx(1.0 + 0.2, abs=1e-6)


def test_paired_version_names_both_models_and_the_weight():
    paired = dense.PairedEmbedder(_Fixed("a-1", {"x": [1.0]}), _Fixed("b-2", {"x": [1.0]}), 0.2)

    assert paired.model_version == "a-1+0.2*b-2"
