"""The system actor: the account automatic changes (rules, automations) are made as.

See docs/adr/0008-sla-timers.md. It is an active admin agent (so the ticket actions' permission
checks pass and the audit trail names it) that cannot sign in: no usable password, no email.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction

from guichet.people.models import Agent

SYSTEM_USERNAME = "guichet-system"


def system_actor() -> Any:
    """The system user (created on first use; two workers doing so at once both get it)."""
    users = get_user_model().objects.select_related("agent")
    user = users.filter(username=SYSTEM_USERNAME).first()
    if user is not None and access_profile(user) is not None:
        return user
    try:
        with transaction.atomic():
            _create(user)
    except IntegrityError:
        pass  # another worker created it at the same moment
    return users.get(username=SYSTEM_USERNAME)


def _create(user: Any) -> None:
    if user is None:
        user = get_user_model().objects.create_user(
            username=SYSTEM_USERNAME, email="", first_name="Guichet", last_name="(automatique)"
        )
        user.set_unusable_password()
        user.save(update_fields=["password"])
    Agent.objects.create(
        user=user, role="admin", tier=4, capacity=0, availability=Agent.Availability.OFFLINE
    )


def access_profile(user: Any) -> Agent | None:
    try:
        return user.agent  # type: ignore[no-any-return]
    except Agent.DoesNotExist:
        return None


def is_system(user: Any) -> bool:
    return getattr(user, "username", None) == SYSTEM_USERNAME
