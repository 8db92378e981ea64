"""Knowledge-base articles through the hybrid engine: published only, visibility per reader."""

import pytest

from guichet.core.tests import factories
from guichet.knowledge.models import Article, Category, Section, State, Visibility
from guichet.knowledge.permissions import Audience as Reader
from guichet.search.hybrid.articles import (
    article_document,
    labels_line,
    reindex_articles,
    search_articles_hybrid,
)
from guichet.search.hybrid.models import SearchEntry
from guichet.tickets.models import Tag

pytestmark = pytest.mark.django_db


def article(brand, title, body, **kwargs):
    fields = {"state": State.PUBLISHED, "visibility": Visibility.PUBLIC, "language": "fr"}
    fields.update(kwargs)
    return Article.objects.create(
        brand=brand, title=title, slug=title[:40].lower().replace(" ", "-"), body=body,
        body_html=f"<p>{body}</p>", **fields,
    )  # fmt: skip


def found(brand, query, reader):
    return [
        hit.object_id for hit in search_articles_hybrid(query, brand_id=brand.pk, reader=reader)
    ]


def test_customer_never_sees_an_internal_article_nor_its_snippet(fake_embedder):
    brand = factories.brand()
    public = article(brand, "Configurer l'imprimante", "Ouvrez les réglages de l'imprimante.")
    internal = article(brand, "Imprimante : procédure interne", "Code admin imprimante 4242.",
                       visibility=Visibility.INTERNAL)  # fmt: skip
    reindex_articles([public.pk, internal.pk])
    hits = search_articles_hybrid("imprimante code admin 4242", brand_id=brand.pk,
                                  reader=Reader.CUSTOMER)  # fmt: skip
    assert [hit.object_id for hit in hits] == [public.pk]
    assert all("4242" not in hit.snippet for hit in hits)
    assert internal.pk in found(brand, "code admin 4242", Reader.AGENT)


def test_draft_is_not_indexed_and_unpublishing_removes_it(fake_embedder):
    brand = factories.brand()
    draft = article(brand, "Imprimante en brouillon", "Texte.", state=State.DRAFT)
    live = article(brand, "Imprimante publiée", "Texte.")
    reindex_articles([draft.pk, live.pk])
    assert found(brand, "imprimante", Reader.AGENT) == [live.pk]
    Article.objects.filter(pk=live.pk).update(state=State.ARCHIVED)
    reindex_articles([live.pk])
    assert found(brand, "imprimante", Reader.AGENT) == []
    assert SearchEntry.objects.count() == 0


def test_another_brand_articles_are_not_found(fake_embedder):
    mine, other = factories.brand(), factories.brand()
    theirs = article(other, "Imprimante de l'autre marque", "Texte.")
    reindex_articles([theirs.pk])
    assert found(mine, "imprimante", Reader.AGENT) == []


# --- Category, section and tags (labels_line) ----------------------------------------------


def filed(brand, title, body, *, category="Facturation", section="Factures", tags=(), **kwargs):
    """A published article in `category` › `section` with `tags` (created if need be)."""
    cat, _ = Category.objects.get_or_create(brand=brand, slug=category.lower(),
                                            defaults={"name": category})  # fmt: skip
    sec, _ = Section.objects.get_or_create(category=cat, slug=section.lower(),
                                           defaults={"name": section})  # fmt: skip
    created = article(brand, title, body, section=sec, **kwargs)
    created.tags.set([Tag.objects.get_or_create(name=name)[0] for name in tags])
    return created


def lexical(brand, query, reader=Reader.AGENT, language=None):
    hits = search_articles_hybrid(query, brand_id=brand.pk, reader=reader, language=language,
                                  mode="lexical")  # fmt: skip
    return [hit.object_id for hit in hits]


def test_the_labels_line_names_category_section_and_tags_with_words():
    brand = factories.brand()
    filed_article = filed(brand, "Réinitialiser", "Cliquez sur « Oublié ».",
                          category="Compte", section="Connexion", tags=["mot-de-passe", "2fa"])  # fmt: skip
    assert labels_line(filed_article) == "Compte › Connexion · 2fa, mot de passe"
    document = article_document(filed_article)
    assert document.labels == "Compte › Connexion · 2fa, mot de passe"
    assert document.body == "Cliquez sur « Oublié »."  # matched after the body, never shown


def test_an_article_without_section_or_tags_has_no_labels_line():
    brand = factories.brand()
    plain = article(brand, "Imprimante", "Ouvrez les réglages.")
    assert labels_line(plain) == ""
    assert article_document(plain).body == "Ouvrez les réglages."


def test_a_tag_word_alone_finds_its_article_lexically(no_embedder):
    brand = factories.brand()
    tagged = filed(brand, "Imprimer une ordonnance", "Menu Fichier, puis Imprimer.",
                   tags=["teletransmission"])  # fmt: skip
    other = filed(brand, "Changer d'imprimante", "Menu Fichier, puis Réglages.")
    reindex_articles([tagged.pk, other.pk])
    assert lexical(brand, "télétransmission") == [tagged.pk]


def test_a_category_name_finds_every_article_filed_under_it(no_embedder):
    brand = factories.brand()
    invoice = filed(brand, "Télécharger une facture", "Ouvrez l'espace client.")
    refund = filed(brand, "Obtenir un remboursement", "Écrivez-nous.", section="Avoirs")
    printer = filed(brand, "Configurer l'imprimante", "Ouvrez les réglages.",
                    category="Impression", section="Pilotes")  # fmt: skip
    reindex_articles([invoice.pk, refund.pk, printer.pk])
    assert sorted(lexical(brand, "facturation")) == sorted([invoice.pk, refund.pk])
    assert lexical(brand, "avoirs") == [refund.pk]


def test_an_english_article_is_indexed_under_the_category_english_name(no_embedder):
    brand = factories.brand()
    french = filed(brand, "Télécharger une facture", "Ouvrez l'espace client.")
    english = filed(brand, "Download an invoice", "Open your account.", language="en")
    Category.objects.filter(pk=english.section.category_id).update(
        translations={"en": {"name": "Billing"}}
    )
    Section.objects.filter(pk=english.section_id).update(translations={"en": {"name": "Invoices"}})
    reindex_articles([french.pk, english.pk])
    assert lexical(brand, "billing") == [english.pk]
    assert lexical(brand, "facturation") == [french.pk]


def test_a_customer_never_finds_an_internal_article_by_its_tag_or_category(fake_embedder):
    brand = factories.brand()
    internal = filed(brand, "Procédure interne", "Code 4242.", tags=["escalade"],
                     visibility=Visibility.INTERNAL)  # fmt: skip
    reindex_articles([internal.pk])
    assert found(brand, "escalade facturation", Reader.CUSTOMER) == []
    assert found(brand, "escalade facturation", Reader.AGENT) == [internal.pk]


def test_snippet_of_a_body_match_is_the_body_sentence_not_the_labels(no_embedder):
    brand = factories.brand()
    tagged = filed(brand, "Imprimer", "Le bac à papier est vide.", tags=["papier"])
    reindex_articles([tagged.pk])
    hits = search_articles_hybrid("papier", brand_id=brand.pk, reader=Reader.AGENT)
    assert [hit.snippet for hit in hits] == ["Le bac à papier est vide."]


def test_a_snippet_never_shows_the_labels_even_when_only_they_match(no_embedder):
    brand = factories.brand()
    tagged = filed(brand, "Imprimer", "Le bac à papier est vide.", tags=["client-difficile"])
    reindex_articles([tagged.pk])
    hits = search_articles_hybrid("client difficile", brand_id=brand.pk, reader=Reader.AGENT)
    assert [(hit.object_id, hit.snippet) for hit in hits] == [
        (tagged.pk, "Le bac à papier est vide.")
    ]


def test_the_migration_moves_an_old_entrys_labels_line_out_of_its_body(no_embedder):
    # Given entries indexed before labels were stored apart: the labels ended the body
    import importlib

    from django.apps import apps
    from django.db import connection

    from guichet.search.hybrid.models import SearchEntry

    brand = factories.brand()
    tagged = filed(brand, "Imprimer", "Le bac est vide.", tags=["client-difficile"])
    plain = article(brand, "Changer", "Première ligne.\nDernière ligne.")
    reindex_articles([tagged.pk, plain.pk])
    SearchEntry.objects.filter(object_id=tagged.pk).update(
        body="Le bac est vide.\nFacturation › Factures · client difficile", labels=""
    )
    # When the migration's data step runs
    migration = importlib.import_module("guichet.search.hybrid.migrations.0004_searchentry_labels")
    migration.split_labels(apps, connection.schema_editor())
    # Then the labels line left the body of the labelled one only
    old = SearchEntry.objects.get(object_id=tagged.pk)
    assert (old.body, old.labels) == (
        "Le bac est vide.",
        "Facturation › Factures · client difficile",
    )
    assert SearchEntry.objects.get(object_id=plain.pk).body == "Première ligne.\nDernière ligne."
