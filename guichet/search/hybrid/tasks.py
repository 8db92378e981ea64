"""Hybrid search's periodic job: re-embed entries whose vectors an older model made.
See docs/search.md ("Keeping it in step") and refresh.py."""

from __future__ import annotations

from datetime import timedelta

from django_tasks import task

from guichet.jobs.periodic import periodic
from guichet.search.hybrid.refresh import refresh_stale_vectors


@periodic(every=timedelta(minutes=2))
@task(queue_name="ai")
def refresh_stale_search_vectors() -> int:
    return refresh_stale_vectors()
