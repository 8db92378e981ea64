"""Project-wide test setup."""


def pytest_configure(config):  # type: ignore[no-untyped-def]
    from django.conf import settings

    # Factories create many users; the production hasher costs ~0.3 s per password.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
