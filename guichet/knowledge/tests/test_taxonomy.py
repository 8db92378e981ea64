"""Renaming a category or a section, or changing an article's tags, re-indexes the published
articles concerned (their index entries hold those names: `labels_line`)."""

import pytest

from guichet.audit.models import Event
from guichet.core.errors import ActionError, NotAllowed
from guichet.knowledge.actions.articles import ArticleInput, do_update_article
from guichet.knowledge.actions.taxonomy import do_update_category, do_update_section
from guichet.knowledge.models import State
from guichet.knowledge.permissions import Audience
from guichet.knowledge.search import search_articles
from guichet.knowledge.tests import factories as kb
from guichet.search.hybrid import articles as indexing

pytestmark = pytest.mark.django_db


def found(brand, query, audience=Audience.AGENT):
    return sorted(hit.article_id for hit in search_articles(query, brand=brand, audience=audience))


@pytest.fixture
def reindexed(monkeypatch):
    """The id lists each re-index was called with (it still runs)."""
    calls = []
    real = indexing.reindex_articles

    def spy(article_ids):
        calls.append(sorted(article_ids))
        return real(article_ids)

    monkeypatch.setattr(indexing, "reindex_articles", spy)
    return calls


def test_renaming_a_category_reindexes_its_published_articles_in_one_call(
    brand, committed, reindexed
):
    # given two sections of one category, with two published articles and a draft
    printers, drivers = (
        kb.section(brand, "Imprimantes", "Matériel"),
        kb.section(brand, "Pilotes", "Matériel"),
    )
    first = kb.article(brand, "Changer le toner", "Ouvrez le capot.", section_=printers)
    second = kb.article(brand, "Installer le pilote", "Lancez l'installateur.", section_=drivers)
    kb.article(brand, "Brouillon", "Texte.", section_=drivers, state=State.DRAFT)
    reindexed.clear()
    # when the category is renamed
    with committed():
        do_update_category(kb.admin(), printers.category, name="Périphériques")
    # then both published articles were re-indexed together and the new name finds them
    assert reindexed == [sorted([first.pk, second.pk])]
    assert found(brand, "périphériques") == sorted([first.pk, second.pk])
    assert found(brand, "matériel") == []
    assert Event.objects.filter(verb="kb_category_updated").count() == 1


def test_translating_a_category_name_reindexes_its_articles(brand, committed, reindexed):
    printers = kb.section(brand, "Imprimantes", "Matériel")
    article = kb.article(brand, "Replace the toner", "Open the lid.", section_=printers,
                         language="en")  # fmt: skip
    with committed():
        do_update_category(kb.admin(), printers.category,
                           translations={"en": {"name": "Hardware"}})  # fmt: skip
    assert found(brand, "hardware") == [article.pk]


def test_renaming_a_section_reindexes_only_its_articles(brand, committed, reindexed):
    printers, drivers = (
        kb.section(brand, "Imprimantes", "Matériel"),
        kb.section(brand, "Pilotes", "Matériel"),
    )
    toner = kb.article(brand, "Changer le toner", "Ouvrez le capot.", section_=printers)
    kb.article(brand, "Installer le pilote", "Lancez l'installateur.", section_=drivers)
    reindexed.clear()
    with committed():
        do_update_section(kb.admin(), printers, name="Consommables")
    assert reindexed == [[toner.pk]]
    assert found(brand, "consommables") == [toner.pk]


def test_a_description_change_reindexes_nothing(brand, committed, reindexed):
    printers = kb.section(brand, "Imprimantes", "Matériel")
    kb.article(brand, "Changer le toner", "Ouvrez le capot.", section_=printers)
    reindexed.clear()
    with committed():
        do_update_category(kb.admin(), printers.category, description="Tout le matériel.")
        do_update_section(kb.admin(), printers, name="Imprimantes")  # unchanged: no event
    assert reindexed == []
    assert not Event.objects.filter(verb="kb_section_updated").exists()


def test_changing_an_article_tags_reindexes_it(brand, committed):
    article = kb.article(brand, "Imprimer une ordonnance", "Menu Fichier.", tags=["impression"])
    assert found(brand, "télétransmission") == []
    with committed():
        do_update_article(kb.admin(), article, ArticleInput(tags=["teletransmission"]))
    assert found(brand, "télétransmission") == [article.pk]
    assert found(brand, "impression") == []


def test_an_internal_article_is_never_found_by_a_customer_through_its_labels(brand, committed):
    printers = kb.section(brand, "Imprimantes", "Matériel")
    internal = kb.article(brand, "Procédure interne", "Code 4242.", section_=printers,
                          visibility="internal", tags=["escalade"])  # fmt: skip
    with committed():
        do_update_category(kb.admin(), printers.category, name="Périphériques")
    for query in ("périphériques", "imprimantes", "escalade"):
        assert found(brand, query, Audience.CUSTOMER) == []
        assert found(brand, query, Audience.PUBLIC) == []
        assert found(brand, query) == [internal.pk]


def test_only_kb_managers_rename(brand, writer):
    printers = kb.section(brand, "Imprimantes", "Matériel")
    with pytest.raises(NotAllowed):
        do_update_category(writer, printers.category, name="Périphériques")
    with pytest.raises(NotAllowed):
        do_update_section(writer, printers, name="Consommables")


def test_a_rename_onto_another_category_name_is_refused(brand):
    printers = kb.section(brand, "Imprimantes", "Matériel")
    kb.section(brand, "Factures", "Facturation")
    with pytest.raises(ActionError):
        do_update_category(kb.admin(), printers.category, name="Facturation")
