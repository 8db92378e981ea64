"""Hybrid search's periodic job: re-embed entries whose vectors an older model made, bring the
pgvector mirror in step, and build pgvector's HNSW index once the base is large. See
docs/search.md ("Keeping it in step", "Where the vectors live"), refresh.py and pgvector.py."""

from __future__ import annotations

from datetime import timedelta

from django_tasks import task

from guichet.jobs.periodic import periodic
from guichet.search.hybrid import engine, pgvector
from guichet.search.hybrid.refresh import refresh_stale_vectors


@periodic(every=timedelta(minutes=2))
@task(queue_name="ai")
def refresh_stale_search_vectors() -> int:
    written = refresh_stale_vectors()
    if pgvector.enabled():  # one query when in step: vectors written while the mirror was bypassed
        pgvector.backfill()
    model = engine.embedder()
    if model is not None:  # minutes, once: a worker's job, never a request's
        pgvector.build_ann_index_when_large(model.model_version, model.dimension)
    return written
