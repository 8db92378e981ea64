"""The system actor: the account automatic changes (rules, automations) are made as.

See docs/adr/0008-sla-timers.md. It is an active admin agent (so the ticket actions' permission
checks pass and the audit trail names it) that cannot sign in: no usable password, no email.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model

from guichet.people.models import Agent

SYSTEM_USERNAME = "guichet-system"


def system_actor() -> Any:
    """The system user (created on first use)."""
    users = get_user_model().objects
    user = users.select_related("agent").filter(username=SYSTEM_USERNAME).first()
    if user is None:
        user = users.create_user(
            username=SYSTEM_USERNAME, email="", first_name="Guichet", last_name="(automatique)"
        )
        user.set_unusable_password()
        user.save(update_fields=["password"])
    if access_profile(user) is None:
        Agent.objects.create(
            user=user, role="admin", tier=4, capacity=0, availability=Agent.Availability.OFFLINE
        )
        user = users.select_related("agent").get(pk=user.pk)
    return user


def access_profile(user: Any) -> Agent | None:
    try:
        return user.agent  # type: ignore[no-any-return]
    except Agent.DoesNotExist:
        return None


def is_system(user: Any) -> bool:
    return getattr(user, "username", None) == SYSTEM_USERNAME
