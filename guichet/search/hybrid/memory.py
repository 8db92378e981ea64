"""The in-memory copy of the stored index, one per process and kind. See docs/search.md.

Every write to `SearchEntry` bumps `IndexGeneration`; a search reads the generation (one small
query) and, when it moved, reloads the kind's entries (terms and vectors are stored ready, so a
reload only parses them: no stemming, no embedding). Visibility columns are held as numpy arrays
so that the brand / audience / language filter is one boolean mask, applied before ranking.
Where vectors are searched in PostgreSQL (pgvector.py), the snapshot holds no vectors, only which
rows have some, and its `dense` asks the database.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import numpy as np
from django.db import connections

from guichet.search.hybrid import pgvector
from guichet.search.hybrid.dense import DenseIndex, unpack
from guichet.search.hybrid.lexical import LexicalIndex
from guichet.search.hybrid.models import IndexGeneration, SearchEntry
from guichet.search.hybrid.soft_match import SnapshotWords

NO_BRAND = -1


@dataclass
class Snapshot:
    generation: int
    model_version: str
    entry_ids: np.ndarray
    object_ids: np.ndarray
    brands: np.ndarray
    audiences: np.ndarray
    languages: np.ndarray  # codes into language_codes
    language_codes: dict[str, int]
    lexical: LexicalIndex
    dense: DenseIndex | pgvector.StoredDense | None
    words: SnapshotWords | None = None  # French entries' words for soft_match.py
    # Each row's meaning floor (floor.py), computed by the first search that needs it.
    floors: np.ndarray | None = None
    vectors_in_db: bool = False  # dense is a pgvector.StoredDense

    def mask(self, *, brand_id: int | None, audience: int, language: str | None) -> np.ndarray:
        """Rows this searcher may see: its brand (or every brand), its audience level or below,
        its language when given."""
        visible = self.audiences <= audience
        if brand_id is not None:
            visible &= (self.brands == brand_id) | (self.brands == NO_BRAND)
        if language:
            visible &= self.languages == self.language_codes.get(language, -1)
        return visible


def current_generation(kind: str, using: str = "default") -> int:
    """The stored generation of `kind` (0 when none): one plain, indexed SQL query per search."""
    table = connections[using].ops.quote_name(IndexGeneration._meta.db_table)
    with connections[using].cursor() as cursor:
        cursor.execute(f"SELECT generation FROM {table} WHERE kind = %s", [kind])  # noqa: S608
        found = cursor.fetchone()
    return int(found[0]) if found else 0


def load(
    kind: str,
    generation: int,
    model_version: str,
    dimension: int,
    using: str,
    vectors_in_db: bool = False,
) -> Snapshot:
    """Read the kind's entries. With `vectors_in_db`, the vector column is not read at all: its
    passage count says which rows have vectors."""
    rows = (
        SearchEntry.objects.using(using)
        .filter(kind=kind)
        .order_by("pk")
        .values_list(
            "pk",
            "object_id",
            "brand_id",
            "audience",
            "language",
            "terms",
            "chunks" if vectors_in_db else "vectors",
            "model_version",
            "word_rows",
            "word_keys",
            "word_vectors",
        )  # fmt: skip
    )
    ids, objects, brands, audiences, languages, terms, vectors = [], [], [], [], [], [], []
    word_blobs, present = [], []
    empty = np.zeros((0, dimension), dtype=np.float32)
    codes: dict[str, int] = {}
    for pk, object_id, brand_id, audience, language, text, blob, version, *word in rows.iterator(
        2000
    ):
        ids.append(pk)
        objects.append(object_id)
        brands.append(NO_BRAND if brand_id is None else brand_id)
        audiences.append(audience)
        languages.append(language)
        terms.append(text)
        usable = dimension and blob and version == model_version
        if vectors_in_db:
            present.append(bool(usable))
        else:
            vectors.append(unpack(blob, dimension) if usable else empty)
        word_blobs.append(word)
    entry_ids = np.asarray(ids, dtype=np.int64)
    stored: DenseIndex | pgvector.StoredDense | None = None
    if dimension and vectors_in_db:
        has_vector = np.asarray(present, dtype=bool)
        stored = pgvector.StoredDense(kind, model_version, entry_ids, has_vector, using, dimension)
    elif dimension:
        stored = DenseIndex(vectors, dimension)
    return Snapshot(
        generation=generation,
        model_version=model_version,
        entry_ids=entry_ids,
        object_ids=np.asarray(objects, dtype=np.int64),
        brands=np.asarray(brands, dtype=np.int64),
        audiences=np.asarray(audiences, dtype=np.int16),
        languages=np.asarray(
            [codes.setdefault(code, len(codes)) for code in languages], dtype=np.int16
        ),
        language_codes=codes,
        lexical=LexicalIndex(terms),
        dense=stored,
        words=SnapshotWords.build(languages, word_blobs),
        vectors_in_db=vectors_in_db,
    )


_snapshots: dict[tuple[str, str], Snapshot] = {}
_lock = threading.Lock()


def snapshot(kind: str, model_version: str, dimension: int, using: str = "default") -> Snapshot:
    """The up-to-date snapshot of `kind` (reloaded when the stored generation moved)."""
    key = (connections[using].settings_dict["NAME"], kind)
    in_db = pgvector.enabled(using)
    generation = current_generation(kind, using)
    wanted = (generation, model_version, in_db)
    found = _snapshots.get(key)
    if found and (found.generation, found.model_version, found.vectors_in_db) == wanted:
        return found
    with _lock:
        found = _snapshots.get(key)
        if found and (found.generation, found.model_version, found.vectors_in_db) == wanted:
            return found
        fresh = load(kind, generation, model_version, dimension, using, in_db)
        _snapshots[key] = fresh
        return fresh


def forget() -> None:
    """Drop every snapshot (tests)."""
    _snapshots.clear()
    pgvector.forget()
