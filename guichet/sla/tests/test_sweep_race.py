"""Several workers sweeping at once: every due timer fires exactly once (threads and processes,
on the database the suite runs on: SQLite or PostgreSQL)."""

import json
import subprocess
import sys
from collections import Counter

import pytest
import time_machine
from django.conf import settings

from guichet.audit.models import Event
from guichet.core.tests import factories
from guichet.core.tests.threads import run_together
from guichet.jobs.tests.support import child_env
from guichet.sla.models import TicketTarget
from guichet.sla.sweep import sweep
from guichet.sla.tests.support import paris, policy, ticket_at

pytestmark = pytest.mark.django_db(transaction=True)

MONDAY_10 = paris(2025, 3, 3, 10, 0)
TICKETS = 30


@pytest.fixture
def due_tickets():
    brand = factories.brand()
    policy(brand)
    return [ticket_at(MONDAY_10, brand) for _ in range(TICKETS)]


def race(workers: int, now, batch: int = 7) -> list:
    """Start `workers` threads that sweep at the same instant; their results."""
    return run_together(lambda _: sweep(now=now, batch=batch), workers, timeout=60)


def events_per_target(verb: str) -> Counter:
    return Counter(Event.objects.filter(verb=verb).values_list("target_id", flat=True))


def test_threads_racing_for_the_same_warnings_fire_each_once(due_tickets):
    results = race(4, paris(2025, 3, 3, 15, 0))

    assert sum(r.warned for r in results) == TICKETS
    counts = events_per_target("sla_warning")
    assert len(counts) == TICKETS and set(counts.values()) == {1}


def test_threads_racing_for_the_same_breaches_fire_each_once(due_tickets):
    race(4, paris(2025, 3, 3, 15, 0))
    results = race(4, paris(2025, 3, 3, 16, 0))

    assert sum(r.breached for r in results) == TICKETS
    assert set(events_per_target("sla_breached").values()) == {1}
    assert not TicketTarget.objects.filter(
        metric="first_reply", breached_at__isnull=True, completed_at__isnull=True
    ).exists()


def sweep_process(at: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "manage.py", "sla_sweep", "--at", at],
        cwd=settings.BASE_DIR, env=child_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip


def test_two_worker_processes_sweeping_at_once_fire_each_breach_once(due_tickets):
    # Given 30 first-reply clocks due at 16:00 (and 30 resolution clocks not due)
    at = paris(2025, 3, 3, 16, 0).isoformat()

    # When two processes sweep at the same moment
    processes = [sweep_process(at), sweep_process(at)]
    outputs = [p.communicate(timeout=120) for p in processes]

    # Then between them they fired each breach once, and nothing else
    assert [p.returncode for p in processes] == [0, 0], [o[1][-2000:] for o in outputs]
    totals = [json.loads(out.decode().strip().splitlines()[-1]) for out, _err in outputs]
    assert sum(t["breached"] for t in totals) == TICKETS
    assert set(events_per_target("sla_breached").values()) == {1}
    assert len(events_per_target("sla_breached")) == TICKETS


def test_threads_racing_in_travelled_time_fire_rule_timers_once(due_tickets):
    # Given an "at once" rule and a 2-business-hour rule on every ticket (timers, not clocks)
    from guichet.sla.escalation import sync_timers
    from guichet.sla.models import EscalationRule, EscalationTimer
    from guichet.tickets.models import Ticket

    brand = due_tickets[0].brand
    EscalationRule.objects.create(brand=brand, name="Tout de suite", notify_supervisors=True)
    EscalationRule.objects.create(
        brand=brand, name="2 h", trigger="elapsed", metric="first_reply", after_minutes=120,
        notify_supervisors=True,
    )  # fmt: skip
    for ticket in Ticket.objects.filter(pk__in=[t.pk for t in due_tickets]):
        sync_timers(ticket, MONDAY_10)
    assert EscalationTimer.objects.count() == 2 * TICKETS

    # When four workers sweep on the real clock, travelled to Monday 12:00 Paris
    with time_machine.travel(paris(2025, 3, 3, 12, 0), tick=False):
        results = race(4, None)

    # Then each timer fired exactly once between them
    assert sum(r.timers for r in results) == 2 * TICKETS
    assert set(events_per_target("escalation_due").values()) == {1}
    assert len(events_per_target("escalation_due")) == 2 * TICKETS
    assert not EscalationTimer.objects.filter(fired_at__isnull=True).exists()
