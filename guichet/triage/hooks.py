"""The one call that ticket actions make to have a customer message triaged. See docs/triage.md.

`triage_on_commit` costs one job row (an INSERT in the surrounding transaction with the
database backend) and nothing else: the job reads, predicts and stores after the commit.
"""

from __future__ import annotations

from django.conf import settings

from guichet.jobs.enqueue import on_commit


def triage_enabled() -> bool:
    return bool(getattr(settings, "GUICHET_TRIAGE", {}).get("ENABLED", True))


def triage_on_commit(ticket_id: int, message_id: int | None = None) -> None:
    """Triage the ticket (its first customer message) or a later customer message once the
    transaction commits; a no-op when triage is turned off."""
    if not triage_enabled():
        return
    from guichet.triage.tasks import triage_ticket

    on_commit(triage_ticket, ticket_id, message_id)
