"""Who must use a second factor, and the lockout rules. See docs/accounts.md."""

from __future__ import annotations

from typing import Any

from django.conf import settings

from guichet.accounts.models import SecurityPolicy
from guichet.core import access


def current_policy() -> SecurityPolicy:
    """The saved policy, or the defaults when an admin never saved one."""
    return SecurityPolicy.objects.order_by("id").first() or SecurityPolicy()


def is_2fa_enforced(policy: SecurityPolicy | None = None) -> bool:
    if getattr(settings, "GUICHET_REQUIRE_2FA", False):
        return True
    return (policy or current_policy()).require_2fa


def is_staff_account(user: Any) -> bool:
    """Agents and Django staff: the accounts the 2FA requirement applies to."""
    return access.agent_of(user) is not None or bool(user.is_staff or user.is_superuser)


def must_use_second_factor(user: Any, policy: SecurityPolicy | None = None) -> bool:
    return is_staff_account(user) and is_2fa_enforced(policy)
