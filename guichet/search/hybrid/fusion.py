"""Fusing lexical and dense scores. Pure functions over numpy arrays. See docs/search.md.

Reciprocal-rank fusion throws the scores away and keeps only ranks, so a weak second retriever
drags good first places down. We keep the scores instead, on a common scale (Bruch et al., 2023,
"An Analysis of Fusion Functions for Hybrid Retrieval"):

1. lexical: BM25 divided by the query's best BM25 (BM25 is never negative, so 0 is its floor);
2. dense: cosine min-max scaled over every visible entry (e5's cosines sit in a narrow band,
   about 0.7 to 0.9, which only a per-query scale turns into a usable spread);
3. a convex combination, leaning towards the dense side: DENSE_WEIGHT, fixed beforehand and
   tuned on another data set (banking77 intents turned into 77 articles, 500 queries: see
   docs/adr/0010-hybrid-search.md), never on the queries of a benchmark.
Entries outside the filter mask never take part: they are -inf before any ranking.
"""

from __future__ import annotations

import numpy as np

DENSE_WEIGHT = 0.8
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
