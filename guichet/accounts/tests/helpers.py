"""Builders for the accounts tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

from guichet.accounts import totp
from guichet.accounts.actions import do_confirm_totp_enrolment, do_start_totp_enrolment

T0 = dt.datetime(2025, 3, 10, 9, 0, tzinfo=dt.UTC)
IMMEDIATE_TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        "QUEUES": ["default", "mail", "ai"],
    }
}


def enrol(user: Any, at: dt.datetime = T0) -> tuple[str, list[str]]:
    """Give `user` a confirmed authenticator; returns (secret, recovery codes)."""
    device = do_start_totp_enrolment(user)
    codes = do_confirm_totp_enrolment(user, totp.code_at(device.secret, at), at=at)
    return device.secret, codes
