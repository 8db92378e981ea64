"""Signing out sets an agent offline, so that routing stops handing them tickets (registered
in `apps.ready`). See docs/routing.md ("Configuring").
"""

from __future__ import annotations

import logging
from typing import Any

from guichet.core.errors import ActionError, NotAllowed

logger = logging.getLogger("guichet.routing")
# Out of office is kept: the dates and the hand-back belong to the absence, not the session.
GOES_OFFLINE = ("online", "away")


def agent_signed_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    """`user_logged_out` receiver: through the availability action, as the agent. A failure is
    logged, never raised: signing out must always work."""
    from guichet.people.models import Agent
    from guichet.routing.admin_actions import do_set_availability

    user_id = getattr(user, "pk", None)
    # Read afresh: the request's copy may predate a change made elsewhere.
    agent = Agent.objects.filter(user_id=user_id).first() if user_id is not None else None
    if agent is None or agent.availability not in GOES_OFFLINE:
        return
    try:
        do_set_availability(user, agent, "offline")
    except (ActionError, NotAllowed) as error:
        logger.info("Agent %s stays %s after signing out: %s", agent.pk, agent.availability, error)


def register() -> None:
    from django.contrib.auth.signals import user_logged_out

    user_logged_out.connect(agent_signed_out, dispatch_uid="routing.agent_signed_out")
