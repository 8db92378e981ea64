"""Article search: symptoms, typos, accents, prefixes, and visibility before anything else."""

import pytest

from guichet.core.tests import factories
from guichet.knowledge.permissions import Audience
from guichet.knowledge.search import search_articles
from guichet.knowledge.tests import factories as kb

pytestmark = pytest.mark.django_db


@pytest.fixture
def brand():
    return factories.brand(slug="asclepia", name="Asclépia")


@pytest.fixture
def printer(brand):
    return kb.article(
        brand,
        "Installer et configurer l'imprimante d'ordonnances",
        "## Symptôme\n\nL'ordonnance ne s'imprime pas, le document reste dans la file "
        "d'attente.\n\n## Résolution\n\n1. Vérifiez que l'imprimante est sélectionnée dans "
        "Paramètres > Impression.\n2. Redémarrez le spouleur d'impression.",
        summary="Paramétrer l'imprimante pour les ordonnances sécurisées.",
    )


@pytest.fixture
def others(brand):
    return [
        kb.article(brand, "Envoyer une FSE", "Créez la feuille de soins électronique."),
        kb.article(brand, "Mettre à jour le logiciel", "Téléchargez la nouvelle version."),
    ]


def hits(brand, q, audience=Audience.PUBLIC, language="fr"):
    return search_articles(q, brand=brand, audience=audience, language=language, limit=5)


def test_a_symptom_in_a_sentence_finds_the_printer_article(brand, printer, others):
    found = hits(brand, "mon ordonnance ne s'imprime pas")
    assert found[0].article_id == printer.pk


def test_missing_accents_and_capitals_still_match(brand, printer, others):
    assert hits(brand, "PARAMETRER IMPRIMANTE ORDONNANCES SECURISEES")[0].article_id == printer.pk


def test_a_typo_is_tolerated(brand, printer, others):
    assert hits(brand, "imprimnte")[0].article_id == printer.pk


def test_the_last_word_is_a_prefix_while_typing(brand, printer, others):
    assert hits(brand, "spoul")[0].article_id == printer.pk


def test_hits_carry_title_url_snippet_and_score(brand, printer):
    hit = hits(brand, "spouleur")[0]
    assert hit.title == printer.title
    assert hit.url == f"/help/asclepia/fr/articles/{printer.pk}-{printer.slug}"
    assert "spouleur" in hit.snippet
    assert hit.score > 0


def test_query_syntax_never_breaks_search(brand, printer):
    for q in ['"', "*", "imprimante OR", "NEAR(a b)", "col:x", "'); DROP", "-", "((("]:
        hits(brand, q)  # no exception


def test_an_internal_article_is_never_found_by_the_public_nor_customers(brand, printer):
    secret = kb.article(
        brand, "Procédure interne imprimante", "Mot de passe technicien 1234", visibility="internal"
    )
    customer_only = kb.article(
        brand, "Imprimante du cabinet", "Réservé aux clients technicien", visibility="customers"
    )
    assert secret.pk not in {h.article_id for h in hits(brand, "technicien")}
    assert {h.article_id for h in hits(brand, "technicien", Audience.CUSTOMER)} == {
        customer_only.pk
    }
    assert {h.article_id for h in hits(brand, "technicien", Audience.AGENT)} == {
        secret.pk,
        customer_only.pk,
    }


def test_snippets_are_built_only_from_readable_articles(brand, printer):
    kb.article(brand, "Imprimante (interne)", "imprimante code secret 9876", visibility="internal")
    assert all("9876" not in h.snippet for h in hits(brand, "imprimante"))


def test_drafts_and_archives_are_not_found(brand):
    kb.article(brand, "Brouillon imprimante", "texte", state="draft")
    kb.article(brand, "Archive imprimante", "texte", state="archived")
    assert hits(brand, "imprimante", Audience.AGENT) == []


def test_other_brands_and_languages_are_not_found(brand, printer):
    other = factories.brand()
    kb.article(other, "Imprimante autre marque", "imprimante")
    english = kb.article(brand, "Set up the printer", "printer spooler", language="en")
    assert [h.article_id for h in hits(brand, "imprimante")] == [printer.pk]
    assert [h.article_id for h in hits(brand, "printer", language="en")] == [english.pk]


def test_a_search_matching_nothing_records_zero_results(product_embedder, client, printer):
    # Dense retrieval ranks every article; the help centre keeps only the ones sharing a word
    # with the query or close enough by meaning (the meaning floor), so that the zero-result
    # searches still show what to write next.
    from guichet.knowledge.models import SearchEvent

    page = client.get("/help/asclepia/fr/search/?q=horaires+du+train+pour+Marseille")
    assert printer.title not in page.content.decode()
    assert SearchEvent.objects.get().result_count == 0


@pytest.mark.parametrize("q", ["bonjour", "asdf", "merci beaucoup"])
def test_words_that_ask_nothing_find_nothing_that_shares_no_word(
    product_embedder, brand, printer, q
):
    assert hits(brand, q) == []


@pytest.mark.parametrize(
    "q",
    ["le bourrage papier bloque tout", "rien ne sort de la machine quand je lance le travail"],
)
def test_a_symptom_sharing_no_word_finds_the_article_by_meaning(
    product_embedder, brand, printer, others, q
):
    from guichet.search.hybrid.analysis import analyse

    article_terms = set(analyse(f"{printer.title} {printer.summary} {printer.body}", "fr"))
    assert not set(analyse(q, "fr")) & article_terms  # no word in common, even stemmed
    assert [h.article_id for h in hits(brand, q)][:1] == [printer.pk]


def test_a_search_with_results_records_their_count(client, printer, others):
    from guichet.knowledge.models import SearchEvent

    client.get("/help/asclepia/fr/search/?q=imprimante+ordonnance")
    assert SearchEvent.objects.get().result_count >= 1


def test_the_editor_list_finds_drafts_by_their_words_and_published_articles_by_search(
    client, brand, printer
):
    draft = kb.article(brand, "Brouillon sur le lecteur Vitale", "carte vitale", state="draft")
    client.force_login(kb.admin())
    page = client.get("/agent/kb/?q=lecteur+vitale").content.decode()
    assert draft.title in page and "Installer et configurer" not in page
    page = client.get("/agent/kb/?q=imprimnte").content.decode()  # typo: the hybrid side
    assert "Installer et configurer" in page and draft.title not in page


def test_highlight_marks_words_by_stem_and_folds_accents():
    from guichet.knowledge.snippets import highlight

    marked = highlight("L'imprimante <b> imprime les ordonnances.", "ordonnance IMPRIMER")
    assert "<mark>imprime</mark>" in marked and "<mark>ordonnances</mark>" in marked
    assert "&lt;b&gt;" in marked
    assert highlight("Sécurisée", "securisee") == "<mark>Sécurisée</mark>"
