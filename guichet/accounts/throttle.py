"""Counting failed attempts per key and locking the key for a while. See docs/accounts.md.

Keys name what is being guessed ("login:alice", "portal:3:bob@example.com"), not who guesses:
an attacker spreading guesses over many addresses still hits the lock of the one account.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from guichet.accounts.models import LoginThrottle, SecurityPolicy
from guichet.accounts.policy import current_policy
from guichet.core.errors import ActionError

KEY_MAX = 255


def _key(key: str) -> str:
    return key.lower()[:KEY_MAX]


def locked_until(key: str, now: dt.datetime | None = None) -> dt.datetime | None:
    now = now or timezone.now()
    until = (
        LoginThrottle.objects.filter(key=_key(key), locked_until__gt=now)
        .values_list("locked_until", flat=True)
        .first()
    )
    return until


def check_not_locked(key: str, now: dt.datetime | None = None) -> None:
    if locked_until(key, now) is not None:
        raise ActionError(_("Trop de tentatives. Réessayez dans quelques minutes."), code="locked")


@transaction.atomic
def record_failure(
    key: str, now: dt.datetime | None = None, policy: SecurityPolicy | None = None
) -> bool:
    """Count one failure; True when the key is now locked."""
    now = now or timezone.now()
    policy = policy or current_policy()
    window = dt.timedelta(minutes=policy.lockout_minutes)
    row, _created = LoginThrottle.objects.select_for_update().get_or_create(key=_key(key))
    expired_lock = row.locked_until is not None and row.locked_until <= now
    stale = row.last_failure_at is not None and now - row.last_failure_at > window
    if expired_lock or stale:
        row.failures, row.locked_until = 0, None
    row.failures += 1
    row.last_failure_at = now
    if row.failures >= policy.max_failures:
        row.locked_until = now + window
    row.save()
    return row.locked_until is not None


def clear(key: str) -> None:
    LoginThrottle.objects.filter(key=_key(key)).delete()
