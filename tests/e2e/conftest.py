"""Playwright fixtures: Debian's chromium driven by the `playwright` package. See docs/portal.md.

The browser is never downloaded: scripts/browser.sh installs /usr/bin/chromium. Tests under
tests/e2e (or marked `e2e`) run on SQLite only; on another database they are skipped.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

# Playwright's sync API keeps an event loop running in the test thread; Django's ORM would
# refuse to run there without this (the live server runs in its own thread anyway).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]
E2E_DIR = Path(__file__).resolve().parent
ARTIFACTS = Path(os.environ.get("GUICHET_E2E_ARTIFACTS", E2E_DIR.parents[1] / "var" / "e2e"))


def _skip_reason() -> str | None:
    from django.conf import settings

    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
        return "Playwright tests run on SQLite only (GUICHET_DB_URL selects another database)"
    if not os.access(CHROMIUM, os.X_OK):
        return f"{CHROMIUM} is missing: run `make browser` (scripts/browser.sh)"
    return None


def _is_e2e(item: pytest.Item) -> bool:
    return item.get_closest_marker("e2e") is not None or E2E_DIR in Path(item.path).parents


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    reason = _skip_reason()
    for item in items:
        if _is_e2e(item):
            item.add_marker(pytest.mark.e2e)
            if reason:
                item.add_marker(pytest.mark.skip(reason=reason))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def base_url(live_server: Any) -> str:
    return str(live_server.url)


@pytest.fixture
def page(browser: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    """A fresh browser context per test: French, tablet-sized; screenshot kept on failure."""
    context = browser.new_context(
        locale="fr-FR", viewport={"width": 1024, "height": 768}, service_workers="block"
    )
    context.set_default_timeout(15_000)
    new_page = context.new_page()
    yield new_page
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        new_page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()


@pytest.fixture(autouse=True)
def _e2e_settings(request: pytest.FixtureRequest) -> None:
    """Fast password hashing and a throw-away media folder for browser tests."""
    if not _is_e2e(request.node):
        return
    settings = request.getfixturevalue("settings")
    tmp_path = request.getfixturevalue("tmp_path")
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
