"""SLA jobs: the sweep every minute, acting on fired events, handover notes, recomputation.

See docs/sla.md ("Timers") and docs/jobs.md.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django_tasks import task

from guichet.jobs.periodic import periodic
from guichet.jobs.retry import retrying


@periodic(every=dt.timedelta(minutes=1))
@task()
def sweep_sla_timers() -> dict[str, int]:
    """Claim and fire every due SLA warning, breach and escalation timer (exactly once)."""
    from guichet.sla.sweep import sweep

    result = sweep()
    return {"breached": result.breached, "warned": result.warned, "timers": result.timers}


@task()
@retrying(max_attempts=5, base_delay=dt.timedelta(seconds=30))
def dispatch_sla_events(event_ids: list[int]) -> int:
    """Notify, run escalation rules and queue triggers for fired SLA events (each once)."""
    from guichet.sla.firing import dispatch_event

    return sum(dispatch_event(event_id) for event_id in event_ids)


@task()
@retrying(max_attempts=5, base_delay=dt.timedelta(seconds=30))
def write_handover_note(event_id: int) -> bool:
    from guichet.sla.firing import write_handover_note as write

    return write(event_id)


@task()
def recompute_sla_targets(target_ids: list[int]) -> int:
    """Running clocks of an edited policy or calendar take the new values."""
    from django.db import transaction

    from guichet.sla.actions import do_recompute_targets

    with transaction.atomic():
        return do_recompute_targets(target_ids, timezone.now())
