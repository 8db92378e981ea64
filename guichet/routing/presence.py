"""Presence: when an agent was last seen, idle agents set away, and back online on return.

See docs/routing.md ("Idle agents"). Availability changes go through do_set_availability
(audited, wakes the queues); only the last-seen timestamp is written directly, like an API
token's last use, at most once a minute.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from guichet.core import access
from guichet.core.errors import ActionError
from guichet.people.models import Agent

logger = logging.getLogger("guichet.routing")

SEEN_RESOLUTION = dt.timedelta(minutes=1)
DEFAULT_IDLE_MINUTES = 15


def idle_minutes() -> int:
    return int(getattr(settings, "GUICHET_ROUTING_IDLE_MINUTES", DEFAULT_IDLE_MINUTES))


def needs_touch(last_seen: dt.datetime | None, now: dt.datetime) -> bool:
    """Whether to write the last-seen time: at most once a minute per agent."""
    return last_seen is None or now - last_seen >= SEEN_RESOLUTION


def tracked(agent: Agent) -> bool:
    """Only online agents (who may go idle) and idle-away ones (who come back) are followed:
    offline, out-of-office and self-chosen away agents cost no write."""
    online = agent.availability == Agent.Availability.ONLINE
    return online or (
        agent.availability == Agent.Availability.AWAY and agent.idle_since is not None
    )


def agent_seen(agent: Agent, now: dt.datetime) -> None:
    """An agent made a request: note it (once a minute), and bring them back online if the
    sweep set them away for idleness."""
    if not tracked(agent):
        return
    if agent.availability == Agent.Availability.AWAY:
        from guichet.routing.admin_actions import do_set_availability

        try:
            do_set_availability(agent.user, agent, Agent.Availability.ONLINE)
        except ActionError:  # e.g. a role without routing.set_own_availability
            logger.warning("Agent %s could not come back online", agent.pk)
        return
    if needs_touch(agent.last_seen_at, now):
        Agent.objects.filter(pk=agent.pk).update(last_seen_at=now)
        agent.last_seen_at = now


def do_set_idle_agents_away(now: dt.datetime | None = None) -> int:
    """The minute sweep: online agents not seen for GUICHET_ROUTING_IDLE_MINUTES (0: never)
    go away, marked idle. Agents never seen (no last_seen_at) are left alone."""
    minutes = idle_minutes()
    if minutes <= 0:
        return 0
    from guichet.routing.admin_actions import do_set_availability
    from guichet.sla.system import system_actor

    cutoff = (now or timezone.now()) - dt.timedelta(minutes=minutes)
    idle = Agent.objects.filter(
        availability=Agent.Availability.ONLINE, last_seen_at__lt=cutoff
    ).select_related("user")
    agents = list(idle)
    if not agents:
        return 0
    actor = system_actor()
    for agent in agents:
        do_set_availability(actor, agent, Agent.Availability.AWAY, idle=True)
    return len(agents)


class LastSeenMiddleware:
    """After authentication: notes each signed-in agent's request (session sign-in only; an
    API token is read later, by DRF, and a script is not a person at their desk)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        agent = access.agent_of(getattr(request, "user", None))
        if agent is not None:
            agent_seen(agent, timezone.now())
        return self.get_response(request)
