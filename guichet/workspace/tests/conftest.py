import pytest
from django.test import Client

from guichet.core.tests import factories


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Factories create users with passwords; PBKDF2's real cost would dominate these tests."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def brand(db):
    return factories.brand(name="Télécom", ticket_prefix="TEL")


@pytest.fixture
def agent(brand):
    return factories.agent("agent", username="bob")


@pytest.fixture
def client_for():
    """A test client signed in as `user`."""

    def make(user):
        client = Client()
        client.force_login(user)
        return client

    return make


@pytest.fixture
def agent_client(agent, client_for):
    return client_for(agent)
