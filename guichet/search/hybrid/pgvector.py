"""Passage vectors in PostgreSQL with pgvector. See docs/search.md, "Where the vectors live".

`SearchEntry.vectors` (float16) stays the source of truth on every database. Where pgvector is
usable (settings.GUICHET_SEARCH_VECTORS, `enabled()`), each entry's passage vectors are also
mirrored, as the same float16 values (`halfvec`, pgvector 0.7 or later), in
`search_hybrid_vector`, a table this module creates with plain SQL: the `vector` type exists only there, so it is no Django model and
no migration. Every write of `SearchEntry.vectors` calls `replace()` in its transaction; deletes
and truncates of entries reach the mirror through two triggers (no foreign key: Django's flush
truncates the entry table alone, which a foreign key would forbid). `search_hybrid_vector_state`
records, per mirrored entry, the version of its vectors the rows copy, so that `backfill()` copies
again exactly the entries written while the mirror was bypassed. Searches then ask PostgreSQL
for each entry's best passage score (`StoredDense`) instead of holding every vector in memory;
they are widened to float32 (`::vector`) and multiplied by the float32 query, as the memory path
does, so scores agree to float rounding. The column has no fixed dimension, so a change of model needs no DDL: the query only reads rows
of entries whose `model_version` is the current one.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any

import numpy as np
from django.db import connections, transaction

from guichet.search.hybrid import choices
from guichet.search.hybrid.models import SearchEntry

logger = logging.getLogger("guichet.search")

EXTENSION = "vector"
MIN_VERSION = (0, 7)  # halfvec
TABLE = "search_hybrid_vector"
# One row per mirrored entry: the version of SearchEntry.vectors its rows copy (the entry's
# updated_at, model_version and chunks: every writer of the vectors moves one of them), so
# `backfill` finds the entries whose vectors changed without reading any vectors
STATE = "search_hybrid_vector_state"
ENTRIES = SearchEntry._meta.db_table
WRITE_PASSAGES = 1000  # passages per INSERT: bounds one statement's parameters
BACKFILL_ENTRIES = 500
# Approximate dense search (HNSW) for large kinds: past ANN_MIN_ENTRIES entries with current
# vectors, and once `ensure_ann_index` has built the index for the model's dimension, a query
# scores exactly only the index's nearest ANN_PASSAGES passages (more when the searcher sees a
# small share of the kind) and the LEXICAL_CANDIDATES best lexical matches; every other row
# counts as having no vector. Below the threshold the scan is exact.
ANN_MIN_ENTRIES = 50_000
ANN_PASSAGES = 400
ANN_MAX_PASSAGES = 1000  # pgvector's ceiling for hnsw.ef_search
LEXICAL_CANDIDATES = 200
ANN_BUILD_MEMORY = "512MB"

_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS {TABLE} (
    entry_id bigint NOT NULL,
    passage smallint NOT NULL,
    embedding halfvec NOT NULL,
    PRIMARY KEY (entry_id, passage)
);
CREATE TABLE IF NOT EXISTS {STATE} (
    entry_id bigint PRIMARY KEY,
    updated_at timestamptz NOT NULL,
    model_version text NOT NULL,
    chunks smallint NOT NULL
);
CREATE OR REPLACE FUNCTION {TABLE}_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM {TABLE} v USING gone WHERE v.entry_id = gone.id;
    DELETE FROM {STATE} s USING gone WHERE s.entry_id = gone.id;
    RETURN NULL;
END $$;
CREATE OR REPLACE FUNCTION {TABLE}_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    TRUNCATE {TABLE}, {STATE};
    RETURN NULL;
END $$;
CREATE OR REPLACE TRIGGER {TABLE}_deleted AFTER DELETE ON {ENTRIES}
    REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION {TABLE}_deleted();
CREATE OR REPLACE TRIGGER {TABLE}_truncated AFTER TRUNCATE ON {ENTRIES}
    FOR EACH STATEMENT EXECUTE FUNCTION {TABLE}_truncated();
"""  # noqa: S608 - our own table names, no input

# Entries with vectors whose mirror copies another version of them, or none (from `after`)
_CHANGED = f"""
SELECT e.id, e.vectors, e.chunks, e.updated_at, e.model_version
FROM {ENTRIES} e LEFT JOIN {STATE} s ON s.entry_id = e.id
WHERE e.id > %s AND e.vectors IS NOT NULL AND e.chunks > 0 AND (s.entry_id IS NULL
    OR s.updated_at <> e.updated_at OR s.model_version <> e.model_version OR s.chunks <> e.chunks)
ORDER BY e.id LIMIT %s
"""  # noqa: S608
# Mirrored entries that are gone or have no vectors any more (from `after`)
_GONE = f"""
SELECT s.entry_id FROM {STATE} s LEFT JOIN {ENTRIES} e ON e.id = s.entry_id
WHERE s.entry_id > %s AND (e.id IS NULL OR e.vectors IS NULL OR e.chunks = 0)
ORDER BY s.entry_id LIMIT %s
"""  # noqa: S608

_UPSERT = (
    "ON CONFLICT (entry_id) DO UPDATE SET updated_at = excluded.updated_at, "
    "model_version = excluded.model_version, chunks = excluded.chunks"
)

# (database name, alias) -> whether the mirror is in use; decided once per process and database
_ready: dict[tuple[str, str], bool] = {}


def setting() -> str:
    return choices.choice("GUICHET_SEARCH_VECTORS", ("auto", "pgvector", "memory"), "auto")


def enabled(using: str = "default") -> bool:
    """Whether vectors are searched (and mirrored) in PostgreSQL on this database.

    "memory" never; "auto" and "pgvector" when the database is PostgreSQL and `ensure_schema()`
    succeeds (the extension installed, or created now). Anything else falls back to memory,
    logged once: search keeps working either way.
    """
    chosen = setting()
    connection = connections[using]
    if chosen == "memory":
        return False
    if connection.vendor != "postgresql":
        if chosen == "pgvector":
            _warn_once(f"GUICHET_SEARCH_VECTORS=pgvector needs PostgreSQL, not {connection.vendor}")
        return False
    key = (str(connection.settings_dict["NAME"]), using)
    found = _ready.get(key)
    if found is None:
        found = ensure_schema(using)
    return found


def ensure_schema(using: str = "default") -> bool:
    """Make the mirror usable, idempotently: the extension, the tables and their triggers, and
    a backfill of what is out of step with the entries. False when pgvector is missing.

    Called after migrations (apps.py) and by the first search or write of a process. What it
    finds already there is remembered at once; what it creates inside a caller's transaction
    only once that commits (a rollback would take it away again).
    """
    connection = connections[using]
    key = (str(connection.settings_dict["NAME"]), using)
    with connection.cursor() as cursor:
        cursor.execute("SELECT extversion FROM pg_extension WHERE extname = %s", [EXTENSION])
        found = cursor.fetchone()
        cursor.execute(
            "SELECT to_regclass(%s) IS NOT NULL, to_regclass(%s) IS NOT NULL", [TABLE, STATE]
        )
        mirror, ledger = cursor.fetchone()
    exists = mirror and ledger
    installed = found is not None
    if not installed and not _create_extension(using):
        _ready[key] = False
        return False
    version = found[0] if found else _version(using)
    if _parse(version) < MIN_VERSION:
        _warn_once(f"pgvector {version} has no halfvec (0.7 needed): search vectors stay in memory")
        _ready[key] = False
        return False
    if not (installed and exists):
        with transaction.atomic(using=using), connection.cursor() as cursor:
            cursor.execute(_SCHEMA)
            if not mirror:  # a new mirror copies nothing yet, whatever the state says
                cursor.execute(f"DELETE FROM {STATE}")  # noqa: S608
    backfill(using)
    if (installed and exists) or not connection.in_atomic_block:
        _ready[key] = True
    else:
        transaction.on_commit(lambda: _ready.__setitem__(key, True), using=using)
    return True


def _version(using: str) -> str:
    with connections[using].cursor() as cursor:
        cursor.execute("SELECT extversion FROM pg_extension WHERE extname = %s", [EXTENSION])
        return str(cursor.fetchone()[0])


def _parse(version: str) -> tuple[int, ...]:
    try:
        return tuple(int(part) for part in version.split(".")[:2])
    except ValueError:
        return (0,)


def _create_extension(using: str) -> bool:
    connection = connections[using]
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = %s", [EXTENSION])
        if cursor.fetchone() is None:
            _warn_once(f"PostgreSQL has no {EXTENSION} extension: search vectors stay in memory")
            return False
    try:
        with transaction.atomic(using=using), connection.cursor() as cursor:
            cursor.execute(f"CREATE EXTENSION IF NOT EXISTS {connection.ops.quote_name(EXTENSION)}")
    except Exception as error:  # noqa: BLE001 - e.g. no right to create it: memory it is
        _warn_once(f"CREATE EXTENSION {EXTENSION} failed ({error}): search vectors stay in memory")
        return False
    return True


@lru_cache(maxsize=8)
def _warn_once(message: str) -> None:
    logger.warning("%s", message)


def forget() -> None:
    """Decide again at the next call (tests, after a setting or the schema changed)."""
    _ready.clear()


def on_post_migrate(using: str = "default", **kwargs: object) -> None:
    if setting() != "memory" and connections[using].vendor == "postgresql":
        forget()
        enabled(using)


def _literal(row: np.ndarray) -> str:
    # repr of a float32 widened to a float is exact, and pgvector parses it back to the same
    # float32 (and, for a float16 value, to the same float16): no rounding on the way
    return "[" + ",".join(map(repr, row.tolist())) + "]"


def _unpack(blob: bytes | memoryview | None, chunks: int) -> np.ndarray:
    if not blob or not chunks:
        return np.zeros((0, 0), dtype=np.float32)
    flat = np.frombuffer(bytes(blob), dtype=np.float16)
    return flat.reshape(chunks, -1).astype(np.float32)


def replace(
    entries: Iterable[tuple[int, bytes | memoryview | None, int]], using: str = "default"
) -> None:
    """Mirror these entries' stored vectors: (pk, SearchEntry.vectors, SearchEntry.chunks) each;
    an entry without vectors loses its rows. Call inside the transaction that wrote them: the
    version recorded is the entries' row as that transaction sees it."""
    entries = list(entries)
    if not entries:
        return
    with connections[using].cursor() as cursor:
        _copy(cursor, entries)
        cursor.execute(
            f"INSERT INTO {STATE} (entry_id, updated_at, model_version, chunks) "  # noqa: S608
            f"SELECT id, updated_at, model_version, chunks FROM {ENTRIES} "
            "WHERE id = ANY(%s) AND vectors IS NOT NULL AND chunks > 0 " + _UPSERT,
            [[pk for pk, blob, chunks in entries if blob and chunks]],
        )


def _copy(cursor, entries: list[tuple[int, bytes | memoryview | None, int]]) -> None:  # type: ignore[no-untyped-def]
    """Replace the mirrored rows of these entries, and forget the version they copied."""
    pks = [pk for pk, _blob, _chunks in entries]
    cursor.execute(f"DELETE FROM {TABLE} WHERE entry_id = ANY(%s)", [pks])  # noqa: S608
    cursor.execute(f"DELETE FROM {STATE} WHERE entry_id = ANY(%s)", [pks])  # noqa: S608
    batch: tuple[list[int], list[int], list[str]] = ([], [], [])
    for pk, blob, chunks in entries:
        for passage, row in enumerate(_unpack(blob, chunks)):
            batch[0].append(pk)
            batch[1].append(passage)
            batch[2].append(_literal(row))
            if len(batch[0]) >= WRITE_PASSAGES:
                _insert(cursor, batch)
                batch = ([], [], [])
    if batch[0]:
        _insert(cursor, batch)


def _insert(cursor, batch: tuple[list[int], list[int], list[str]]) -> None:  # type: ignore[no-untyped-def]
    cursor.execute(
        f"INSERT INTO {TABLE} (entry_id, passage, embedding) "  # noqa: S608
        "SELECT e, p, v::halfvec FROM unnest(%s::bigint[], %s::smallint[], %s::text[]) AS t(e, p, v)",
        list(batch),
    )


def in_step(using: str = "default") -> bool:
    """Whether every entry's mirror copies its current vectors and nothing else is mirrored:
    one query over the entries' and the state's primary keys, no vector read."""
    with connections[using].cursor() as cursor:
        cursor.execute(
            f"SELECT NOT EXISTS ({_CHANGED}) AND NOT EXISTS ({_GONE})",
            [0, 1, 0, 1],
        )
        return bool(cursor.fetchone()[0])


def backfill(using: str = "default", batch: int = BACKFILL_ENTRIES) -> int:
    """Bring the mirror in step with SearchEntry.vectors after writes that bypassed it
    (GUICHET_SEARCH_VECTORS=memory for a while, a new mirror): nothing but `in_step()` when it
    is. Otherwise, `batch` entries per transaction:

    1. drop the rows of mirrored entries that are gone or have no vectors any more;
    2. drop rows that no version records (a mirror older than the state table);
    3. copy again every entry whose recorded version differs from its row, or is missing, with
       the version read in the same statement as the vectors (a write racing the copy leaves a
       version that differs, copied again next time).

    Returns how many entries were copied. Called by `ensure_schema()` (once per process and
    database) and by the periodic job (tasks.py)."""
    if in_step(using):
        return 0
    connection = connections[using]
    dropped = _drop_gone(using, batch)
    with transaction.atomic(using=using), connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {TABLE} v WHERE NOT EXISTS "  # noqa: S608
            f"(SELECT 1 FROM {STATE} s WHERE s.entry_id = v.entry_id)"
        )
    done, last = 0, 0
    while True:
        with transaction.atomic(using=using), connection.cursor() as cursor:
            cursor.execute(_CHANGED, [last, batch])
            rows = cursor.fetchall()
            if not rows:
                break
            _copy(cursor, [(pk, blob, chunks) for pk, blob, chunks, _at, _version in rows])
            versions = [(pk, at, version, chunks) for pk, _blob, chunks, at, version in rows]
            cursor.execute(
                f"INSERT INTO {STATE} (entry_id, updated_at, model_version, chunks) "  # noqa: S608
                "SELECT * FROM unnest(%s::bigint[], %s::timestamptz[], %s::text[], "
                "%s::smallint[]) " + _UPSERT,
                [list(column) for column in zip(*versions, strict=True)],
            )
        done += len(rows)
        last = rows[-1][0]
    if done or dropped:
        with connection.cursor() as cursor:  # fresh statistics, or the planner loops over rows
            cursor.execute(f"ANALYZE {TABLE}")
        logger.info(
            "Mirrored the vectors of %d search entries into %s, dropped %d", done, TABLE, dropped
        )
    return done


def _drop_gone(using: str, batch: int) -> int:
    connection = connections[using]
    dropped, last = 0, 0
    while True:
        with transaction.atomic(using=using), connection.cursor() as cursor:
            cursor.execute(_GONE, [last, batch])
            pks = [pk for (pk,) in cursor.fetchall()]
            if not pks:
                return dropped
            _copy(cursor, [(pk, None, 0) for pk in pks])
        dropped += len(pks)
        last = pks[-1]


def ann_index(dimension: int) -> str:
    return f"{TABLE}_hnsw_{int(dimension)}"


def ensure_ann_index(dimension: int, using: str = "default") -> bool:
    """Build the HNSW index over the mirror's passages of `dimension` if it is missing; True
    when built now. Minutes for 100,000 passages: run it from the reindex command or a job,
    never in a request. Approximate search uses it only past ANN_MIN_ENTRIES entries."""
    connection = connections[using]
    name = ann_index(dimension)
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [name])
        if cursor.fetchone()[0]:
            return False
    size = int(dimension)
    with transaction.atomic(using=using), connection.cursor() as cursor:
        cursor.execute("SELECT set_config('maintenance_work_mem', %s, true)", [ANN_BUILD_MEMORY])
        cursor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {TABLE} "
            f"USING hnsw ((embedding::halfvec({size})) halfvec_ip_ops) "
            f"WHERE vector_dims(embedding) = {size}"
        )
    logger.info("Built the HNSW index %s", name)
    return True


def build_ann_index_when_large(model_version: str, dimension: int, using: str = "default") -> bool:
    """Build the HNSW index for the current model's dimension once the entries it embedded
    reach ANN_MIN_ENTRIES (the periodic job and the reindex command call it); True when built
    now. Two small queries when there is nothing to do."""
    if not dimension or not enabled(using):
        return False
    with connections[using].cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [ann_index(dimension)])
        if cursor.fetchone()[0]:
            return False
    current = SearchEntry.objects.using(using).filter(model_version=model_version, chunks__gt=0)
    if current.count() < ANN_MIN_ENTRIES:
        return False
    return ensure_ann_index(dimension, using)


class StoredDense:
    """The dense side of a snapshot whose vectors stay in PostgreSQL: the same answers as
    `dense.DenseIndex` (best passage's inner product per row, -inf without vectors), computed
    by the database over the searcher's visible entries only."""

    def __init__(self, kind: str, model_version: str, entry_ids: np.ndarray,
                 has_vector: np.ndarray, using: str = "default", dimension: int = 0) -> None:  # fmt: skip
        self.kind, self.model_version, self.using = kind, model_version, using
        self.entry_ids = entry_ids  # ascending (the snapshot is ordered by pk)
        self.has_vector = has_vector
        self.n_rows = len(entry_ids)
        self.dimension = dimension
        self._approximate: bool | None = None

    @property
    def approximate(self) -> bool:
        """Whether queries go through the HNSW index (decided once per snapshot)."""
        if self._approximate is None:
            self._approximate = False
            if self.dimension and int(self.has_vector.sum()) >= ANN_MIN_ENTRIES:
                with connections[self.using].cursor() as cursor:
                    cursor.execute(
                        "SELECT to_regclass(%s) IS NOT NULL", [ann_index(self.dimension)]
                    )
                    self._approximate = bool(cursor.fetchone()[0])
        return self._approximate

    def scores(self, query_vector: np.ndarray, *, audience: int, brand_id: int | None,
               language: str | None, lexical: np.ndarray | None = None,
               mask: np.ndarray | None = None) -> np.ndarray:  # fmt: skip
        """Best inner product per row for the rows this searcher may see; -inf elsewhere.
        Approximate search (see ANN_MIN_ENTRIES) also needs the lexical scores and the mask."""
        where, params = self._visible(audience, brand_id, language)
        vector = _literal(np.asarray(query_vector, dtype=np.float32))
        if self.approximate and mask is not None:
            return self._approximate_scores(vector, where, params, lexical, mask)
        sql = (
            f"SELECT v.entry_id, max(-(v.embedding::vector <#> %s::vector)) FROM {TABLE} v "  # noqa: S608
            f"JOIN {ENTRIES} e ON e.id = v.entry_id WHERE {where} GROUP BY v.entry_id"
        )
        return self._aligned(sql, [vector, *params], -np.inf)

    def _approximate_scores(self, vector: str, where: str, params: list[Any],
                            lexical: np.ndarray | None, mask: np.ndarray) -> np.ndarray:  # fmt: skip
        """1. The index's nearest passages, more of them when the searcher sees a small share
        of the kind (the filter applies after the index); 2. the best lexical matches; 3. the
        exact best-passage score of those entries, filtered as the exact scan is."""
        share = max(float(mask.mean()), 0.01) if len(mask) else 1.0
        near = min(ANN_MAX_PASSAGES, int(np.ceil(ANN_PASSAGES / share)))
        candidates = np.zeros(0, dtype=np.int64)
        if lexical is not None:
            rows = np.flatnonzero(mask & (lexical > 0))
            if len(rows) > LEXICAL_CANDIDATES:
                rows = rows[
                    np.argpartition(-lexical[rows], LEXICAL_CANDIDATES)[:LEXICAL_CANDIDATES]
                ]
            candidates = self.entry_ids[rows]
        size = int(self.dimension)
        sql = (
            f"WITH near AS MATERIALIZED (SELECT entry_id FROM {TABLE} "  # noqa: S608
            f"WHERE vector_dims(embedding) = {size} "
            f"ORDER BY embedding::halfvec({size}) <#> %s::halfvec({size}) LIMIT %s), "
            "wanted AS (SELECT entry_id FROM near UNION SELECT unnest(%s::bigint[])) "
            f"SELECT v.entry_id, max(-(v.embedding::vector <#> %s::vector)) FROM wanted w "
            f"JOIN {TABLE} v ON v.entry_id = w.entry_id JOIN {ENTRIES} e ON e.id = v.entry_id "
            f"WHERE {where} GROUP BY v.entry_id"
        )
        with transaction.atomic(using=self.using):
            with connections[self.using].cursor() as cursor:
                cursor.execute(
                    "SELECT set_config('hnsw.ef_search', %s, true)", [str(max(near, 40))]
                )
            return self._aligned(sql, [vector, near, candidates.tolist(), vector, *params], -np.inf)

    def floors(self, probes: np.ndarray, known: np.ndarray | None = None,
               needed: np.ndarray | None = None) -> np.ndarray:  # fmt: skip
        """floor.row_floors for these rows: the best score any probe reaches on each row's
        best passage; +inf for rows without vectors. One query for every probe, once per
        snapshot; in approximate search, only for the `needed` rows not `known` yet (NaN)."""
        if not self.approximate:
            if known is not None:
                return known
            return self._floors(probes, None)
        known = known if known is not None else np.full(self.n_rows, np.nan, dtype=np.float32)
        missing = np.isnan(known) & (needed if needed is not None else True)
        if missing.any():
            found = self._floors(probes, self.entry_ids[missing])
            known[missing] = found[missing]
        return known

    def _floors(self, probes: np.ndarray, only: np.ndarray | None) -> np.ndarray:
        where, params = self._visible(None, None, None)
        if only is not None:
            where += " AND e.id = ANY(%s)"
            params.append(only.tolist())
        sql = (
            "WITH probe AS MATERIALIZED (SELECT t::vector AS q FROM unnest(%s::text[]) AS t) "  # noqa: S608
            f"SELECT v.entry_id, max(-(v.embedding::vector <#> probe.q)) FROM {TABLE} v "
            f"JOIN {ENTRIES} e ON e.id = v.entry_id CROSS JOIN probe WHERE {where} "
            "GROUP BY v.entry_id"
        )
        texts = [_literal(row) for row in np.asarray(probes, dtype=np.float32)]
        return self._aligned(sql, [texts, *params], np.inf)

    def _visible(self, audience: int | None, brand_id: int | None,
                 language: str | None) -> tuple[str, list[Any]]:  # fmt: skip
        # the same filter as memory.Snapshot.mask, and only vectors of the current model
        clauses = ["e.kind = %s", "e.model_version = %s"]
        params: list[Any] = [self.kind, self.model_version]
        if audience is not None:
            clauses.append("e.audience <= %s")
            params.append(audience)
        if brand_id is not None:
            clauses.append("(e.brand_id = %s OR e.brand_id IS NULL)")
            params.append(brand_id)
        if language:
            clauses.append("e.language = %s")
            params.append(language)
        return " AND ".join(clauses), params

    def _aligned(self, sql: str, params: Sequence[Any], missing: float) -> np.ndarray:
        with connections[self.using].cursor() as cursor:
            cursor.execute(sql, params)
            found = cursor.fetchall()
        out = np.full(self.n_rows, missing, dtype=np.float32)
        if not found or not self.n_rows:
            return out
        ids = np.fromiter((pk for pk, _ in found), dtype=np.int64, count=len(found))
        values = np.fromiter((score for _, score in found), dtype=np.float32, count=len(found))
        rows = np.minimum(np.searchsorted(self.entry_ids, ids), self.n_rows - 1)
        known = (self.entry_ids[rows] == ids) & self.has_vector[rows]  # not entries added since
        out[rows[known]] = values[known]
        return out
