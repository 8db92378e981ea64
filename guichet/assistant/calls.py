"""Recording AI calls (one `AiCall` row per call or batch). See docs/triage.md."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

import numpy as np

from guichet.assistant.models import AiCall
from guichet.assistant.providers.embeddings import Embedder


def digest(texts: Sequence[str]) -> tuple[str, int, int]:
    """SHA-256 of the texts (NUL-separated), their number and their total length."""
    sha = hashlib.sha256()
    chars = 0
    for text in texts:
        sha.update(text.encode("utf-8", "replace"))
        sha.update(b"\0")
        chars += len(text)
    return sha.hexdigest(), len(texts), chars


def record_ai_call(
    *,
    feature: str,
    provider: str,
    model_version: str,
    texts: Sequence[str],
    outcome: str = AiCall.Outcome.OK,
    latency_ms: float = 0.0,
    detail: str = "",
) -> AiCall:
    input_hash, count, chars = digest(texts)
    return AiCall.objects.create(
        feature=feature[:60],
        provider=provider[:40],
        model_version=model_version[:200],
        input_hash=input_hash,
        input_count=count,
        input_chars=chars,
        outcome=outcome,
        detail=detail[:500],
        latency_ms=round(latency_ms, 3),
    )


@dataclass
class CallNote:
    """What the code inside `ai_call` may change before the row is written."""

    model_version: str
    outcome: str = AiCall.Outcome.OK
    detail: str = ""
    extra_texts: list[str] = field(default_factory=list)


@contextmanager
def ai_call(
    feature: str, provider: str, model_version: str, texts: Sequence[str]
) -> Iterator[CallNote]:
    """Time the block and record it; an exception is recorded as an error and re-raised."""
    note = CallNote(model_version=model_version)
    started = time.perf_counter()
    try:
        yield note
    except Exception as error:
        note.outcome, note.detail = AiCall.Outcome.ERROR, f"{type(error).__name__}: {error}"
        raise
    finally:
        record_ai_call(
            feature=feature,
            provider=provider,
            model_version=note.model_version,
            texts=texts,
            outcome=note.outcome,
            latency_ms=(time.perf_counter() - started) * 1000,
            detail=note.detail,
        )


class LoggedEmbedder:
    """An embedder that records one `AiCall` per batch it embeds (cheap: one row per call)."""

    def __init__(self, inner: Embedder, feature: str) -> None:
        self.inner, self.feature = inner, feature
        self.provider = inner.provider

    @property
    def model_version(self) -> str:
        return self.inner.model_version

    @property
    def dimension(self) -> int:
        return self.inner.dimension

    @property
    def primary_dimension(self) -> int | None:  # set when the inner embedder pairs two models
        return getattr(self.inner, "primary_dimension", None)

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        with ai_call(f"{self.feature}.query", self.provider, self.model_version, texts):
            return self.inner.embed_queries(texts)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        with ai_call(f"{self.feature}.passage", self.provider, self.model_version, texts):
            return self.inner.embed_passages(texts)
