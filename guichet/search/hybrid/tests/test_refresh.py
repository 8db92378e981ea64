"""Stale vectors after an embedder upgrade are re-embedded by the periodic job (refresh.py)."""

import datetime as dt

import numpy as np
import pytest
from django.db import connection
from django.utils import timezone

from guichet.search.hybrid import dense, engine, refresh
from guichet.search.hybrid.engine import Document
from guichet.search.hybrid.models import Audience, IndexGeneration, SearchEntry
from guichet.search.hybrid.tests.embedders import BagOfStemsEmbedder

pytestmark = pytest.mark.django_db

PRINTER = Document(1, "Configurer l'imprimante des ordonnances",
                   "Ouvrez les réglages. Choisissez l'imprimante par défaut.")  # fmt: skip
PASSWORD = Document(2, "Changer de mot de passe", "Cliquez sur Profil, puis Sécurité.")
INVOICES = Document(3, "Exporter les factures", "Menu Comptabilité, bouton Exporter.")


class UpgradedEmbedder(BagOfStemsEmbedder):
    """Version B: another version string and other vectors (the same words, mirrored), so a test
    can tell B's vectors from A's."""

    model_version = "fake-bag-of-stems-2"

    def _embed(self, texts):
        return super()._embed(texts)[:, ::-1].copy()


class FailingEmbedder(UpgradedEmbedder):
    def embed_passages(self, texts):
        raise RuntimeError("model server down")


@pytest.fixture
def use(monkeypatch):
    """use(model) makes `model` the embedder search uses from now on (None: no embedder)."""

    def switch(model):
        monkeypatch.setattr(engine, "embedder", lambda: model)
        return model

    return switch


def ids(hits):
    return [hit.object_id for hit in hits]


def dense_ids(query):
    return ids(engine.search(query, audience=Audience.PUBLIC, mode="dense"))


def generation():
    return IndexGeneration.objects.get(kind=engine.ARTICLE).generation


def test_after_an_upgrade_the_job_gives_entries_the_new_models_vectors_and_dense_search_again(use):
    # Given entries embedded by version A, and a process that has searched them
    use(BagOfStemsEmbedder())
    engine.index_documents([PRINTER, PASSWORD])
    assert dense_ids("imprimante ordonnances")[0] == 1
    # When the configured embedder becomes version B, A's vectors are ignored
    upgraded = use(UpgradedEmbedder())
    assert dense_ids("imprimante ordonnances") == []
    # When the job runs
    assert refresh.refresh_stale_vectors() == 2
    # Then every entry holds B's vectors of its passages, and dense search finds them again
    for document in (PRINTER, PASSWORD):
        entry = SearchEntry.objects.get(object_id=document.object_id)
        expected = upgraded.embed_passages(dense.passages(document.title, document.body))
        assert entry.model_version == "fake-bag-of-stems-2"
        assert entry.chunks == len(expected)
        assert np.array_equal(dense.unpack(entry.vectors, upgraded.dimension),
                              expected.astype(np.float16).astype(np.float32))  # fmt: skip
    assert dense_ids("imprimante ordonnances")[0] == 1


def test_turning_the_second_model_on_re_embeds_with_the_pair(use):
    # Given entries embedded by the primary model alone
    primary = use(BagOfStemsEmbedder())
    engine.index_documents([PRINTER, PASSWORD])
    # When search pairs it with a second model (a new version: both models and the weight)
    paired = use(dense.PairedEmbedder(primary, UpgradedEmbedder()))
    refresh.refresh_stale_vectors()
    # Then entries carry the pair's wider vectors, and dense search uses them
    entry = SearchEntry.objects.get(object_id=1)
    assert entry.model_version == paired.model_version
    assert len(dense.unpack(entry.vectors, paired.dimension)[0]) == 128
    assert dense_ids("imprimante ordonnances")[0] == 1


def test_entries_indexed_without_an_embedder_get_vectors_once_one_is_configured(use):
    use(None)
    engine.index_documents([PRINTER])
    assert SearchEntry.objects.get().vectors is None
    use(BagOfStemsEmbedder())
    assert refresh.refresh_stale_vectors() == 1
    assert dense_ids("imprimante ordonnances") == [1]


def test_only_the_vectors_change(use):
    # Given an entry embedded by A, with its terms and French word vectors
    use(BagOfStemsEmbedder())
    engine.index_documents([PRINTER])
    keep = ["kind", "object_id", "brand_id", "audience", "language", "title", "body", "terms",
            "word_rows", "word_keys", "word_vectors", "updated_at"]  # fmt: skip
    before = SearchEntry.objects.values(*keep).get()
    # When B re-embeds it
    use(UpgradedEmbedder())
    refresh.refresh_stale_vectors()
    # Then nothing but its vectors, passage count and version moved
    assert SearchEntry.objects.values(*keep).get() == before


def test_a_run_is_bounded_oldest_first_and_a_large_base_catches_up_over_runs(use):
    # Given five entries embedded by A, saved at different times
    use(BagOfStemsEmbedder())
    documents = [Document(n, f"Article {n} imprimante", "Texte court.") for n in range(1, 6)]
    engine.index_documents(documents)
    start = timezone.now() - dt.timedelta(days=10)
    for order, object_id in enumerate([4, 2, 5, 1, 3]):  # 4 is the oldest
        SearchEntry.objects.filter(object_id=object_id).update(
            updated_at=start + dt.timedelta(hours=order)
        )
    use(UpgradedEmbedder())
    # When the job runs with room for two entries
    assert refresh.refresh_stale_vectors(max_entries=2) == 2
    # Then the two oldest were re-embedded, the others wait
    fresh = SearchEntry.objects.filter(model_version="fake-bag-of-stems-2")
    assert set(fresh.values_list("object_id", flat=True)) == {4, 2}
    assert refresh.stale_count() == 3
    # And the next runs finish the work, then find nothing
    assert refresh.refresh_stale_vectors(max_entries=2) == 2
    assert refresh.refresh_stale_vectors(max_entries=2) == 1
    assert refresh.refresh_stale_vectors(max_entries=2) == 0
    assert refresh.stale_count() == 0


def test_a_run_stops_at_its_passage_budget_but_always_takes_one_entry(use):
    use(BagOfStemsEmbedder())
    long_body = " ".join(f"mot{n}" for n in range(400))  # 4 passages
    engine.index_documents([Document(1, "Long", long_body), PASSWORD, INVOICES])
    SearchEntry.objects.filter(object_id=1).update(updated_at=timezone.now() - dt.timedelta(1))
    use(UpgradedEmbedder())
    assert SearchEntry.objects.get(object_id=1).chunks == 4
    # A budget below the oldest entry's passages still re-embeds that entry, alone
    assert refresh.refresh_stale_vectors(max_passages=2) == 1
    assert SearchEntry.objects.get(object_id=1).model_version == "fake-bag-of-stems-2"
    # Then two one-passage entries fit in it
    assert refresh.refresh_stale_vectors(max_passages=2) == 2


def test_nothing_stale_is_one_query_and_no_write(use, django_assert_num_queries):
    use(BagOfStemsEmbedder())
    engine.index_documents([PRINTER, PASSWORD])
    token = generation()
    with django_assert_num_queries(1):
        assert refresh.refresh_stale_vectors() == 0
    assert generation() == token


def test_without_an_embedder_the_job_does_nothing(use, django_assert_num_queries):
    use(BagOfStemsEmbedder())
    engine.index_documents([PRINTER])
    use(None)
    with django_assert_num_queries(0):
        assert refresh.refresh_stale_vectors() == 0
    assert SearchEntry.objects.get().model_version == "fake-bag-of-stems-1"


def test_a_write_moves_the_generation_of_the_kinds_it_touched(use):
    use(BagOfStemsEmbedder())
    engine.index_documents([PRINTER])
    engine.index_documents([PASSWORD], kind="faq")
    engine.index_documents([INVOICES], kind="macro")
    SearchEntry.objects.filter(kind="macro").update(model_version="fake-bag-of-stems-2")
    tokens = dict(IndexGeneration.objects.values_list("kind", "generation"))
    use(UpgradedEmbedder())
    assert refresh.refresh_stale_vectors() == 2
    moved = dict(IndexGeneration.objects.values_list("kind", "generation"))
    assert moved["article"] != tokens["article"] and moved["faq"] != tokens["faq"]
    assert moved["macro"] == tokens["macro"]


def test_a_failing_embedder_changes_nothing_and_the_next_run_tries_again(use):
    use(BagOfStemsEmbedder())
    engine.index_documents([PRINTER, PASSWORD])
    token = generation()
    use(FailingEmbedder())
    assert refresh.refresh_stale_vectors() == 0
    assert generation() == token
    assert set(SearchEntry.objects.values_list("model_version", flat=True)) == {
        "fake-bag-of-stems-1"
    }
    use(UpgradedEmbedder())
    assert refresh.refresh_stale_vectors() == 2


def test_an_entry_saved_during_the_run_keeps_its_fresh_vectors(use):
    # Given an entry embedded by A, and B being configured
    use(BagOfStemsEmbedder())
    engine.index_documents([PRINTER])
    upgraded = UpgradedEmbedder()
    renamed = Document(1, "Exporter les factures", "Menu Comptabilité.")

    class SavedMeanwhile(UpgradedEmbedder):
        def embed_passages(self, texts):
            # the article is edited while the job embeds its old text
            engine.index_documents([renamed], model=upgraded)
            return super().embed_passages(texts)

    use(SavedMeanwhile())
    # When the job writes
    assert refresh.refresh_stale_vectors() == 0
    # Then the entry keeps the vectors of its new text
    entry = SearchEntry.objects.get()
    expected = upgraded.embed_passages(dense.passages(renamed.title, renamed.body))
    assert entry.title == renamed.title
    assert np.array_equal(dense.unpack(entry.vectors, upgraded.dimension),
                          expected.astype(np.float16).astype(np.float32))  # fmt: skip


def test_an_entry_with_nothing_to_embed_is_not_picked_again(use):
    use(BagOfStemsEmbedder())
    engine.index_documents([Document(9, "", ""), PRINTER])
    use(UpgradedEmbedder())
    assert refresh.refresh_stale_vectors() == 2
    empty = SearchEntry.objects.get(object_id=9)
    assert (empty.vectors, empty.chunks, empty.model_version) == (None, 0, "fake-bag-of-stems-2")
    assert refresh.refresh_stale_vectors() == 0


@pytest.mark.skipif("connection.vendor != 'sqlite'")
def test_the_stale_query_reads_the_model_version_index():
    query = refresh.stale_entries("v2").order_by("updated_at", "pk").values("pk")[:200]
    sql, params = query.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        plan = " ".join(str(row) for row in cursor.fetchall())
    assert "search_entry_model_version" in plan and "SCAN" not in plan


def test_the_job_is_registered_and_runs_the_refresh(use):
    from guichet.jobs.periodic import registry
    from guichet.search.hybrid import tasks

    entry = next(e for e in registry if e.task is tasks.refresh_stale_search_vectors)
    assert entry.task.queue_name == "ai"
    use(BagOfStemsEmbedder())
    engine.index_documents([PRINTER])
    use(UpgradedEmbedder())
    assert tasks.refresh_stale_search_vectors.call() == 1


def test_the_reindex_command_tells_how_many_entries_wait(use, capsys):
    from django.core.management import call_command

    use(BagOfStemsEmbedder())
    engine.index_documents([PRINTER, PASSWORD, INVOICES])
    use(UpgradedEmbedder())
    refresh.refresh_stale_vectors(max_entries=1)
    call_command("search_hybrid_reindex", "--stale")
    out = capsys.readouterr().out
    assert out.startswith("2 of 3 entries wait for re-embedding with fake-bag-of-stems-2")
    assert SearchEntry.objects.filter(model_version="fake-bag-of-stems-2").count() == 1
