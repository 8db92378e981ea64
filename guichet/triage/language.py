"""Language detection by stopwords and letters, no model, no download. See docs/triage.md.

Good enough to pick French or English for a support message of a few words; it knows a few
neighbours (de, es, it, nl, pt) so that those are not forced into French or English.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


STOPWORDS: dict[str, frozenset[str]] = {
    "fr": _words(
        "le la les un une des du de au aux et ou mais donc car ne pas plus je tu il elle nous "
        "vous ils elles on me te se moi toi lui leur mon ma mes ton ta tes son sa ses notre "
        "votre nos vos ce cet cette ces qui que quoi dont où est sont suis êtes sommes était "
        "été avoir ai as avons avez ont fait faire peux peut pouvez veux voudrais bonjour "
        "merci avec pour par dans sur sous chez depuis sans très aussi encore toujours déjà "
        "comment pourquoi quand y en rien jamais bien mal ça cela ceci"
    ),
    "en": _words(
        "the a an and or but not no is are was were be been being am have has had do does "
        "did i you he she it we they me him her us them my your his its our their this that "
        "these those what which who whom whose where when why how can could would should will "
        "shall may might must to of in on at by for with from into about since after before "
        "hello hi thanks thank please there here any some get got just still already yet"
    ),
    "de": _words(
        "der die das und ist nicht ich du er sie wir ihr ein eine einen dem den des mit für "
        "auf ist sind war haben hat habe bitte danke kann können wie was warum noch schon "
        "auch aber oder mein meine ihr ihre"
    ),
    "es": _words(
        "el la los las un una unos unas y o pero no es son está están fue ser tengo tiene "
        "hola gracias por para con sin que qué cómo cuando dónde mi mis su sus nuestro muy "
        "también ya todavía lo le les del al"
    ),
    "it": _words(
        "il lo la gli le un una uno e o ma non è sono era ho hai ha abbiamo ciao grazie per "
        "con senza che come quando dove mio mia suo sua molto anche già ancora del della "
        "dei delle nel nella"
    ),
    "pt": _words(
        "o a os as um uma uns umas e ou mas não é são está estão foi ser tenho tem olá "
        "obrigado obrigada por para com sem que como quando onde meu minha seu sua muito "
        "também já ainda do da dos das no na nos nas"
    ),
    "nl": _words(
        "de het een en of maar niet is zijn was ik jij je hij zij wij we mijn uw hallo "
        "dank bedankt voor met zonder dat wat hoe wanneer waar ook nog al van op te"
    ),
}

# Frequent support words, for messages without a single stopword ("password reset").
SUPPORT_WORDS: dict[str, frozenset[str]] = {
    "fr": _words(
        "mot passe compte commande facture remboursement livraison carte paiement colis "
        "connexion connecter erreur panne problème marche fonctionne impossible bloqué "
        "urgent aide annuler annulation abonnement imprimante ordonnance reçu reçue virement "
        "oublié retard besoin"
    ),
    "en": _words(
        "password account order invoice refund delivery card payment parcel login log sign "
        "error issue problem broken working work cannot can't won't stuck urgent help cancel "
        "subscription printer received transfer forgot reset late need"
    ),
}

# Letters that almost only one of our languages uses, and the weight of one occurrence.
LETTER_HINTS: dict[str, dict[str, float]] = {
    "fr": {
        "ç": 0.5,
        "è": 0.5,
        "ê": 0.7,
        "à": 0.3,
        "ù": 0.7,
        "â": 0.5,
        "î": 0.7,
        "ô": 0.5,
        "û": 0.7,
        "ë": 0.5,
        "ï": 0.7,
        "œ": 1.0,
        "é": 0.4,
    },  # fmt: skip
    "de": {"ß": 1.0, "ä": 0.8, "ö": 0.6, "ü": 0.6},
    "es": {"ñ": 1.0, "¿": 1.0, "¡": 1.0, "á": 0.3, "í": 0.3, "ó": 0.3, "ú": 0.3},
    "pt": {"ã": 1.0, "õ": 1.0, "ç": 0.3, "á": 0.2, "ê": 0.2},
    "it": {"ò": 0.5, "ì": 0.5, "è": 0.2, "à": 0.2},
}

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?", re.UNICODE)
_ELISION = re.compile(r"^(?:l|d|j|m|t|s|c|n|qu|jusqu|lorsqu|puisqu)['’]", re.IGNORECASE)
# How often each word is shared: a word in 3 lists counts a third in each.
_SHARE = Counter(word for words in STOPWORDS.values() for word in words)


@dataclass(frozen=True)
class Language:
    code: str
    confidence: float  # 0..1: share of the evidence for the winner


def detect_language(text: str, default: str = "fr", *, max_chars: int = 2000) -> Language:
    """The language of `text`, or `default` with confidence 0 when there is no evidence.

    1. Count stopwords per language, each weighted by 1 / (number of lists it is in);
       French elisions (l', d', qu') count for French.
    2. Add letter hints (ç, œ, ß, ñ, ã...).
    3. The winner's share of the total is the confidence.
    """
    sample = text[:max_chars].lower()
    scores: dict[str, float] = defaultdict(float)
    for token in _WORD.findall(sample):
        if _ELISION.match(token):
            scores["fr"] += 1.0
            token = _ELISION.sub("", token)
        for code, words in STOPWORDS.items():
            if token in words:
                scores[code] += 1.0 / _SHARE[token]
        for code, words in SUPPORT_WORDS.items():
            if token in words:
                scores[code] += 0.5
    for code, hints in LETTER_HINTS.items():
        for letter, weight in hints.items():
            count = sample.count(letter)
            if count:
                scores[code] += weight * min(count, 5)
    total = sum(scores.values())
    if total <= 0:
        return Language(default, 0.0)
    # Highest score; a tie goes to the default language, then alphabetically.
    code, best = max(sorted(scores.items()), key=lambda item: (item[1], item[0] == default))
    return Language(code, round(best / total, 3))
