"""Turning text into lexical terms: words, case and accent folding, stop words, stemming.

See docs/search.md, "Hybrid search". Documents are analysed with their own language's Snowball
stemmer; a query without a language is analysed with both (French and English) and their terms
are merged. Stemming runs on the lower-cased word (Snowball's French rules need the accents),
and the stem is then accent-folded, so that `résilier`, `resilier` and `RÉSILIÉ` meet.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

import snowballstemmer

from guichet.search.text import words

LANGUAGES = {"fr": "french", "en": "english"}
DEFAULT_LANGUAGE = "fr"

# Short lists of function words (accent-folded): they carry no topic, and in a short query they
# would otherwise pull in every document.
_FRENCH = """a ai as au aux avec c ce ces cet cette d dans de des du elle elles en est et etre eu
il ils j je l la le les leur leurs lui m ma mais me mes moi mon n ne nos notre nous on ou par pas
pour qu que qui s sa se ses si son sont sur t ta te tes toi ton tu un une vos votre vous y ete
etait sera seront peut doit dois faut plus ca cela"""
_ENGLISH = """a an and are as at be been but by can do does for from had has have he her his how i if
in into is it its me my no not of on or our she so than that the their them then there these they
this to was we were what when where which who why will with would you your"""
STOPWORDS = {"fr": frozenset(_FRENCH.split()), "en": frozenset(_ENGLISH.split())}


def fold(text: str) -> str:
    """Lower case, accents removed (é -> e, ç -> c, œ stays œ)."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


@lru_cache(maxsize=1)
def _stemmers() -> dict[str, snowballstemmer.stemmer]:
    return {code: snowballstemmer.stemmer(name) for code, name in LANGUAGES.items()}


@lru_cache(maxsize=200_000)
def stem(word: str, language: str) -> str:
    """The folded stem of a lower-cased word."""
    stemmer = _stemmers().get(language) or _stemmers()[DEFAULT_LANGUAGE]
    return fold(stemmer.stemWord(word))


def is_stopword(folded: str, language: str) -> bool:
    return len(folded) < 2 or folded in STOPWORDS.get(language, STOPWORDS[DEFAULT_LANGUAGE])


def analyse(text: str, language: str) -> list[str]:
    """The terms of `text`, in order: stemmed, folded, without stop words."""
    terms = []
    for word in words(text):
        lower = word.lower()
        if not is_stopword(fold(lower), language):
            terms.append(stem(lower, language))
    return terms


def query_terms(text: str, language: str | None) -> list[tuple[str, str]]:
    """(folded word, stem) pairs of a query; both languages' stems when none is given."""
    languages = [language] if language in LANGUAGES else list(LANGUAGES)
    pairs: list[tuple[str, str]] = []
    for word in words(text):
        lower = word.lower()
        folded = fold(lower)
        if any(is_stopword(folded, code) for code in languages):
            continue
        for code in languages:
            pair = (folded, stem(lower, code))
            if pair not in pairs:
                pairs.append(pair)
    return pairs
