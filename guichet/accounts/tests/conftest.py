import pytest


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """PBKDF2's real cost makes every login test slow; the flow is what is tested here."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
