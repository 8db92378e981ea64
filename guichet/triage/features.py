"""Text features for triage: TF-IDF words and characters, plus sentence embeddings.

See docs/triage.md and docs/adr/0007-triage-models.md for how these settings were chosen.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer

_SPACES = re.compile(r"\s+")
WORD_PATTERN = r"(?u)\b\w+\b"  # keeps one-letter words ("j", "a", "2")


@dataclass(frozen=True)
class FeatureConfig:
    word_ngrams: tuple[int, int] = (1, 2)
    char_ngrams: tuple[int, int] = (2, 5)
    # Rare n-grams are noise with enough data and all there is with little.
    min_df: int = 2
    min_df_from: int = 1000  # below this many training texts, min_df is 1
    # Weight of the (unit-length) embedding next to the (unit-length) TF-IDF block.
    embed_weight: float = 3.0
    # Weight of the second model's (unit-length) block when triage pairs the embedder with one
    # (triage/embedding.py; docs/adr/0007, session 7 revision).
    second_weight: float = 1.0
    max_chars: int = 2000
    # Characters of each text given to the embedder (its beginning, cut at a word): the
    # embedding costs ~1 ms of CPU per token, so this bounds prediction latency; training
    # may lower it further to fit its budget (see `embed_cap`). TF-IDF sees `max_chars`.
    # 192 since session 7 (was 256): 1.6 % of BANKING77's training texts are longer; it pays
    # for the second model's block at the slowest 1 % of predictions (docs/adr/0007).
    embed_max_chars: int = 192
    embed_min_chars: int = 96


def clean_text(text: str, max_chars: int = 2000) -> str:
    """One line of text, trimmed: long emails are judged on their beginning."""
    return _SPACES.sub(" ", text or "").strip()[:max_chars]


def embed_text(text: str, max_chars: int | None) -> str:
    """The beginning of `text` that is embedded: at most `max_chars`, cut at a space."""
    if max_chars is None or len(text) <= max_chars:
        return text
    cut = text[:max_chars]
    space = cut.rfind(" ", max_chars // 2)
    return cut[:space] if space > 0 else cut


def embed_cap(lengths: Sequence[int], config: FeatureConfig, budget_chars: int) -> int:
    """Characters embedded per text so that all of them fit in `budget_chars`.

    The largest cap in [embed_min_chars, embed_max_chars] whose total stays within the
    budget: short utterances are embedded whole, long tickets by their beginning, and the
    training time stays bounded (the embedding dominates it).
    """
    sizes = np.sort(np.asarray(lengths, dtype=np.int64))
    cap = config.embed_max_chars
    while cap > config.embed_min_chars and int(np.minimum(sizes, cap).sum()) > budget_chars:
        cap -= 8
    return max(cap, config.embed_min_chars)


def make_vectorizers(config: FeatureConfig, n_texts: int) -> list[TfidfVectorizer]:
    """Word 1-2 grams and in-word character 2-5 grams, accent-folded, sublinear tf."""
    min_df = config.min_df if n_texts >= config.min_df_from else 1
    common = {"sublinear_tf": True, "strip_accents": "unicode", "lowercase": True,
              "min_df": min_df, "dtype": np.float32}  # fmt: skip
    return [
        TfidfVectorizer(
            analyzer="word", ngram_range=config.word_ngrams, token_pattern=WORD_PATTERN, **common
        ),
        TfidfVectorizer(analyzer="char_wb", ngram_range=config.char_ngrams, **common),
    ]


def tfidf_rows(
    vectorizer: TfidfVectorizer, texts: Sequence[str], offset: int = 0
) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """Column indices and values of each text's TF-IDF row, as `vectorizer.transform` gives.

    Same arithmetic (sublinear tf, idf, L2 norm) without scikit-learn's per-call checks,
    which cost milliseconds when predicting one text at a time.
    """
    analyse = _analyser(vectorizer)
    vocabulary, idf = vectorizer.vocabulary_, _idf(vectorizer)
    columns, values = [], []
    for text in texts:
        counts: dict[int, int] = {}
        for gram in analyse(text):
            column = vocabulary.get(gram)
            if column is not None:
                counts[column] = counts.get(column, 0) + 1
        index = np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))
        tf = np.fromiter(counts.values(), dtype=np.float32, count=len(counts))
        weight = (1.0 + np.log(tf)) * idf[index] if vectorizer.sublinear_tf else tf * idf[index]
        norm = float(np.sqrt(np.dot(weight, weight)))
        columns.append(index + offset)
        values.append(weight / norm if norm else weight)
    return columns, values


def _analyser(vectorizer: TfidfVectorizer) -> Any:
    cached = vectorizer.__dict__.get("_guichet_analyser")
    if cached is None:
        cached = vectorizer.__dict__["_guichet_analyser"] = vectorizer.build_analyzer()
    return cached


def _idf(vectorizer: TfidfVectorizer) -> np.ndarray:
    cached = vectorizer.__dict__.get("_guichet_idf")
    if cached is None:
        cached = vectorizer.__dict__["_guichet_idf"] = vectorizer.idf_.astype(np.float32)
    return cached


def text_rows(
    vectorizers: Sequence[TfidfVectorizer], texts: Sequence[str]
) -> list[tuple[np.ndarray, np.ndarray]]:
    """(columns, values) of each text's row of `text_block`, without building a matrix."""
    scale = np.float32(1.0 / np.sqrt(len(vectorizers)))
    rows_columns: list[list[np.ndarray]] = [[] for _ in texts]
    rows_values: list[list[np.ndarray]] = [[] for _ in texts]
    offset = 0
    for vectorizer in vectorizers:
        columns, values = tfidf_rows(vectorizer, texts, offset)
        for i in range(len(texts)):
            rows_columns[i].append(columns[i])
            rows_values[i].append(values[i])
        offset += len(vectorizer.vocabulary_)
    return [
        (np.concatenate(columns), np.concatenate(values) * scale)
        for columns, values in zip(rows_columns, rows_values, strict=True)
    ]


def text_block(
    vectorizers: Sequence[TfidfVectorizer], texts: Sequence[str], *, fit: bool = False
) -> sp.csr_matrix:
    """The TF-IDF blocks side by side, scaled so that the whole row has unit length."""
    if fit:
        scale = np.float32(1.0 / np.sqrt(len(vectorizers)))
        blocks = [v.fit_transform(texts) for v in vectorizers]
        return (sp.hstack(blocks, format="csr") * scale).astype(np.float32)
    width = sum(len(v.vocabulary_) for v in vectorizers)
    rows = text_rows(vectorizers, texts)
    indptr = np.zeros(len(texts) + 1, dtype=np.int64)
    indptr[1:] = np.cumsum([len(columns) for columns, _ in rows])
    if not rows:
        return sp.csr_matrix((len(texts), width), dtype=np.float32)
    data = np.concatenate([values for _, values in rows]).astype(np.float32, copy=False)
    indices = np.concatenate([columns for columns, _ in rows])
    return sp.csr_matrix((data, indices, indptr), shape=(len(texts), width), dtype=np.float32)


def combine(text: sp.csr_matrix, embeddings: np.ndarray | None, weight: float) -> sp.csr_matrix:
    """TF-IDF block, then the embedding block times `weight` (nothing when no embeddings)."""
    if embeddings is None:
        return text
    dense = sp.csr_matrix(np.asarray(embeddings, dtype=np.float32) * np.float32(weight))
    return sp.hstack([text, dense], format="csr")
