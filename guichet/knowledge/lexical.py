"""What a help-centre query means to the lexical index (pure). See docs/knowledge.md ("Search").

Customers describe symptoms in sentences ("mon ordonnance ne s'imprime pas"), so, unlike ticket
search (every word must match), an article query:
1. folds case and accents and drops French and English stop words;
2. cuts each word to a light stem matched as a prefix (`imprime` → `imprim*` finds
   `imprimante`, `ordonnances` → `ordonn*`), the last word always as a prefix (as you type);
3. replaces a word that matches nothing in the brand's vocabulary by its closest words
   (typo tolerance: `imprimnte` → `imprimante`);
4. matches any term (OR); `coverage()` then ranks articles that match more terms first, and
   among those the ones that use the visitor's own words.
Only letters and digits reach the database, so nothing a visitor types can break the query.
"""

from __future__ import annotations

import bisect
import difflib
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from guichet.search.text import words

MAX_TERMS = 12
MIN_STEM = 4
TYPO_CUTOFF = 0.75

STOPWORDS = frozenset({
    "a", "au", "aux", "avec", "ce", "ces", "cet", "cette", "ceci", "cela", "ca", "comment", "dans",
    "de", "des", "du", "elle", "elles", "en", "est", "et", "etre", "eu", "il", "ils", "je", "j",
    "la", "le", "les", "leur", "leurs", "lui", "ma", "mais", "me", "meme", "mes", "moi", "mon",
    "ne", "ni", "nos", "notre", "nous", "on", "ou", "par", "pas", "plus", "pour", "qu", "que",
    "quel", "quelle", "quels", "quelles", "qui", "quoi", "sa", "sans", "se", "ses", "si", "son",
    "sont", "sur", "ta", "te", "tes", "toi", "ton", "tu", "un", "une", "vos", "votre", "vous", "y",
    "d", "l", "m", "n", "s", "t", "c", "est-ce", "ai", "as", "avez", "avons", "ont", "fait",
    "faire", "peux", "peut", "puis", "veux", "veut", "toujours", "jamais", "rien", "tres", "bien",
    "aussi", "alors", "donc", "car", "the", "an", "and", "are", "at", "be", "been", "but", "by",
    "can", "cannot", "could", "do", "does", "doesn", "don", "for", "from", "has", "have", "how",
    "i", "if", "in", "into", "is", "it", "its", "my", "no", "not", "of", "or", "our", "so", "than",
    "that", "their", "them", "then", "there", "these", "they", "this", "to", "too", "was", "we",
    "what", "when", "where", "which", "who", "why", "will", "with", "won", "would", "you", "your"
})  # fmt: skip

SUFFIXES = tuple(sorted([
    "issements", "issement", "ations", "ation", "ements", "ement", "ments", "ment", "euses",
    "euse", "eux", "ables", "able", "ances", "ance", "ences", "ence", "ites", "ite", "ives",
    "ive", "ifs", "if", "antes", "ante", "ants", "ant", "ees", "ee", "es", "er", "ez", "e", "s",
    "x", "ings", "ing", "ed", "ly"
], key=len, reverse=True))  # fmt: skip


def fold(word: str) -> str:
    """Lower case without accents, the way FTS5 (remove_diacritics) and unaccent see it."""
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def stem(word: str) -> str:
    """A light stem: the longest known suffix removed if at least MIN_STEM letters remain."""
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= MIN_STEM:
            return word[: -len(suffix)]
    return word


@dataclass(frozen=True)
class Term:
    word: str  # folded word as typed
    stem: str  # what is matched
    prefix: bool  # stem matched as the start of a word
    alternatives: tuple[str, ...] = field(default=())  # typo corrections (stems, as prefixes)

    @property
    def patterns(self) -> tuple[tuple[str, bool], ...]:
        return ((self.stem, self.prefix), *((alt, True) for alt in self.alternatives))


@dataclass(frozen=True)
class ArticleQuery:
    terms: tuple[Term, ...]

    def __bool__(self) -> bool:
        return bool(self.terms)


def analyse(q: str) -> ArticleQuery:
    folded = [fold(w) for w in words(q or "")]
    kept = [w for w in folded if len(w) > 1 and w not in STOPWORDS]
    if not kept:  # "pas" alone, or only short words: search them as they are
        kept = [w for w in folded if len(w) > 1]
    typing_last = bool(q) and not q[-1].isspace()
    unique = list(dict.fromkeys(kept))[:MAX_TERMS]
    terms: list[Term] = []
    for index, word in enumerate(unique):
        is_last = index == len(unique) - 1
        stemmed = stem(word)
        prefix = len(stemmed) >= MIN_STEM or (is_last and typing_last)
        terms.append(Term(word=word, stem=stemmed, prefix=prefix))
    return ArticleQuery(tuple(terms))


def vocabulary(texts: Iterable[str]) -> list[str]:
    """The sorted, folded words of some documents (for typo corrections)."""
    found: set[str] = set()
    for text in texts:
        found.update(fold(w) for w in words(text) if len(w) >= 3 and not w.isdigit())
    return sorted(found)


def _known(pattern: str, prefix: bool, vocab: Sequence[str]) -> bool:
    index = bisect.bisect_left(vocab, pattern)
    if index >= len(vocab):
        return False
    return vocab[index].startswith(pattern) if prefix else vocab[index] == pattern


def corrected(query: ArticleQuery, vocab: Sequence[str]) -> ArticleQuery:
    """Terms that match nothing in `vocab` get the closest known words as alternatives."""
    terms = []
    for term in query.terms:
        if len(term.word) < 4 or _known(term.stem, term.prefix, vocab):
            terms.append(term)
            continue
        candidates = [v for v in vocab if abs(len(v) - len(term.word)) <= 2]
        close = difflib.get_close_matches(term.word, candidates, n=3, cutoff=TYPO_CUTOFF)
        alternatives = tuple(dict.fromkeys(stem(c) for c in close))
        terms.append(Term(term.word, term.stem, term.prefix, alternatives))
    return ArticleQuery(tuple(terms))


# --- Backend expressions -------------------------------------------------------------------


def fts5_expression(query: ArticleQuery) -> str:
    """`("imprim"* OR "imprimant"*) OR ("ordonn"*)`: every word double-quoted (a literal)."""
    groups = []
    for term in query.terms:
        options = [
            '"' + pattern.replace('"', '""') + '"' + ("*" if prefix else "")
            for pattern, prefix in term.patterns
        ]
        groups.append("(" + " OR ".join(options) + ")")
    return " OR ".join(groups)


def tsquery_expression(query: ArticleQuery) -> str:
    """`('imprim':* | 'imprimant':*) | ('ordonn':*)` for to_tsquery (raw)."""
    groups = []
    for term in query.terms:
        options = [
            "'" + pattern.replace("\\", "\\\\").replace("'", "''") + "'" + (":*" if prefix else "")
            for pattern, prefix in term.patterns
        ]
        groups.append("(" + " | ".join(options) + ")")
    return " | ".join(groups)


# --- Ranking and highlighting ----------------------------------------------------------------


def term_matches(term: Term, word: str) -> bool:
    """Does a folded word of a document match this term?"""
    return any(word.startswith(p) if prefix else word == p for p, prefix in term.patterns)


def coverage(query: ArticleQuery, text: str) -> tuple[float, float]:
    """The share of query terms found in `text` (0..1), and the share found in the very form
    the visitor typed ("s'imprime" over "imprimée": the closer wording wins a tie)."""
    if not query.terms:
        return 0.0, 0.0
    folded = {fold(w) for w in words(text)}
    found = sum(1 for term in query.terms if any(term_matches(term, w) for w in folded))
    exact = sum(1 for term in query.terms if term.word in folded)
    return found / len(query.terms), exact / len(query.terms)
