import datetime as dt

import pytest
import time_machine
from django.contrib.sessions.models import Session

from guichet.accounts import totp
from guichet.accounts.actions import do_update_security_policy
from guichet.accounts.models import SecurityPolicy, TotpDevice
from guichet.accounts.tests.helpers import T0, enrol
from guichet.core.errors import NotAllowed
from guichet.core.tests import factories

pytestmark = pytest.mark.django_db


def test_signed_in_agent_can_enrol_from_the_security_page(client):
    agent = factories.agent()
    client.force_login(agent)
    assert client.get("/accounts/login/enrol/").status_code == 200
    with time_machine.travel(T0, tick=False):
        code = totp.code_at(agent.totp_device.secret, T0)
        response = client.post("/accounts/login/enrol/", {"code": code})
    assert response.status_code == 200
    assert TotpDevice.objects.get(user=agent).is_confirmed


def test_agent_can_disable_2fa_with_a_current_code_when_not_required(client):
    agent = factories.agent()
    secret, _codes = enrol(agent, T0)
    client.force_login(agent)
    with time_machine.travel(T0 + dt.timedelta(minutes=1), tick=False):
        code = totp.code_at(secret, T0 + dt.timedelta(minutes=1))
        client.post("/accounts/security/disable/", {"code": code})
    assert not TotpDevice.objects.filter(user=agent).exists()
    assert not agent.recovery_codes.exists()


def test_agent_cannot_disable_2fa_when_the_policy_requires_it(client):
    SecurityPolicy.objects.create(require_2fa=True)
    agent = factories.agent()
    secret, _codes = enrol(agent, T0)
    client.force_login(agent)
    with time_machine.travel(T0 + dt.timedelta(minutes=1), tick=False):
        client.post("/accounts/security/disable/", {"code": totp.code_at(secret, T0)})
    assert TotpDevice.objects.filter(user=agent).exists()


def test_regenerating_recovery_codes_invalidates_the_old_ones(client):
    agent = factories.agent()
    secret, old_codes = enrol(agent, T0)
    client.force_login(agent)
    with time_machine.travel(T0 + dt.timedelta(minutes=1), tick=False):
        code = totp.code_at(secret, T0 + dt.timedelta(minutes=1))
        response = client.post("/accounts/security/recovery-codes/", {"code": code})
    new_codes = response.context["codes"]
    assert set(new_codes).isdisjoint(old_codes)
    assert agent.recovery_codes.filter(used_at__isnull=True).count() == 10


def test_only_admins_change_the_security_policy():
    with pytest.raises(NotAllowed):
        do_update_security_policy(
            factories.agent("agent"), require_2fa=True, max_failures=5, lockout_minutes=15
        )


def test_admin_saves_the_policy_from_its_page(client):
    admin = factories.agent("admin")
    client.force_login(admin)
    data = {"require_2fa": "on", "max_failures": "4", "lockout_minutes": "10"}
    assert client.post("/accounts/security/policy/", data).status_code == 302
    policy = SecurityPolicy.objects.get()
    assert (policy.require_2fa, policy.max_failures, policy.lockout_minutes) == (True, 4, 10)


def test_policy_page_is_forbidden_to_plain_agents(client):
    client.force_login(factories.agent("agent"))
    assert client.get("/accounts/security/policy/").status_code == 403


def test_requiring_2fa_ends_open_agent_sessions_that_skipped_it(client, django_user_model):
    # Given an agent logged in by password only, and a customer session
    agent = factories.agent()
    client.force_login(agent)
    customer_client = client.__class__()
    customer_client.force_login(factories.customer(factories.brand()))
    admin = factories.agent("admin")
    # When an admin makes 2FA mandatory
    do_update_security_policy(admin, require_2fa=True, max_failures=5, lockout_minutes=15)
    # Then the agent's session is gone, the customer's stays
    assert client.get("/accounts/security/").status_code == 302
    assert customer_client.get("/accounts/security/").status_code == 200
    assert Session.objects.count() == 1
