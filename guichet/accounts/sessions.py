"""Ending open sessions that did not pass the second factor (when 2FA becomes mandatory)."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.utils import timezone

from guichet.accounts.policy import is_staff_account

logger = logging.getLogger(__name__)
MFA_KEY = "accounts.mfa"
VERIFIED = {"totp", "recovery"}
DB_ENGINES = {"django.contrib.sessions.backends.db"}  # cached_db would keep serving from cache


def end_sessions_without_second_factor(keep: Any = None) -> int:
    """Delete staff sessions not marked as verified; returns how many. Database sessions only.

    `keep` (the admin switching the policy on) keeps their own session.
    """
    engine = getattr(settings, "SESSION_ENGINE", "django.contrib.sessions.backends.db")
    if engine not in DB_ENGINES:
        logger.warning("Sessions in %s cannot be listed; existing sessions stay open.", engine)
        return 0
    to_end: dict[str, int] = {}
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        data = session.get_decoded()
        user_id = data.get("_auth_user_id")
        if user_id and data.get(MFA_KEY) not in VERIFIED:
            to_end[session.session_key] = int(user_id)
    users = get_user_model().objects.filter(pk__in=set(to_end.values())).select_related("agent")
    staff = {user.pk for user in users if is_staff_account(user)}
    if keep is not None:
        staff.discard(keep.pk)
    keys = [key for key, user_id in to_end.items() if user_id in staff]
    Session.objects.filter(session_key__in=keys).delete()
    return len(keys)
