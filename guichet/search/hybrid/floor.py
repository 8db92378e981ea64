"""The meaning floor: how close by meaning an entry must come to a query to count as a match when
it shares no word with it. See docs/search.md, "What counts as a match".

Dense retrieval ranks every entry, so without a floor any query ("bonjour", "asdf") finds
something and "no result" means nothing (zero-result analytics, search as you type). Keeping
only entries that share a word with the query fixes that but drops what dense search is for: a
customer describing a symptom in other words. So an entry also matches when its dense score
passes its floor, and the floor is measured, not set: the best score that content-free queries
(greetings, fillers, keyboard mashes) reach on that entry with the same model. It adapts to the
model (each has its own cosine spread) and to the entry (a short, generic entry lies close to
everything, so its floor is higher), and depends on nothing else: not on the other entries nor
on who searches. Chosen on the dev tasks (docs/adr/0010, session 6).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from guichet.assistant.providers.embeddings import Embedder
    from guichet.search.hybrid.dense import DenseIndex

# Queries that ask nothing, in French and English: what a visitor types before the real question.
PROBES = (
    "bonjour", "bonsoir", "salut", "coucou", "merci", "merci beaucoup", "oui", "non", "ok",
    "test", "essai", "blabla", "hello", "hi", "thanks", "thank you", "yes", "no", "hmm",
    "asdf", "qwerty", "azerty", "aaaa", "zzz", "xyz", "abc", "123", "lorem ipsum", "???", "...",
)  # fmt: skip
_probe_vectors: dict[str, np.ndarray] = {}


def probe_vectors(model: Embedder) -> np.ndarray:
    """The probes embedded as queries by `model` (once per process and model version)."""
    found = _probe_vectors.get(model.model_version)
    if found is None:
        found = np.asarray(model.embed_queries(list(PROBES)), dtype=np.float32)
        _probe_vectors[model.model_version] = found
    return found


def row_floors(index: DenseIndex, probes: np.ndarray) -> np.ndarray:
    """Each row's floor: the best dense score any probe reaches on it (its best passage's, as
    `DenseIndex.scores` gives for one query); +inf for rows without vectors."""
    best = np.full(index.n_rows, -np.inf, dtype=np.float32)
    if len(index.matrix):
        similarities = (index.matrix @ probes.T).max(axis=1)  # once per snapshot: BLAS is welcome
        np.maximum.at(best, index.owners, similarities)
    return np.where(index.has_vector, best, np.inf).astype(np.float32)
