import pytest

from guichet.core.tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def brand():
    return factories.brand(slug="acme", name="Acme")


def test_customer_signs_in_with_email_and_password(client, brand):
    contact = factories.contact(brand, email="marie@example.test", with_user=True)
    response = client.post(
        "/portal/acme/login/", {"email": "marie@example.test", "password": factories.PASSWORD}
    )
    assert response.url == "/portal/acme/"
    assert client.session["_auth_user_id"] == str(contact.user_id)


def test_wrong_password_and_unknown_address_give_the_same_answer(client, brand):
    factories.contact(brand, email="marie@example.test", with_user=True)
    wrong = client.post("/portal/acme/login/", {"email": "marie@example.test", "password": "x"})
    unknown = client.post("/portal/acme/login/", {"email": "no@example.test", "password": "x"})
    assert wrong.status_code == unknown.status_code == 200
    assert "Adresse ou mot de passe incorrect." in wrong.content.decode()
    assert "Adresse ou mot de passe incorrect." in unknown.content.decode()


def test_customer_of_another_brand_cannot_sign_in_here(client, brand):
    factories.contact(factories.brand(), email="marie@example.test", with_user=True)
    response = client.post(
        "/portal/acme/login/", {"email": "marie@example.test", "password": factories.PASSWORD}
    )
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_agent_cannot_use_the_portal_login_to_skip_2fa(client, brand):
    from guichet.people.models import Contact

    agent = factories.agent()
    contact = Contact.objects.create(brand=brand, name="Agent", user=agent)
    contact.identities.create(brand=brand, kind="email", value="agent@example.test")
    client.post(
        "/portal/acme/login/", {"email": "agent@example.test", "password": factories.PASSWORD}
    )
    assert "_auth_user_id" not in client.session


def test_portal_login_is_locked_after_repeated_failures(client, brand):
    factories.contact(brand, email="marie@example.test", with_user=True)
    for _ in range(5):
        client.post("/portal/acme/login/", {"email": "marie@example.test", "password": "x"})
    response = client.post(
        "/portal/acme/login/", {"email": "marie@example.test", "password": factories.PASSWORD}
    )
    assert "Trop de tentatives" in response.content.decode()


def test_customer_without_password_chooses_one(client, brand):
    contact = factories.contact(brand, with_user=True)
    contact.user.set_unusable_password()
    contact.user.save()
    client.force_login(contact.user)
    new = "un-mot-de-passe-solide-42"
    response = client.post("/portal/acme/account/", {"password": new, "confirm": new})
    assert response.status_code == 302
    contact.user.refresh_from_db()
    assert contact.user.check_password(new)
    assert client.get("/portal/acme/").status_code == 200  # still signed in


def test_changing_a_password_needs_the_current_one(client, brand):
    contact = factories.contact(brand, with_user=True)
    client.force_login(contact.user)
    new = "un-mot-de-passe-solide-42"
    response = client.post(
        "/portal/acme/account/", {"current": "faux", "password": new, "confirm": new}
    )
    assert response.status_code == 200
    contact.user.refresh_from_db()
    assert not contact.user.check_password(new)


def test_logout_returns_to_the_brand_login(client, brand):
    contact = factories.contact(brand, with_user=True)
    client.force_login(contact.user)
    assert client.post("/portal/acme/logout/").url == "/portal/acme/login/"
    assert "_auth_user_id" not in client.session
