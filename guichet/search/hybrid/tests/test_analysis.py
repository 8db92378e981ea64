import numpy as np

from guichet.search.hybrid.analysis import analyse, fold, query_terms
from guichet.search.hybrid.lexical import LexicalIndex
from guichet.search.hybrid.typos import Vocabulary, distance


def test_fold_removes_accents_and_case():
    assert fold("RÉSILIÉ Ça") == "resilie ca"


def test_french_stemming_meets_plural_and_verb_forms():
    assert analyse("imprimantes", "fr") == analyse("imprimante", "fr")
    assert analyse("imprimer", "fr") == analyse("imprime", "fr")


def test_english_stemming_meets_plural_and_ing_forms():
    assert analyse("printing", "en") == analyse("prints", "en")


def test_missing_accents_find_the_same_term():
    assert analyse("resilier", "fr") == analyse("résilier", "fr")


def test_stop_words_are_dropped():
    assert analyse("le de la imprimante", "fr") == analyse("imprimante", "fr")


def test_query_without_language_uses_both_stemmers():
    stems = {stem for _, stem in query_terms("printers", None)}
    assert stems == {"printer", "printers"} or "printer" in stems


def test_distance_counts_a_transposition_as_one():
    assert distance("imprimnate", "imprimante", 2) == 1
    assert distance("abc", "xyz", 1) == 2


def test_vocabulary_corrects_a_one_letter_typo():
    vocabulary = Vocabulary(["ordonnanc", "imprim"])
    assert "ordonnanc" in vocabulary.expand("ordonanc", "ordonanc", last=False)


def test_vocabulary_maps_a_misspelt_word_to_the_stem_it_starts_with():
    vocabulary = Vocabulary(["imprim"])
    assert vocabulary.expand("imprimente", "impriment", last=False) == {"imprim": 0.9}


def test_vocabulary_completes_the_last_word_being_typed():
    vocabulary = Vocabulary(["ordonnanc", "factur"])
    assert "ordonnanc" in vocabulary.expand("ordon", "ordon", last=True)
    assert vocabulary.expand("ordon", "ordon", last=False) == {}


def test_short_unknown_words_are_not_fuzzed():
    assert Vocabulary(["chat"]).expand("cha", "cha", last=False) == {}


def test_a_stem_the_reader_cannot_see_is_neither_known_nor_a_candidate():
    # Given "impriment" (a typo) and "ordoab" only in entries this reader may not see
    vocabulary = Vocabulary(["imprim", "impriment", "ordoab", "ordonnanc"])
    mine = {"imprim", "ordonnanc"}.__contains__
    # Then the typo is still corrected to the reader's stem, and completion skips theirs
    assert vocabulary.expand("imprimente", "impriment", last=False, visible=mine) == {"imprim": 0.9}
    assert vocabulary.starting("ordo", limit=1, visible=mine) == ["ordonnanc"]
    assert vocabulary.fuzzy("imprimen", visible=mine) == []


def index(*texts):
    return LexicalIndex([" ".join(analyse(text, "fr")) for text in texts])


def test_bm25_ranks_the_document_with_the_query_words_first():
    lexical = index("configurer l'imprimante des ordonnances", "changer le mot de passe")
    scores = lexical.scores("mon ordonnance ne s'imprime pas", "fr")
    assert int(np.argmax(scores)) == 0 and scores[1] == 0


def test_bm25_tolerates_a_typo_and_missing_accents():
    lexical = index("résiliation du contrat", "facture en double")
    scores = lexical.scores("resilation", "fr")
    assert scores[0] > 0 and scores[1] == 0


def test_bm25_rare_words_weigh_more_than_common_ones():
    lexical = index("facture imprimante", "facture", "facture", "facture")
    scores = lexical.scores("facture imprimante", "fr")
    assert int(np.argmax(scores)) == 0
