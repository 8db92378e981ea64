"""Fusing lexical and dense scores. Pure functions over numpy arrays. See docs/search.md.

Reciprocal-rank fusion throws the scores away and keeps only ranks, so a weak second retriever
drags good first places down. We keep the scores (Bruch et al., 2023, "An Analysis of Fusion
Functions for Hybrid Retrieval": a linear combination of scores beats RRF), on scales that do
not depend on the other entries, so that an entry's fused score is the same whatever else is
indexed or filtered out (1,000 or 100,000 distractors, one brand or all):

1. dense: the cosine divided by DENSE_TEMPERATURE, the temperature e5 was trained with
   (0.01, Wang et al., 2022, "Text Embeddings by Weakly-Supervised Contrastive Pre-training"):
   cosine / 0.01 is the model's own logit, so one unit there is what the model learned to read
   as one unit of evidence;
2. lexical: the BM25 sum, times LEXICAL_WEIGHT (0.2), chosen on *other* data, never on a
   benchmark's queries: retrieval tasks built from the intent sets in shared/data/intents
   (banking77 and clinc150, "FAQ-shaped" and with intent names as titles; 400 test
   utterances each; see docs/adr/0010-hybrid-search.md for the figures);
3. the sum. A row without a vector counts as cosine 0 (ranked by its words, after the rest).

`convex` (min-max scaled cosine and BM25 / best BM25, dense weight 0.8) was the first fusion;
it stays for comparison (it scored lower on every dev set, and its scale moves with the
worst-scoring visible entry). Entries outside the filter mask never take part: they are -inf
before any ranking.
"""

from __future__ import annotations

import numpy as np

DENSE_WEIGHT = 0.8
DENSE_TEMPERATURE = 0.01
LEXICAL_WEIGHT = 0.2
RRF_K = 60


def scale_by_max(scores: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """scores / max over the mask (0 where masked out or when nothing scores)."""
    out = np.zeros_like(scores, dtype=np.float32)
    visible = scores[mask]
    top = float(visible.max()) if visible.size else 0.0
    if top > 0:
        out[mask] = np.maximum(visible, 0) / top
    return out


def min_max(scores: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """(s - min) / (max - min) over the finite scores inside the mask, 0 elsewhere."""
    out = np.zeros_like(scores, dtype=np.float32)
    usable = mask & np.isfinite(scores)
    if not usable.any():
        return out
    visible = scores[usable]
    low, high = float(visible.min()), float(visible.max())
    out[usable] = (visible - low) / (high - low) if high > low else 1.0
    return out


def convex(
    lexical: np.ndarray | None,
    dense: np.ndarray | None,
    mask: np.ndarray,
    dense_weight: float = DENSE_WEIGHT,
) -> np.ndarray:
    """Fused scores: -inf outside the mask and for rows neither side scores; one side alone
    when the other is missing (no embedder, or lexical search not asked for)."""
    fused = np.zeros(mask.shape, dtype=np.float32)
    if dense is not None and lexical is not None:
        fused += dense_weight * min_max(dense, mask)
        fused += (1.0 - dense_weight) * scale_by_max(lexical, mask)
    elif dense is not None:
        fused += min_max(dense, mask)
    elif lexical is not None:
        fused += scale_by_max(lexical, mask)
    scored = np.zeros(mask.shape, dtype=bool)
    if lexical is not None:
        scored |= lexical > 0
    if dense is not None:
        scored |= np.isfinite(dense)
    fused[~(mask & scored)] = -np.inf  # outside the filter, or nothing to rank it by
    return fused


def linear(
    lexical: np.ndarray | None,
    dense: np.ndarray | None,
    mask: np.ndarray,
    *,
    temperature: float = DENSE_TEMPERATURE,
    lexical_weight: float = LEXICAL_WEIGHT,
) -> np.ndarray:
    """cosine / temperature + lexical_weight * BM25: -inf outside the mask and for rows that
    neither side scores; one side alone when the other is missing."""
    fused = np.zeros(mask.shape, dtype=np.float32)
    scored = np.zeros(mask.shape, dtype=bool)
    if dense is not None:
        finite = np.isfinite(dense)
        fused += np.where(finite, dense, 0.0).astype(np.float32) / temperature
        scored |= finite
    if lexical is not None:
        fused += (lexical_weight if dense is not None else 1.0) * lexical
        scored |= lexical > 0
    fused[~(mask & scored)] = -np.inf
    return fused


def reciprocal_rank(rankings: list[np.ndarray], n: int, k: int = RRF_K) -> np.ndarray:
    """Naive RRF over rankings (arrays of row numbers, best first), for comparison."""
    fused = np.zeros(n, dtype=np.float32)
    for ranking in rankings:
        fused[ranking] += 1.0 / (k + 1 + np.arange(len(ranking)))
    return fused


def top_k(scores: np.ndarray, k: int, *, require_positive: bool = False) -> np.ndarray:
    """Row numbers of the k best finite scores, best first (ties by row number)."""
    usable = np.isfinite(scores) & ((scores > 0) if require_positive else True)
    candidates = np.flatnonzero(usable)
    if candidates.size > k:
        part = np.argpartition(-scores[candidates], k - 1)[:k]
        candidates = candidates[part]
    order = np.lexsort((candidates, -scores[candidates]))
    return candidates[order]
