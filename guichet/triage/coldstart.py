"""Triage with no history: keyword rules and similarity to the labels' descriptions.

See docs/triage.md. Pure functions; confidences stay low (at most `MAX_CONFIDENCE`) so that
nothing downstream acts on a cold-start guess as if it came from a trained model.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from guichet.assistant.providers.embeddings import Embedder, normalise_rows
from guichet.assistant.providers.paired import primary_part
from guichet.triage.model import Prediction
from guichet.triage.sentiment import analyse_sentiment, fold

COLD_START_VERSION = "cold-start/1"
MAX_CONFIDENCE = 0.6


@dataclass(frozen=True)
class LabelDescription:
    """A label and what it means: a category's name and description, for instance."""

    label: str
    text: str
    keywords: tuple[str, ...] = ()


# Built-in keyword rules for the fields every brand has (French and English, accent-folded).
TYPE_KEYWORDS: dict[str, tuple[str, ...]] = {
    "incident": ("ne fonctionne", "ne marche", "panne", "erreur", "bug", "plante", "bloque",
                 "impossible", "not working", "doesn't work", "does not work", "error", "broken",
                 "crash", "down", "outage", "fails", "failed"),
    "request": ("je voudrais", "je souhaite", "pourriez-vous", "pouvez-vous", "merci de",
                "demande", "ajouter", "modifier", "changer", "i would like", "could you",
                "can you", "please add", "please change", "request"),
    "complaint": ("plainte", "reclamation", "rembourse", "inadmissible", "inacceptable",
                  "scandaleux", "complaint", "refund", "unacceptable", "disappointed"),
    "question": ("comment", "pourquoi", "est-ce que", "quel", "quelle", "how", "why", "what",
                 "which", "is it possible", "est-il possible"),
}  # fmt: skip
LOW_PRIORITY = ("pas urgent", "quand vous aurez le temps", "suggestion", "idee", "no rush",
                "not urgent", "when you have time", "feature request")  # fmt: skip


def keyword_scores(text: str, labels: Sequence[LabelDescription]) -> dict[str, float]:
    """Per label, the number of its keywords found in the (folded) text."""
    folded = fold(text)
    return {
        item.label: float(sum(1 for word in item.keywords if fold(word) in folded))
        for item in labels
    }


def similarity_scores(
    text: str, labels: Sequence[LabelDescription], embedder: Embedder | None = None
) -> dict[str, float]:
    """Cosine similarity of the text to each label's description.

    With an embedder: the text as a query, descriptions as passages. Without: TF-IDF on
    accent-folded character n-grams, fitted on the descriptions and the text.
    """
    if not labels:
        return {}
    descriptions = [item.text or item.label for item in labels]
    if embedder is not None:
        # the first model's cosines only: the sharpness below was set on e5's narrow band
        query = primary_part(embedder, embedder.embed_queries([text])[0])
        similarity = primary_part(embedder, _passages(embedder, tuple(descriptions))) @ query
    else:
        vectorizer = TfidfVectorizer(
            analyzer="char_wb", ngram_range=(3, 5), strip_accents="unicode", sublinear_tf=True
        )
        matrix = vectorizer.fit_transform([*descriptions, text])
        vectors = normalise_rows(matrix.toarray())
        similarity = vectors[:-1] @ vectors[-1]
    return {item.label: float(s) for item, s in zip(labels, similarity, strict=True)}


_passage_memo: dict[tuple[str, tuple[str, ...]], np.ndarray] = {}


def _passages(embedder: Embedder, descriptions: tuple[str, ...]) -> np.ndarray:
    """Description vectors, memoised: a brand's categories change rarely (a memo, no I/O)."""
    key = (embedder.model_version, descriptions)
    if key not in _passage_memo:
        if len(_passage_memo) >= 64:
            _passage_memo.clear()
        _passage_memo[key] = embedder.embed_passages(list(descriptions))
    return _passage_memo[key]


def predict_label(
    text: str, labels: Sequence[LabelDescription], embedder: Embedder | None = None
) -> Prediction:
    """The best label by keywords first, then by similarity; low confidence either way.

    1. Keywords: a label whose keywords appear wins (ties go to similarity).
    2. Similarity: softmax of the cosines (sharpened) gives the confidence, capped.
    """
    if not labels:
        return Prediction(None, 0.0, "cold_start", COLD_START_VERSION)
    keywords = keyword_scores(text, labels)
    similarity = similarity_scores(text, labels, embedder)
    names = [item.label for item in labels]
    cosines = np.array([similarity[name] for name in names])
    sharpness = 20.0 if embedder is not None else 8.0  # e5 cosines sit in a narrow band
    probabilities = np.exp((cosines - cosines.max()) * sharpness)
    probabilities /= probabilities.sum()
    combined = np.array([keywords[name] for name in names]) + probabilities
    best = int(np.argmax(combined))
    confidence = float(probabilities[best])
    if keywords[names[best]] > 0:
        confidence = max(confidence, 0.5)
    order = np.argsort(-combined)[:3]
    return Prediction(
        names[best],
        round(min(confidence, MAX_CONFIDENCE), 4),
        "cold_start",
        COLD_START_VERSION,
        [(names[i], round(float(probabilities[i]), 4)) for i in order],
    )


def predict_type(text: str) -> Prediction:
    """Ticket type from keywords (complaint when the message is angry)."""
    mood = analyse_sentiment(text)
    hits = keyword_scores(
        text, [LabelDescription(label, label, words) for label, words in TYPE_KEYWORDS.items()]
    )
    if mood.anger >= 0.5:
        hits["complaint"] += 1.0
    label, count = max(hits.items(), key=lambda item: item[1])
    if count == 0:
        label = "question" if "?" in text else "incident"
        return Prediction(label, 0.3, "rules", COLD_START_VERSION)
    return Prediction(label, min(0.4 + 0.1 * count, MAX_CONFIDENCE), "rules", COLD_START_VERSION)


def predict_priority(text: str) -> Prediction:
    """Priority from urgency and anger cues: urgent, high, normal or low."""
    mood = analyse_sentiment(text)
    folded = fold(text)
    if mood.urgency >= 0.75:
        return Prediction("urgent", MAX_CONFIDENCE, "rules", COLD_START_VERSION)
    if mood.urgency >= 0.3 or mood.anger >= 0.5:
        return Prediction("high", 0.5, "rules", COLD_START_VERSION)
    if any(phrase in folded for phrase in LOW_PRIORITY):
        return Prediction("low", 0.5, "rules", COLD_START_VERSION)
    return Prediction("normal", 0.4, "rules", COLD_START_VERSION)
