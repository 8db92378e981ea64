"""Sentiment with anger and urgency cues, from French and English lexicons. See docs/triage.md.

A pure function: no model, fast, explainable (the cues found are returned). Support messages
are mostly negative by nature ("ça ne marche pas"), so "negative" means noticeably unhappy,
and anger and urgency are reported apart because they drive priority and routing.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field

# word or phrase (accent-folded, lower case) -> polarity weight
POLARITY: dict[str, float] = {
    # French, positive
    "merci": 0.5, "parfait": 2.0, "super": 1.5, "genial": 2.0, "excellent": 2.0,
    "content": 1.5, "contente": 1.5, "satisfait": 1.5, "satisfaite": 1.5, "ravi": 2.0,
    "ravie": 2.0, "bravo": 2.0, "top": 1.2, "efficace": 1.5, "rapide": 0.8, "resolu": 1.2,
    "formidable": 2.0, "impeccable": 2.0, "agreable": 1.2, "sympa": 1.2, "aime": 1.2,
    "fonctionne bien": 1.5, "ca marche": 1.2, "tout est bon": 1.5,
    # French, negative
    "probleme": -0.8, "erreur": -0.8, "impossible": -1.0, "bloque": -1.0, "bloquee": -1.0,
    "panne": -1.0, "decu": -1.8, "decue": -1.8, "mecontent": -2.0, "mecontente": -2.0,
    "nul": -1.8, "nulle": -1.8, "lent": -0.8, "inacceptable": -2.5, "inadmissible": -2.5,
    "scandaleux": -2.5, "scandale": -2.5, "honteux": -2.5, "honte": -2.0, "arnaque": -2.5,
    "furieux": -2.5, "furieuse": -2.5, "enerve": -2.0, "enervee": -2.0, "marre": -2.0,
    "pire": -2.0, "horrible": -2.5, "catastrophique": -2.5, "catastrophe": -2.0,
    "inutilisable": -2.0, "plainte": -1.5, "bug": -0.8, "plante": -1.0, "incomprehensible": -1.5,
    "ne fonctionne": -1.0, "ne marche": -1.0, "toujours pas": -1.2, "aucune reponse": -1.8,
    "sans reponse": -1.5, "ras le bol": -2.5, "pas normal": -1.5,
    # English, positive
    "thanks": 0.5, "thank": 0.5, "great": 1.8, "perfect": 2.0, "awesome": 2.0,
    "happy": 1.5, "satisfied": 1.5, "love": 1.8, "resolved": 1.2, "helpful": 1.5,
    "amazing": 2.0, "good": 1.0, "nice": 1.2, "fantastic": 2.0, "quick": 0.8, "appreciate": 1.5,
    "works now": 1.5, "works great": 2.0,
    # English, negative
    "problem": -0.8, "error": -0.8, "broken": -1.2, "fail": -1.0, "failed": -1.0,
    "failing": -1.0, "disappointed": -1.8, "unhappy": -2.0, "terrible": -2.5, "awful": -2.5,
    "worst": -2.5, "unacceptable": -2.5, "ridiculous": -2.2, "scam": -2.5, "furious": -2.5,
    "angry": -2.2, "annoyed": -1.8, "useless": -2.0, "frustrated": -2.0, "frustrating": -2.0,
    "slow": -0.8, "stuck": -1.0, "bad": -1.5, "poor": -1.5, "complaint": -1.5, "outrageous": -2.5,
    "not working": -1.0, "doesn't work": -1.0, "does not work": -1.0, "stopped working": -1.2,
    "still not": -1.2, "no answer": -1.8, "no response": -1.8, "fed up": -2.5, "sick of": -2.2,
}  # fmt: skip

ANGER: frozenset[str] = frozenset(
    {
        "inacceptable", "inadmissible", "scandaleux", "scandale", "honteux", "honte", "arnaque",
        "furieux", "furieuse", "enerve", "enervee", "marre", "ras le bol", "c'est une blague",
        "foutez", "foutre", "avocat", "plainte", "resilier", "je vais porter plainte", "jamais vu",
        "unacceptable", "ridiculous", "outrageous", "furious", "angry", "scam", "fed up",
        "sick of", "lawyer", "disgusting", "pathetic", "joke", "worst", "sue",
    }
)  # fmt: skip
URGENCY: frozenset[str] = frozenset(
    {
        "urgent", "urgente", "urgence", "immediatement", "au plus vite", "des que possible",
        "au plus tot", "bloquant", "bloquante", "bloque", "bloquee", "critique", "en production",
        "plus rien ne fonctionne", "tout est arrete", "aujourd'hui", "rapidement", "vite",
        "asap", "immediately", "emergency", "critical", "blocking", "blocked", "right now",
        "as soon as possible", "production down", "outage", "today", "down", "quickly",
    }
)  # fmt: skip
NEGATORS = frozenset({"pas", "jamais", "plus", "aucun", "aucune", "sans", "not", "no", "never",
                      "without", "n't", "dont", "didnt", "doesnt", "isnt", "wasnt"})  # fmt: skip
INTENSIFIERS = frozenset({"tres", "vraiment", "trop", "tellement", "totalement", "very",
                          "really", "so", "extremely", "totally", "completely"})  # fmt: skip

_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_NOT_URGENT = re.compile(
    r"\b(?:pas|not|non|no|nothing|rien d')\s+(?:(?:tres|si|very|so|that)\s+)?urg\w*"
)
_PHRASES = sorted((key for key in POLARITY if " " in key), key=len, reverse=True)


@dataclass(frozen=True)
class Sentiment:
    label: str  # negative, neutral or positive
    score: float  # -1 (very negative) .. +1 (very positive)
    anger: float  # 0..1
    urgency: float  # 0..1
    cues: list[str] = field(default_factory=list)


def fold(text: str) -> str:
    """Lower case, accents removed, curly apostrophes straightened."""
    decomposed = unicodedata.normalize("NFKD", text.lower().replace("’", "'"))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def _squash(total: float, alpha: float = 6.0) -> float:
    """-inf..inf to -1..1, gently (VADER's normalisation)."""
    return total / math.sqrt(total * total + alpha)


def _phrase_hits(folded: str, phrases: frozenset[str] | list[str]) -> list[str]:
    return [p for p in phrases if re.search(rf"(?<![a-z]){re.escape(p)}(?![a-z])", folded)]


def _word_polarity(tokens: list[str], cues: list[str]) -> float:
    """Sum of word weights; a negator up to 3 words before flips (and damps) a word."""
    total = 0.0
    for index, token in enumerate(tokens):
        weight = POLARITY.get(token)
        if weight is None or " " in token:
            continue
        window = tokens[max(0, index - 3) : index]
        negated = any(word in NEGATORS or word.endswith("n't") for word in window)
        if negated:
            weight = -0.6 * weight
        if index and tokens[index - 1] in INTENSIFIERS:
            weight *= 1.4
        total += weight
        cues.append(f"not {token}" if negated else token)
    return total


def analyse_sentiment(text: str) -> Sentiment:
    """Polarity, anger and urgency of a message, with the cues that decided them.

    1. Fold the text; sum the weights of lexicon words (negation-aware) and phrases.
    2. Anger: angry words, "!!", words in capitals. Urgency: urgency words, "!".
    3. Anger pulls the score down; the score is squashed into -1..1.
    """
    folded = fold(text[:5000])
    tokens = _TOKEN.findall(folded)
    cues: list[str] = []
    total = _word_polarity(tokens, cues)
    for phrase in _phrase_hits(folded, _PHRASES):
        total += POLARITY[phrase]
        cues.append(phrase)

    token_set = set(tokens)
    anger_hits = sorted(ANGER & token_set) + _phrase_hits(folded, [a for a in ANGER if " " in a])
    shouted = [w for w in re.findall(r"\b[A-ZÀ-Ý]{3,}\b", text[:5000]) if w not in {"SLA", "API"}]
    anger_raw = len(anger_hits) + 0.5 * min(text.count("!!"), 2) + 0.5 * (len(shouted) >= 2)
    calm = _NOT_URGENT.sub(" ", folded)  # "pas urgent", "not urgent" are no urgency cues
    urgency_hits = sorted(URGENCY & set(_TOKEN.findall(calm))) + _phrase_hits(
        calm, [u for u in URGENCY if " " in u or "'" in u]
    )
    urgency_raw = len(urgency_hits) + 0.3 * min(text.count("!"), 3)

    anger = round(min(1.0, anger_raw / 2.0), 3)
    urgency = round(min(1.0, urgency_raw / 2.0), 3)
    score = round(_squash(total - 1.5 * anger), 3)
    label = "positive" if score >= 0.25 else "negative" if score <= -0.25 else "neutral"
    cues += [f"anger:{hit}" for hit in anger_hits] + [f"urgency:{hit}" for hit in urgency_hits]
    if len(shouted) >= 2:
        cues.append("anger:capitals")
    return Sentiment(label, score, anger, urgency, cues)
