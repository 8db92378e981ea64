"""Signing in from a real browser, and builders for accounts that do.

Used by every Playwright scenario (portal and agent workspace).
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

from django.utils import timezone

SCREENSHOTS = os.environ.get("GUICHET_E2E_SCREENSHOTS", "")


def totp_code(secret: str, at: dt.datetime | None = None) -> str:
    from guichet.accounts.totp import code_at

    return code_at(secret, at or timezone.now())


def enrol_totp(user: Any) -> str:
    """Give `user` a confirmed authenticator; returns its secret.

    Enrolment is confirmed with the previous step's code so that the current code is still
    unused when the test signs in (a code cannot be used twice).
    """
    from guichet.accounts.actions import do_confirm_totp_enrolment, do_start_totp_enrolment

    device = do_start_totp_enrolment(user)
    now = timezone.now()
    do_confirm_totp_enrolment(user, totp_code(device.secret, now - dt.timedelta(seconds=30)))
    return device.secret


def login_agent(
    page: Any, base_url: str, username: str, password: str, totp_secret: str | None = None
) -> None:
    """Password step, then the TOTP step when `totp_secret` is given; ends signed in.

    Two sign-ins of the same agent within one 30-second step need different codes: the
    second one would be refused as a replay.
    """
    page.goto(f"{base_url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.locator("main form button[type=submit]").click()
    if totp_secret:
        page.wait_for_url("**/accounts/login/verify/")
        page.fill("input[name=code]", totp_code(totp_secret))
        page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state("domcontentloaded")
    if "/accounts/login/" in page.url:
        raise AssertionError(f"agent {username} could not sign in (still on {page.url})")


def login_customer(page: Any, base_url: str, brand_slug: str, email: str, password: str) -> None:
    """Sign in to a brand's portal with email and password; ends on the ticket list."""
    page.goto(f"{base_url}/portal/{brand_slug}/login/")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", password)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**/portal/{brand_slug}/")


def snap(page: Any, name: str) -> None:
    """Save a full-page screenshot when GUICHET_E2E_SCREENSHOTS names a folder (for review)."""
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SCREENSHOTS) / f"{name}.png"), full_page=True)
