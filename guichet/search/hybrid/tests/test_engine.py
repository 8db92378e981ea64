"""The engine on the database: visibility before ranking, index in step, lexical fallback."""

import pytest

from guichet.search.hybrid import engine
from guichet.search.hybrid.engine import Document
from guichet.search.hybrid.models import Audience, SearchEntry

pytestmark = pytest.mark.django_db

PRINTER = Document(1, "Configurer l'imprimante des ordonnances",
                   "Ouvrez les réglages. Choisissez l'imprimante par défaut.")  # fmt: skip
SECRET = Document(2, "Procédure interne imprimante",
                  "Mot de passe administrateur de l'imprimante : hunter2.",
                  audience=Audience.INTERNAL)  # fmt: skip
CUSTOMERS = Document(3, "Imprimante réservée aux clients connectés", "Guide imprimante.",
                     audience=Audience.CUSTOMERS)  # fmt: skip


def ids(hits):
    return [hit.object_id for hit in hits]


def test_customer_never_finds_an_internal_entry_even_by_its_own_words(fake_embedder):
    # Given an internal entry whose words only it contains
    engine.index_documents([PRINTER, SECRET])
    for mode in ("hybrid", "lexical", "dense"):
        # When a signed-in customer searches for those exact words
        hits = engine.search("administrateur hunter2", audience=Audience.CUSTOMERS, mode=mode)
        # Then it is not there, nor is its text in any snippet
        assert 2 not in ids(hits)
        assert all("hunter2" not in hit.snippet and "hunter2" not in hit.title for hit in hits)


def test_agent_finds_the_internal_entry(fake_embedder):
    engine.index_documents([PRINTER, SECRET])
    hits = engine.search("administrateur hunter2", audience=Audience.INTERNAL)
    assert ids(hits)[0] == 2
    assert "hunter2" in hits[0].snippet


def test_anonymous_visitor_sees_public_entries_only(fake_embedder):
    engine.index_documents([PRINTER, SECRET, CUSTOMERS])
    assert set(ids(engine.search("imprimante", audience=Audience.PUBLIC))) == {1}
    assert set(ids(engine.search("imprimante", audience=Audience.CUSTOMERS))) == {1, 3}


def test_other_brand_entries_are_filtered_out_but_shared_ones_stay(fake_embedder):
    engine.index_documents([
        Document(10, "Imprimante marque A", "texte", brand_id=1),
        Document(11, "Imprimante marque B", "texte", brand_id=2),
        Document(12, "Imprimante toutes marques", "texte", brand_id=None),
    ])  # fmt: skip
    hits = engine.search("imprimante", audience=Audience.PUBLIC, brand_id=1)
    assert set(ids(hits)) == {10, 12}


def test_language_filter_keeps_one_language(fake_embedder):
    engine.index_documents([
        Document(20, "Configurer l'imprimante", "texte", language="fr"),
        Document(21, "Set up the printer", "printing guide", language="en"),
    ])  # fmt: skip
    assert ids(engine.search("printer", audience=Audience.PUBLIC, language="en")) == [21]


def test_symptom_query_finds_the_article(fake_embedder):
    engine.index_documents([PRINTER, Document(4, "Changer de mot de passe", "Cliquez sur Profil.")])
    hits = engine.search("mon ordonnance ne s'imprime pas", audience=Audience.PUBLIC)
    assert ids(hits)[0] == 1


def test_update_replaces_the_entry_in_search(fake_embedder):
    # Given an indexed entry, searched once (the process now holds a snapshot)
    engine.index_documents([PRINTER])
    assert ids(engine.search("ordonnances", audience=Audience.PUBLIC, mode="lexical")) == [1]
    # When it is saved with a new text
    engine.index_document(Document(1, "Exporter les factures", "Menu Comptabilité."))
    # Then the old words no longer find it and the new ones do
    assert engine.search("ordonnances", audience=Audience.PUBLIC, mode="lexical") == []
    assert ids(engine.search("factures", audience=Audience.PUBLIC)) == [1]
    assert SearchEntry.objects.count() == 1


def test_update_of_visibility_hides_the_entry_at_once(fake_embedder):
    engine.index_documents([PRINTER])
    engine.search("imprimante", audience=Audience.PUBLIC)
    engine.index_document(Document(1, PRINTER.title, PRINTER.body, audience=Audience.INTERNAL))
    assert engine.search("imprimante", audience=Audience.PUBLIC) == []


def test_removed_entry_is_no_longer_found(fake_embedder):
    engine.index_documents([PRINTER, CUSTOMERS])
    engine.search("imprimante", audience=Audience.CUSTOMERS)
    engine.remove_documents([1])
    assert ids(engine.search("imprimante", audience=Audience.CUSTOMERS)) == [3]


def test_without_embedder_search_is_lexical_only(no_embedder):
    # Given entries indexed while no embedder is configured
    engine.index_documents([PRINTER, Document(4, "Changer de mot de passe", "Profil.")])
    # Then they have no vectors, and a search still finds by words (only matching entries)
    assert SearchEntry.objects.filter(vectors__isnull=False).count() == 0
    assert ids(engine.search("imprimante", audience=Audience.PUBLIC)) == [1]
    assert engine.search("imprimante", audience=Audience.PUBLIC, mode="dense") == []


def test_vectors_of_another_model_are_ignored_until_rebuilt(fake_embedder):
    engine.index_documents([PRINTER])
    SearchEntry.objects.update(model_version="old-model")
    engine.index_documents([CUSTOMERS])  # moves the generation
    assert engine.search("imprimante", audience=Audience.CUSTOMERS, mode="dense") != []
    assert 1 not in ids(engine.search("imprimante", audience=Audience.CUSTOMERS, mode="dense"))
    engine.rebuild()
    assert 1 in ids(engine.search("imprimante", audience=Audience.CUSTOMERS, mode="dense"))


def test_blank_query_finds_nothing(fake_embedder):
    engine.index_documents([PRINTER])
    assert engine.search("   ", audience=Audience.INTERNAL) == []


def test_rebuild_command_reports_progress_on_stderr(fake_embedder, capsys):
    from django.core.management import call_command

    engine.index_documents([PRINTER, CUSTOMERS], kind="faq")
    call_command("search_hybrid_reindex", "--kind", "faq")
    captured = capsys.readouterr()
    assert "2/2" in captured.err
    assert "Indexed 2" in captured.out


def test_require_match_keeps_entries_sharing_a_word_or_above_the_meaning_floor(fake_embedder):
    # Given three entries: one sharing a word with the query, one sharing none and far from it,
    # and one sharing none that the embedder puts close to it (in the fake embedder's hashed
    # space "changer" and "imprimante" land in one bucket: a stand-in for a paraphrase)
    near = Document(5, "Changer de mot de passe", "Ouvrez votre profil.")
    engine.index_documents(
        [PRINTER, Document(4, "Modifier son mot de passe", "Cliquez sur Profil."), near]
    )
    query = fake_embedder.embed_queries(["imprimante"])[0]
    assert (fake_embedder.embed_passages(["Changer de mot de passe"]) @ query)[0] > 0
    # Then hybrid search ranks all three, but require_match drops the far one only
    assert set(ids(engine.search("imprimante", audience=Audience.PUBLIC))) == {1, 4, 5}
    assert ids(engine.search("imprimante", audience=Audience.PUBLIC, require_match=True)) == [1, 5]
    # And a query close to nothing, or made of nothing, finds nothing
    assert engine.search("zzzz", audience=Audience.PUBLIC, require_match=True) == []
    assert engine.search("bonjour", audience=Audience.PUBLIC, require_match=True) == []


def test_require_match_without_vectors_keeps_entries_sharing_a_word(no_embedder):
    engine.index_documents(
        [PRINTER, Document(4, "Modifier son mot de passe", "Cliquez sur Profil.")]
    )
    assert ids(engine.search("imprimante", audience=Audience.PUBLIC, require_match=True)) == [1]


def test_a_failing_meaning_floor_falls_back_to_shared_words(fake_embedder, monkeypatch):
    from guichet.search.hybrid import floor

    engine.index_documents(
        [PRINTER, Document(5, "Changer de mot de passe", "Ouvrez votre profil.")]
    )

    def broken(*args):
        raise RuntimeError("probe embedding failed")

    monkeypatch.setattr(floor, "probe_vectors", broken)
    assert ids(engine.search("imprimante", audience=Audience.PUBLIC, require_match=True)) == [1]


def test_entry_hidden_after_the_snapshot_is_not_shown_from_a_stale_snapshot(fake_embedder):
    # Given a process whose snapshot still says the entry is public
    engine.index_documents([PRINTER])
    engine.search("imprimante", audience=Audience.PUBLIC)
    # When the row is made internal behind its back (the generation does not move)
    SearchEntry.objects.filter(object_id=1).update(audience=Audience.INTERNAL, body="secret 4242")
    # Then the stale snapshot ranks it, but the hit is dropped when its row is read
    assert engine.search("imprimante", audience=Audience.PUBLIC) == []


def test_alternating_modes_share_one_snapshot(fake_embedder, monkeypatch):
    # Given an index searched once
    from guichet.search.hybrid import memory

    engine.index_documents([PRINTER])
    engine.search("imprimante", audience=Audience.PUBLIC)
    loads = []
    real_load = memory.load
    monkeypatch.setattr(memory, "load", lambda *a, **k: loads.append(1) or real_load(*a, **k))
    # When lexical and hybrid searches alternate (search as you type, then the results page)
    for mode in ("lexical", "hybrid", "lexical", "dense"):
        engine.search("imprimante", audience=Audience.PUBLIC, mode=mode)
    # Then nothing is reloaded
    assert loads == []


# --- Typo tolerance and completion see only the reader's entries (docs/search.md) ----------

MINE = Document(30, "Configurer l'imprimante", "Ouvrez les réglages.", brand_id=1)


def test_another_brands_words_do_not_change_this_brands_typo_tolerance(no_embedder):
    # Given brand 1's article on the printer, found through the typo "imprimente"
    engine.index_documents([MINE])
    assert ids(engine.search("imprimente", audience=Audience.PUBLIC, brand_id=1)) == [30]
    # When brand 2 writes that very typo in one of its articles
    engine.index_documents([Document(31, "Réglages", "Votre imprimente.", brand_id=2)])
    # Then brand 1's search still corrects it to its own printer article
    assert ids(engine.search("imprimente", audience=Audience.PUBLIC, brand_id=1)) == [30]
    assert ids(engine.search("imprimente", audience=Audience.PUBLIC, brand_id=2)) == [31]


def test_internal_words_do_not_change_a_customers_typo_tolerance(no_embedder):
    # Given an internal article of the same brand that contains the typo
    internal = Document(32, "Note interne", "Imprimente du bureau à changer.", brand_id=1,
                        audience=Audience.INTERNAL)  # fmt: skip
    engine.index_documents([MINE, internal])
    # Then a customer's typo still finds the public article; an agent, who sees the word as
    # written, gets the internal one
    assert ids(engine.search("imprimente", audience=Audience.CUSTOMERS, brand_id=1)) == [30]
    assert ids(engine.search("imprimente", audience=Audience.INTERNAL, brand_id=1)) == [32]


def test_another_brands_stems_do_not_take_this_brands_completion_slots(no_embedder):
    # Given brand 2's eight stems that sort before brand 1's "ordon" (ordonnance)
    theirs = " ".join(f"ordaa{letter}" for letter in "bcdfghjk")
    engine.index_documents([Document(33, "Mon ordonnance", "Imprimez-la.", brand_id=1),
                            Document(34, "Codes", theirs, brand_id=2)])  # fmt: skip
    # When brand 1's reader is typing "ord", its own word still completes
    assert ids(engine.search("ord", audience=Audience.PUBLIC, brand_id=1)) == [33]
