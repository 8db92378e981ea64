"""Routing jobs: route one ticket, drain a team's queue, and a periodic sweep of every queue.

See docs/routing.md ("Waiting tickets") and docs/jobs.md.
"""

from __future__ import annotations

import datetime as dt

from django_tasks import task

from guichet.jobs.periodic import periodic


@task()
def route_ticket(ticket_id: int) -> bool:
    """Route a ticket handed to a team without an agent (after an escalation or a transfer)."""
    from guichet.routing.actions import route_within_team

    return route_within_team(ticket_id)


@task()
def drain_team(team_id: int) -> int:
    """Hand waiting tickets to a team's agents who have room (capacity freed, agent back)."""
    from guichet.routing.actions import do_drain_team

    return do_drain_team(team_id)


@periodic(every=dt.timedelta(minutes=1))
@task()
def drain_queues() -> int:
    """Every minute: set idle agents away (GUICHET_ROUTING_IDLE_MINUTES), hand back the
    unstarted tickets of agents whose planned absence starts, then drain every team that has
    waiting tickets (out-of-office periods end, limits change, a missed wake-up)."""
    from guichet.routing.actions import do_drain_all, do_take_back_absentees
    from guichet.routing.presence import do_set_idle_agents_away

    do_set_idle_agents_away()
    return do_take_back_absentees() + do_drain_all()


@task()
def take_back_for_absence(agent_id: int) -> int:
    """An agent just went out of office: their unstarted tickets go back to the queues."""
    from guichet.routing.actions import take_back_for_absence as take_back

    return take_back(agent_id)
