"""Vectors in PostgreSQL (pgvector.py): the same rankings as in memory, and a mirror in step.

The tests marked `pgvector` need PostgreSQL with the extension (`make test` starts one with
scripts/pg-vector.sh); the others run on every database.
"""

import numpy as np
import pytest
from django.db import connection

from guichet.search.hybrid import dense, engine, memory, pgvector, refresh
from guichet.search.hybrid.engine import Document
from guichet.search.hybrid.models import Audience, SearchEntry
from guichet.search.hybrid.tests.embedders import BagOfStemsEmbedder

pytestmark = pytest.mark.django_db

TOPICS = [
    ("Configurer l'imprimante des ordonnances", "Ouvrez les réglages puis choisissez l'imprimante par défaut du cabinet."),
    ("Changer de mot de passe", "Cliquez sur Profil, puis Sécurité, et saisissez deux fois le nouveau mot de passe."),
    ("Exporter les factures", "Le menu Comptabilité propose un bouton Exporter vers un tableur."),
    ("Prendre un rendez-vous en ligne", "Le patient choisit un créneau libre dans l'agenda du praticien."),
    ("Annuler un rendez-vous", "Un rendez-vous annulé libère le créneau et prévient le patient par SMS."),
    ("Carte Vitale illisible", "Nettoyez la puce et vérifiez le lecteur de cartes avant de réessayer."),
    ("Télétransmission refusée", "Un rejet de la caisse indique le motif : droits fermés ou mutuelle absente."),
    ("Sauvegarde des dossiers patients", "La sauvegarde part chaque nuit vers le serveur chiffré du cabinet."),
    ("Set up the prescription printer", "Open the settings and pick the default printer of the practice."),
    ("Reset your password", "Click Profile, then Security, and type the new password twice."),
    ("Export invoices", "The Accounting menu has an Export button to a spreadsheet."),
    ("Book an appointment online", "The patient picks a free slot in the practitioner's calendar."),
]  # fmt: skip
LONG = " ".join(
    f"Étape {n} : vérifiez le câble, redémarrez le lecteur, puis relancez la télétransmission."
    for n in range(1, 40)
)  # several passages: the best one must win in both paths
QUERIES = [
    "mon ordonnance ne s'imprime pas",
    "mot de passe oublié",
    "password",
    "rendez-vous",
    "la carte vitale ne passe pas",
    "facture tableur",
    "télétransmission rejetée lecteur",
    "bonjour",
]
SEARCHERS = [  # (audience, brand, language)
    (Audience.PUBLIC, None, None),
    (Audience.CUSTOMERS, 1, None),
    (Audience.INTERNAL, 2, "fr"),
    (Audience.CUSTOMERS, None, "en"),
    (Audience.INTERNAL, None, None),
]


def corpus() -> list[Document]:
    documents = []
    for n, (title, body) in enumerate(TOPICS):
        language = "en" if n >= 8 else "fr"
        for copy in range(3):  # the same topic for each audience and brand
            documents.append(
                Document(
                    object_id=100 * copy + n + 1,
                    title=f"{title} ({copy})" if copy else title,
                    body=f"{body} {LONG}" if n == 6 and copy == 1 else body,
                    audience=(Audience.PUBLIC, Audience.CUSTOMERS, Audience.INTERNAL)[copy],
                    language=language,
                    brand_id=(None, 1, 2)[(n + copy) % 3],
                )
            )
    return documents


def use(settings, where: str) -> None:
    settings.GUICHET_SEARCH_VECTORS = where
    memory.forget()


def mirrored() -> dict[tuple[int, int], np.ndarray]:
    """(entry pk, passage) -> the mirrored vector."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT entry_id, passage, embedding::text FROM {pgvector.TABLE}")  # noqa: S608
        return {
            (pk, passage): np.array(text.strip("[]").split(","), dtype=np.float32)
            for pk, passage, text in cursor.fetchall()
        }


def stored() -> dict[tuple[int, int], np.ndarray]:
    """The same keys from SearchEntry.vectors, as the memory path reads them."""
    out = {}
    for entry in SearchEntry.objects.exclude(vectors=None):
        blob = bytes(entry.vectors or b"")
        for passage, row in enumerate(dense.unpack(blob, len(blob) // 2 // entry.chunks)):
            out[(entry.pk, passage)] = row
    return out


def assert_mirror_in_step() -> None:
    found, expected = mirrored(), stored()
    assert found.keys() == expected.keys()
    for key, vector in expected.items():
        assert np.array_equal(found[key], vector)  # float16 -> float32, exactly


def assert_same_hits(got, expected) -> None:
    """Same hits in the same order with the same scores; two hits may swap only on a tie."""
    assert len(got) == len(expected)
    score_of = {hit.object_id: hit.score for hit in expected}
    for mine, theirs in zip(got, expected, strict=True):
        assert mine.score == pytest.approx(theirs.score, rel=1e-4, abs=1e-4)
        if mine.object_id != theirs.object_id:
            assert score_of[mine.object_id] == pytest.approx(theirs.score, rel=1e-4, abs=1e-4)
        assert mine.snippet == theirs.snippet or mine.object_id != theirs.object_id


@pytest.mark.pgvector
def test_pgvector_ranks_like_memory_for_every_searcher_mode_and_query(
    pgvector_db, settings, fake_embedder
):
    # Given a corpus over three audiences, three brands and two languages, indexed with pgvector
    engine.index_documents(corpus())
    assert_mirror_in_step()
    checked = 0
    for audience, brand, language in SEARCHERS:
        for query in QUERIES:
            for mode, require_match in (("hybrid", False), ("hybrid", True), ("dense", False)):
                search = {"audience": audience, "brand_id": brand, "language": language,
                          "mode": mode, "require_match": require_match, "limit": 8}  # fmt: skip
                # When the same search runs with vectors in PostgreSQL, then in memory
                use(settings, "pgvector")
                in_db = engine.search(query, **search)
                assert isinstance(memory._snapshots[next(iter(memory._snapshots))].dense,
                                  pgvector.StoredDense)  # fmt: skip
                use(settings, "memory")
                in_memory = engine.search(query, **search)
                # Then both give the same hits, order and scores
                assert_same_hits(in_db, in_memory)
                checked += len(in_memory)
    assert checked > 200  # the comparison was not vacuous


@pytest.mark.pgvector
def test_in_pgvector_mode_the_snapshot_holds_no_vectors(pgvector_db, fake_embedder):
    engine.index_documents(corpus())
    engine.search("imprimante", audience=Audience.PUBLIC)
    snap = next(iter(memory._snapshots.values()))
    assert snap.vectors_in_db
    assert isinstance(snap.dense, pgvector.StoredDense)
    assert not hasattr(snap.dense, "matrix")
    assert snap.dense.has_vector.all()


@pytest.mark.pgvector
def test_the_floors_from_postgresql_are_the_memory_floors(pgvector_db, settings, fake_embedder):
    from guichet.search.hybrid import floor

    engine.index_documents(corpus())
    probes = floor.probe_vectors(fake_embedder)
    engine.search("imprimante", audience=Audience.PUBLIC)
    in_db = next(iter(memory._snapshots.values())).dense.floors(probes)
    use(settings, "memory")
    engine.search("imprimante", audience=Audience.PUBLIC)
    in_memory = floor.row_floors(next(iter(memory._snapshots.values())).dense, probes)
    np.testing.assert_allclose(in_db, in_memory, rtol=1e-5, atol=1e-6)


@pytest.mark.pgvector
def test_a_customer_never_gets_an_internal_entry_not_even_through_its_meaning_floor(
    pgvector_db, fake_embedder
):
    # Given an internal entry whose text is exactly the query (cosine 1: far above its floor)
    secret = Document(
        1, "Procédure interne", "mot de passe administrateur hunter", audience=Audience.INTERNAL
    )
    engine.index_documents([secret, Document(2, "Imprimante", "Choisissez l'imprimante.")])
    query = "Procédure interne mot de passe administrateur hunter"
    for mode in ("hybrid", "dense"):
        # When a customer searches for it, keeping only matches
        hits = engine.search(query, audience=Audience.CUSTOMERS, mode=mode, require_match=True)
        # Then it is not there, and the database scored it for nobody but agents
        assert 1 not in [hit.object_id for hit in hits]
    snap = next(iter(memory._snapshots.values()))
    vector = fake_embedder.embed_queries([query])[0]
    customer = snap.dense.scores(vector, audience=Audience.CUSTOMERS, brand_id=None, language=None)
    agent = snap.dense.scores(vector, audience=Audience.INTERNAL, brand_id=None, language=None)
    row = int(np.searchsorted(snap.entry_ids, SearchEntry.objects.get(object_id=1).pk))
    assert customer[row] == -np.inf
    assert agent[row] == pytest.approx(1.0, abs=1e-3)
    hits = engine.search(query, audience=Audience.INTERNAL, require_match=True)
    assert hits[0].object_id == 1


@pytest.mark.pgvector
def test_removing_entries_removes_their_mirrored_vectors(pgvector_db, fake_embedder):
    engine.index_documents(corpus())
    engine.remove_documents([1, 2, 3])
    assert_mirror_in_step()
    SearchEntry.objects.filter(language="en").delete()  # outside the engine too (a trigger)
    assert_mirror_in_step()
    assert mirrored()


@pytest.mark.pgvector
def test_reindexing_an_entry_replaces_its_mirrored_passages(pgvector_db, fake_embedder):
    # Given an entry of several passages
    engine.index_documents([Document(1, "Télétransmission", LONG)])
    assert len(mirrored()) == SearchEntry.objects.get().chunks > 1
    # When it is saved with a short text, then rebuilt
    engine.index_document(Document(1, "Exporter les factures", "Menu Comptabilité."))
    # Then its old passages are gone and the new one is there
    assert len(mirrored()) == 1
    assert_mirror_in_step()
    engine.rebuild()
    assert_mirror_in_step()
    hits = engine.search("factures", audience=Audience.PUBLIC, mode="dense")
    assert [hit.object_id for hit in hits] == [1]


@pytest.mark.pgvector
def test_an_entry_indexed_without_vectors_has_no_mirrored_rows(pgvector_db, fake_embedder):
    engine.index_documents(corpus()[:3])
    engine.index_documents([Document(1, "Sans vecteurs", "texte")], lexical_only=True)
    assert_mirror_in_step()
    assert not [key for key in mirrored() if key[0] == SearchEntry.objects.get(object_id=1).pk]


@pytest.mark.pgvector
def test_the_refresh_job_mirrors_the_new_models_vectors(pgvector_db, monkeypatch, fake_embedder):
    # Given entries embedded by model A
    engine.index_documents(corpus()[:6])

    class Upgraded(BagOfStemsEmbedder):
        model_version = "fake-bag-of-stems-2"

        def _embed(self, texts):
            return super()._embed(texts)[:, ::-1].copy()

    upgraded = Upgraded()
    monkeypatch.setattr(engine, "embedder", lambda: upgraded)
    # When the periodic job re-embeds them with model B
    assert refresh.refresh_stale_vectors() == 6
    # Then the mirror holds B's vectors, and dense search uses them
    assert_mirror_in_step()
    hits = engine.search("mot de passe", audience=Audience.INTERNAL, mode="dense")
    assert hits[0].object_id == 2


def row_versions() -> set[tuple[str, int, str]]:
    """Every mirror and state row with its physical position: a rewritten row moves."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT 'v', entry_id, ctid::text FROM {pgvector.TABLE} "  # noqa: S608
            f"UNION ALL SELECT 's', entry_id, ctid::text FROM {pgvector.STATE}"
        )
        return set(cursor.fetchall())


@pytest.mark.pgvector
def test_the_backfill_fills_an_empty_mirror(pgvector_db, fake_embedder):
    engine.index_documents(corpus())
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {pgvector.TABLE}; DELETE FROM {pgvector.STATE}")  # noqa: S608
    assert not pgvector.in_step()
    assert pgvector.backfill(batch=7) == SearchEntry.objects.count()
    assert_mirror_in_step()
    assert pgvector.in_step()
    assert pgvector.backfill() == 0  # in step: nothing to do


@pytest.mark.pgvector
def test_a_check_with_nothing_changed_writes_nothing(pgvector_db, fake_embedder):
    # Given a mirror written by the engine
    engine.index_documents(corpus())
    before = row_versions()
    # When the in-step check runs (a process starting, the periodic job)
    pgvector.forget()
    assert pgvector.enabled()
    assert pgvector.backfill() == 0
    # Then no row was rewritten
    assert row_versions() == before


@pytest.mark.pgvector
def test_vectors_written_in_memory_mode_are_copied_again_and_only_they(
    pgvector_db, settings, monkeypatch, fake_embedder
):
    # Given a mirror in step, then writes while vectors live in memory (the mirror bypassed):
    # texts changed, an entry left without vectors, entries re-embedded by a new model
    engine.index_documents(corpus())
    pk = dict(SearchEntry.objects.values_list("object_id", "pk"))
    before = row_versions()
    use(settings, "memory")
    engine.index_documents([Document(1, "Exporter les factures", "Menu Comptabilité, tableur."),
                            Document(2, "Imprimante", "Choisissez l'imprimante.")])  # fmt: skip
    engine.index_documents([Document(3, "Sans vecteurs", "texte")], lexical_only=True)

    class Upgraded(BagOfStemsEmbedder):
        model_version = "fake-bag-of-stems-2"

        def _embed(self, texts):
            return super()._embed(texts)[:, ::-1].copy()

    upgraded = Upgraded()
    monkeypatch.setattr(engine, "embedder", lambda: upgraded)
    reembedded = refresh.refresh_stale_vectors(max_entries=4)
    changed = SearchEntry.objects.exclude(model_version=upgraded.model_version).exclude(
        vectors=None
    )
    assert reembedded == 4 and changed.count() > 0  # the new model reached only some
    memory_was = SearchEntry.objects.filter(model_version=upgraded.model_version)
    written = {pk[1], pk[2], *memory_was.values_list("pk", flat=True)}
    assert not pgvector.in_step()
    # When vectors move back to PostgreSQL (a process starting runs the in-step check)
    use(settings, "pgvector")
    assert pgvector.enabled()
    # Then exactly the changed entries were copied again, the one without vectors dropped
    moved = {pk_ for _, pk_, _ in row_versions() - before}
    gone = {pk_ for _, pk_, _ in before - row_versions()}
    assert moved == written
    assert gone == written | {pk[3]}
    assert_mirror_in_step()
    assert pgvector.in_step()
    # And searches find what the memory path finds
    for query in QUERIES:
        for mode in ("hybrid", "dense"):
            use(settings, "pgvector")
            in_db = engine.search(query, audience=Audience.INTERNAL, mode=mode, limit=8)
            use(settings, "memory")
            in_memory = engine.search(query, audience=Audience.INTERNAL, mode=mode, limit=8)
            assert_same_hits(in_db, in_memory)


@pytest.mark.pgvector
def test_the_periodic_job_brings_the_mirror_in_step(pgvector_db, settings, fake_embedder):
    from guichet.search.hybrid import tasks

    engine.index_documents(corpus()[:6])
    use(settings, "memory")
    engine.index_documents([Document(1, "Exporter les factures", "Menu Comptabilité.")])
    SearchEntry.objects.filter(object_id=2).update(vectors=None, chunks=0)
    use(settings, "pgvector")
    pgvector._ready[(connection.settings_dict["NAME"], "default")] = True  # no process start
    assert not pgvector.in_step()
    tasks.refresh_stale_search_vectors.call()
    assert pgvector.in_step()
    assert_mirror_in_step()


@pytest.mark.pgvector
def test_a_mirror_from_before_the_state_table_is_copied_again(pgvector_db, fake_embedder):
    # Given a mirror whose versions were never recorded, with rows of a vanished entry
    engine.index_documents(corpus()[:6])
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE {pgvector.STATE}")  # noqa: S608
        cursor.execute(
            f"INSERT INTO {pgvector.TABLE} SELECT entry_id + 100000, passage, embedding "  # noqa: S608
            f"FROM {pgvector.TABLE}"
        )
    # When a process starts
    pgvector.forget()
    assert pgvector.enabled()
    # Then the state table exists, every entry was copied again, and the stray rows are gone
    assert_mirror_in_step()
    assert pgvector.in_step()


@pytest.mark.pgvector
def test_a_missing_mirror_is_created_again_and_filled(pgvector_db, fake_embedder):
    engine.index_documents(corpus())
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE {pgvector.TABLE}")  # noqa: S608
    pgvector.forget()
    assert pgvector.enabled()
    assert_mirror_in_step()


@pytest.mark.pgvector
def test_auto_picks_pgvector_where_the_extension_is_installed(pgvector_db, settings):
    settings.GUICHET_SEARCH_VECTORS = "auto"
    pgvector.forget()
    assert pgvector.enabled()
    settings.GUICHET_SEARCH_VECTORS = "memory"
    assert not pgvector.enabled()


def test_auto_falls_back_to_memory_where_the_extension_is_missing(
    settings, monkeypatch, fake_embedder, caplog
):
    # Given a database without the extension (SQLite, Debian's PostgreSQL, or a name that no
    # PostgreSQL has)
    monkeypatch.setattr(pgvector, "EXTENSION", "guichet_no_such_extension")
    settings.GUICHET_SEARCH_VECTORS = "auto"
    memory.forget()
    # When search is used
    assert not pgvector.enabled()
    engine.index_documents(corpus()[:6])
    hits = engine.search("mot de passe", audience=Audience.INTERNAL, mode="dense")
    # Then vectors are searched in memory and nothing failed
    assert hits[0].object_id == 2
    assert isinstance(next(iter(memory._snapshots.values())).dense, dense.DenseIndex)


@pytest.mark.skipif("connection.vendor != 'sqlite'")
def test_asking_for_pgvector_on_sqlite_warns_and_searches_in_memory(
    settings, fake_embedder, caplog
):
    settings.GUICHET_SEARCH_VECTORS = "pgvector"
    pgvector._warn_once.cache_clear()
    memory.forget()
    engine.index_documents(corpus()[:6])
    assert engine.search("mot de passe", audience=Audience.INTERNAL)[0].object_id == 2
    assert "needs PostgreSQL" in caplog.text


@pytest.mark.pgvector
def test_approximate_search_through_the_hnsw_index_finds_what_the_exact_scan_finds(
    pgvector_db, settings, monkeypatch, fake_embedder
):
    # Given a kind past the approximate threshold (lowered here) with its HNSW index built,
    # small enough that the index's candidates cover it
    engine.index_documents(corpus())
    monkeypatch.setattr(pgvector, "ANN_MIN_ENTRIES", 10)
    assert pgvector.ensure_ann_index(fake_embedder.dimension)
    assert not pgvector.ensure_ann_index(fake_embedder.dimension)  # built once
    for audience, brand, language in SEARCHERS:
        for query in QUERIES[:4]:
            search = {"audience": audience, "brand_id": brand, "language": language,
                      "require_match": True, "limit": 8}  # fmt: skip
            # When the same search runs approximately, then with the exact scan
            memory.forget()
            approximate = engine.search(query, **search)
            assert next(iter(memory._snapshots.values())).dense.approximate
            monkeypatch.setattr(pgvector, "ANN_MIN_ENTRIES", 10**9)
            memory.forget()
            exact = engine.search(query, **search)
            monkeypatch.setattr(pgvector, "ANN_MIN_ENTRIES", 10)
            # Then they agree
            assert_same_hits(approximate, exact)


@pytest.mark.pgvector
def test_approximate_search_scores_only_the_nearest_passages_and_the_lexical_matches(
    pgvector_db, monkeypatch, fake_embedder
):
    engine.index_documents(corpus())
    monkeypatch.setattr(pgvector, "ANN_MIN_ENTRIES", 10)
    monkeypatch.setattr(pgvector, "ANN_PASSAGES", 3)
    monkeypatch.setattr(pgvector, "LEXICAL_CANDIDATES", 2)
    pgvector.ensure_ann_index(fake_embedder.dimension)
    engine.search("facture", audience=Audience.INTERNAL)
    snap = next(iter(memory._snapshots.values()))
    query = fake_embedder.embed_queries(["mot de passe"])[0]
    mask = np.ones(snap.dense.n_rows, dtype=bool)
    lexical = np.zeros(snap.dense.n_rows, dtype=np.float32)
    lexical[[0, 5, 9]] = [1.0, 3.0, 2.0]  # rows 5 and 9 are the two best lexical matches
    scores = snap.dense.scores(query, audience=Audience.INTERNAL, brand_id=None, language=None,
                               lexical=lexical, mask=mask)  # fmt: skip
    finite = set(np.flatnonzero(np.isfinite(scores)).tolist())
    assert {5, 9} <= finite
    assert 0 not in finite or scores[0] >= np.sort(scores[np.isfinite(scores)])[-3]
    assert len(finite) <= 3 + 2


@pytest.mark.pgvector
def test_the_periodic_job_builds_the_hnsw_index_once_the_base_is_large(
    pgvector_db, monkeypatch, fake_embedder
):
    from guichet.search.hybrid import tasks

    engine.index_documents(corpus())
    name = pgvector.ann_index(fake_embedder.dimension)

    def built():
        with connection.cursor() as cursor:
            cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [name])
            return cursor.fetchone()[0]

    tasks.refresh_stale_search_vectors.call()
    assert not built()  # 36 entries: the exact scan
    monkeypatch.setattr(pgvector, "ANN_MIN_ENTRIES", len(corpus()))
    tasks.refresh_stale_search_vectors.call()
    assert built()
