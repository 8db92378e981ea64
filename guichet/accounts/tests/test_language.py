import pytest

from guichet.accounts.models import UserPreference
from guichet.core.tests import factories

pytestmark = pytest.mark.django_db


def test_default_language_is_french(client):
    response = client.get("/accounts/login/")
    assert response.headers["Content-Language"] == "fr"
    assert "Connexion" in response.content.decode()


def test_switching_language_stores_the_preference_of_a_signed_in_user(client):
    agent = factories.agent()
    client.force_login(agent)
    response = client.post("/accounts/language/", {"language": "en", "next": "/accounts/security/"})
    assert response.url == "/accounts/security/"
    assert UserPreference.objects.get(user=agent).language == "en"
    page = client.get("/accounts/security/")
    assert page.headers["Content-Language"] == "en"
    assert "Account security" in page.content.decode()


def test_saved_language_applies_at_the_next_login(client):
    agent = factories.agent()
    UserPreference.objects.create(user=agent, language="en")
    client.post("/accounts/login/", {"username": agent.username, "password": factories.PASSWORD})
    assert client.get("/accounts/security/").headers["Content-Language"] == "en"


def test_anonymous_visitor_can_switch_language(client):
    client.post("/accounts/language/", {"language": "en", "next": "/accounts/login/"})
    assert client.get("/accounts/login/").headers["Content-Language"] == "en"


def test_language_switch_ignores_foreign_redirects(client):
    response = client.post(
        "/accounts/language/", {"language": "en", "next": "https://evil.example/"}
    )
    assert response.url == "/"
