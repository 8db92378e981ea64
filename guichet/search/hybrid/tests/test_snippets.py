from guichet.search.hybrid.snippets import snippet


def test_snippet_is_the_sentence_with_most_query_stems_accents_ignored():
    body = "Bienvenue. Ouvrez les réglages de l'imprimante. Imprimez l'ordonnance depuis Réglages."
    assert snippet(body, "ordonnance reglage", "fr") == "Imprimez l'ordonnance depuis Réglages."


def test_snippet_without_matching_word_is_the_first_sentence():
    assert snippet("Première phrase. Seconde phrase.", "zzz", "fr") == "Première phrase."


def test_long_sentence_is_cut_at_a_word():
    cut = snippet("imprimante " * 50, "imprimante", "fr", size=40)
    assert len(cut) <= 40 and cut.endswith("…")
