import datetime as dt

import pytest
import time_machine
from django.test import override_settings

from guichet.accounts import totp
from guichet.accounts.models import SecurityPolicy
from guichet.accounts.tests.helpers import T0, enrol
from guichet.core.tests import factories

pytestmark = pytest.mark.django_db
LOGIN, VERIFY, ENROL = "/accounts/login/", "/accounts/login/verify/", "/accounts/login/enrol/"


def password_step(client, user, password=factories.PASSWORD, next_url=""):
    data = {"username": user.username, "password": password}
    if next_url:
        data["next"] = next_url
    return client.post(LOGIN, data)


def logged_in_as(client):
    return client.session.get("_auth_user_id")


@pytest.fixture
def agent_with_totp():
    agent = factories.agent()
    secret, codes = enrol(agent, T0)
    return agent, secret, codes


@pytest.fixture
def later():
    """Two minutes after enrolment: a fresh time step."""
    with time_machine.travel(T0 + dt.timedelta(minutes=2), tick=False) as traveller:
        yield traveller


def test_agent_without_2fa_is_logged_in_by_password_alone(client):
    agent = factories.agent()
    response = password_step(client, agent)
    assert response.status_code == 302 and response.url == "/"
    assert logged_in_as(client) == str(agent.pk)


def test_wrong_password_is_refused_without_saying_which_part_is_wrong(client):
    agent = factories.agent()
    response = password_step(client, agent, "nope")
    assert response.status_code == 200
    assert "Identifiant ou mot de passe incorrect." in response.content.decode()
    assert logged_in_as(client) is None


def test_password_step_does_not_log_in_an_agent_with_totp(client, agent_with_totp, later):
    agent, _secret, _codes = agent_with_totp
    response = password_step(client, agent)
    assert response.url == VERIFY
    assert logged_in_as(client) is None
    assert client.get("/").status_code == 302  # nothing else is reachable


def test_right_code_completes_the_login_and_follows_next(client, agent_with_totp, later):
    agent, secret, _codes = agent_with_totp
    password_step(client, agent, next_url="/agent/")
    response = client.post(VERIFY, {"code": totp.code_at(secret, T0 + dt.timedelta(minutes=2))})
    assert response.status_code == 302 and response.url == "/agent/"
    assert logged_in_as(client) == str(agent.pk)
    assert client.session["accounts.mfa"] == "totp"


def test_wrong_code_keeps_the_user_logged_out(client, agent_with_totp, later):
    agent, _secret, _codes = agent_with_totp
    password_step(client, agent)
    response = client.post(VERIFY, {"code": "000000"})
    assert response.status_code == 200
    assert "Code incorrect" in response.content.decode()
    assert logged_in_as(client) is None


def test_code_cannot_be_replayed_within_its_window(client, agent_with_totp, later):
    # Given a code that was just used to log in
    agent, secret, _codes = agent_with_totp
    code = totp.code_at(secret, T0 + dt.timedelta(minutes=2))
    password_step(client, agent)
    client.post(VERIFY, {"code": code})
    client.logout()
    # When the same code is sent again at the same moment
    password_step(client, agent)
    response = client.post(VERIFY, {"code": code})
    # Then it is refused
    assert response.status_code == 200
    assert logged_in_as(client) is None


def test_recovery_code_logs_in_once(client, agent_with_totp, later):
    agent, _secret, codes = agent_with_totp
    password_step(client, agent)
    response = client.post(VERIFY, {"code": codes[0].upper()})
    assert response.status_code == 302
    assert client.session["accounts.mfa"] == "recovery"
    client.logout()
    password_step(client, agent)
    assert client.post(VERIFY, {"code": codes[0]}).status_code == 200
    assert logged_in_as(client) is None


def test_repeated_wrong_codes_lock_the_account_even_for_the_right_code(
    client, agent_with_totp, later
):
    agent, secret, _codes = agent_with_totp
    SecurityPolicy.objects.create(max_failures=3, lockout_minutes=15)
    password_step(client, agent)
    for _ in range(3):
        client.post(VERIFY, {"code": "111111"})
    response = client.post(VERIFY, {"code": totp.code_at(secret, T0 + dt.timedelta(minutes=2))})
    assert "Trop de tentatives" in response.content.decode()
    assert logged_in_as(client) is None


def test_lock_after_wrong_passwords_lifts_after_the_lockout_time(client):
    agent = factories.agent()
    with time_machine.travel(T0, tick=False) as traveller:
        for _ in range(5):
            password_step(client, agent, "wrong")
        assert "Trop de tentatives" in password_step(client, agent).content.decode()
        traveller.shift(dt.timedelta(minutes=16))
        assert password_step(client, agent).status_code == 302
        assert logged_in_as(client) == str(agent.pk)


def test_verify_page_without_password_step_goes_back_to_login(client):
    assert client.get(VERIFY).url == LOGIN


def test_pending_password_step_expires(client, agent_with_totp, later):
    agent, secret, _codes = agent_with_totp
    password_step(client, agent)
    later.shift(dt.timedelta(minutes=6))
    code = totp.code_at(secret, T0 + dt.timedelta(minutes=8))
    assert client.post(VERIFY, {"code": code}).url == LOGIN
    assert logged_in_as(client) is None


# --- Enforced enrolment -------------------------------------------------------------


def test_required_2fa_sends_agent_without_totp_to_enrolment_only(client):
    SecurityPolicy.objects.create(require_2fa=True)
    agent = factories.agent()
    response = password_step(client, agent)
    assert response.url == ENROL
    assert logged_in_as(client) is None
    assert client.get("/").status_code == 302
    assert client.get("/accounts/security/").status_code == 302


def test_enrolment_page_shows_secret_uri_and_qr_code(client):
    SecurityPolicy.objects.create(require_2fa=True)
    agent = factories.agent()
    password_step(client, agent)
    page = client.get(ENROL).content.decode()
    secret = agent.totp_device.secret
    assert secret in page
    assert "otpauth://totp/Guichet:" in page
    assert "<svg" in page


def test_confirming_enrolment_logs_in_and_shows_recovery_codes(client):
    SecurityPolicy.objects.create(require_2fa=True)
    agent = factories.agent()
    password_step(client, agent)
    client.get(ENROL)
    with time_machine.travel(T0, tick=False):
        response = client.post(ENROL, {"code": totp.code_at(agent.totp_device.secret, T0)})
        assert logged_in_as(client) == str(agent.pk)
    assert response.status_code == 200
    assert len(response.context["codes"]) == 10
    assert agent.recovery_codes.count() == 10


def test_enrolment_with_a_wrong_code_does_not_log_in(client):
    SecurityPolicy.objects.create(require_2fa=True)
    agent = factories.agent()
    password_step(client, agent)
    client.get(ENROL)
    response = client.post(ENROL, {"code": "000000"})
    assert response.status_code == 200
    assert logged_in_as(client) is None


@override_settings(GUICHET_REQUIRE_2FA=True)
def test_environment_variable_forces_2fa_without_a_saved_policy(client):
    agent = factories.agent()
    assert password_step(client, agent).url == ENROL


def test_required_2fa_does_not_apply_to_customers(client):
    SecurityPolicy.objects.create(require_2fa=True)
    customer = factories.customer(factories.brand())
    assert password_step(client, customer).url == "/"


def test_enrolled_agent_cannot_enrol_again_to_skip_the_code(client, agent_with_totp, later):
    agent, _secret, _codes = agent_with_totp
    password_step(client, agent)
    response = client.get(ENROL)
    assert response.status_code == 302
    assert logged_in_as(client) is None


def test_django_admin_login_goes_through_our_two_steps(client):
    response = client.get("/django-admin/login/?next=/django-admin/")
    assert response.status_code == 302
    assert response.url.startswith(LOGIN)
