"""Project-wide test setup."""

import pytest


def pytest_configure(config):  # type: ignore[no-untyped-def]
    from django.conf import settings

    # Factories create many users; the production hasher costs ~0.3 s per password.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _default_language_after_each_test():  # type: ignore[no-untyped-def]
    """A test that switches to English must not leave the next test on the same worker in it."""
    yield
    from django.utils import translation

    translation.deactivate()
