"""The knowledge base's periodic job: settle deflections and searches followed by a ticket.
See docs/knowledge.md ("Deflection")."""

from __future__ import annotations

from datetime import timedelta

from django_tasks import task

from guichet.jobs.periodic import periodic
from guichet.knowledge.actions.analytics import settle_outcomes


@periodic(every=timedelta(minutes=5))
@task()
def settle_kb_outcomes() -> int:
    return settle_outcomes()
