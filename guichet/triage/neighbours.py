"""Nearest-neighbour votes on sentence embeddings, added to the linear model's scores.

See docs/adr/0007-triage-models.md (revision "neighbour votes"). Pure functions, no I/O.
"""

from __future__ import annotations

import numpy as np


def neighbour_votes(
    embeddings: np.ndarray,
    memory: np.ndarray,
    memory_labels: np.ndarray,
    n_classes: int,
    k: int,
    sharpness: float,
    floor: float = 0.0,
) -> np.ndarray:
    """(n_texts, n_classes): each class's share of the votes of the `k` training texts most
    similar to each text (cosine of unit-length embeddings).

    A neighbour's vote weighs exp((cosine - 1) / sharpness): a near-paraphrase counts much
    more than a loosely related text. Each row is divided by its total weight, or by `floor`
    when that is larger: a text with near neighbours gets votes summing to 1, a text far from
    every training example (out of scope, often) gets proportionally less, so the votes do not
    make the classifier sure of a label on texts it has seen nothing like.
    """
    queries = np.asarray(embeddings, dtype=np.float32)
    votes = np.zeros((len(queries), n_classes), dtype=np.float32)
    if not len(memory) or not len(queries):
        return votes
    k = min(k, len(memory))
    similarity = queries @ memory.T
    if k < len(memory):
        nearest = np.argpartition(-similarity, k - 1, axis=1)[:, :k]
    else:
        nearest = np.broadcast_to(np.arange(len(memory)), (len(queries), k))
    closest = np.minimum(np.take_along_axis(similarity, nearest, axis=1), 1.0)  # unit rows
    weight = np.exp((closest - 1.0) / sharpness)
    rows = np.repeat(np.arange(len(queries)), k)
    np.add.at(votes, (rows, memory_labels[nearest].ravel()), weight.ravel().astype(np.float32))
    total = votes.sum(axis=1, keepdims=True)
    return votes / np.maximum(total, np.float32(max(floor, 1e-30)))
