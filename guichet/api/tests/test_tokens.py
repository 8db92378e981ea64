"""API tokens: how they are made, stored, read from headers, limited by scopes and revoked."""

from __future__ import annotations

import datetime as dt
import hashlib
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone
from rest_framework.test import APIClient

from guichet.api import tokens
from guichet.api.models import ApiToken
from guichet.api.token_actions import do_create_api_token, do_revoke_api_token
from guichet.core.errors import ActionError, NotAllowed
from guichet.core.tests import factories

pytestmark = pytest.mark.django_db


def bearer(raw: str, scheme: str = "Bearer") -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"{scheme} {raw}")
    return client


def test_prefix_is_read_from_a_well_formed_token_only():
    raw, prefix = tokens.new_token()
    assert tokens.prefix_of(raw) == prefix
    assert tokens.prefix_of("gch_short") is None
    assert tokens.prefix_of("xyz_12345678_secret") is None


def test_authorization_header_accepts_bearer_and_token_schemes():
    assert tokens.from_header("Bearer abc") == "abc"
    assert tokens.from_header("Token abc") == "abc"
    assert tokens.from_header("Basic abc") is None
    assert tokens.from_header("Bearer") is None


def test_only_a_hash_of_the_token_is_stored(agent):
    token, raw = do_create_api_token(agent, name="CI", scopes=["read"])
    stored = ApiToken.objects.values().get(pk=token.pk)
    assert raw not in {str(value) for value in stored.values()}
    assert stored["token_hash"] == hashlib.sha256(raw.encode()).hexdigest()
    assert raw.startswith(f"gch_{stored['prefix']}_")


def test_bearer_token_signs_requests_in(agent):
    _, raw = do_create_api_token(agent, name="CI", scopes=["read"])
    assert bearer(raw).get("/api/v1/tickets").status_code == 200


def test_token_scheme_is_accepted_too(agent):
    _, raw = do_create_api_token(agent, name="CI", scopes=["read"])
    assert bearer(raw, "Token").get("/api/v1/tickets").status_code == 200


def test_request_without_credentials_gets_401_with_challenge(db):
    response = APIClient().get("/api/v1/tickets")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert response.json()["error"]["code"] == "not_authenticated"


def test_unknown_token_gets_401(agent):
    response = bearer("gch_00000000_not-a-real-secret").get("/api/v1/tickets")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "authentication_failed"


def test_token_with_right_prefix_but_wrong_secret_gets_401(agent):
    token, raw = do_create_api_token(agent, name="CI", scopes=["read"])
    forged = f"gch_{token.prefix}_{'x' * 43}"
    assert bearer(forged).get("/api/v1/tickets").status_code == 401


def test_revoked_token_gets_401(agent):
    token, raw = do_create_api_token(agent, name="CI", scopes=["read"])
    do_revoke_api_token(agent, token)
    assert bearer(raw).get("/api/v1/tickets").status_code == 401


def test_expired_token_gets_401(agent):
    token, raw = do_create_api_token(agent, name="CI", scopes=["read"])
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - dt.timedelta(1))
    assert bearer(raw).get("/api/v1/tickets").status_code == 401


def test_token_of_disabled_user_gets_401(agent):
    _, raw = do_create_api_token(agent, name="CI", scopes=["read"])
    agent.is_active = False
    agent.save()
    assert bearer(raw).get("/api/v1/tickets").status_code == 401


def test_use_of_a_token_is_recorded(agent):
    token, raw = do_create_api_token(agent, name="CI", scopes=["read"])
    bearer(raw).get("/api/v1/tickets")
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_read_scope_cannot_write(api, brand, agent):
    response = api(agent, ("read",)).post(
        "/api/v1/tickets", {"brand": brand.pk, "subject": "x"}, format="json"
    )
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "forbidden"
    assert "write" in response.json()["error"]["message"]


def test_write_scope_cannot_change_admin_resources(api, brand, admin):
    response = api(admin, ("read", "write")).patch(
        f"/api/v1/brands/{brand.pk}", {"name": "New"}, format="json"
    )
    assert response.status_code == 403


def test_admin_scope_with_admin_role_changes_a_brand(api, brand, admin):
    response = api(admin, ("read", "admin")).patch(
        f"/api/v1/brands/{brand.pk}", {"name": "New name"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["name"] == "New name"


def test_admin_scope_still_needs_the_role_permission(api, brand):
    supervisor = factories.agent("supervisor")  # manages teams, not brands
    response = api(supervisor, ("read", "admin")).patch(
        f"/api/v1/brands/{brand.pk}", {"name": "New"}, format="json"
    )
    assert response.status_code == 403
    assert "brand.manage" in response.json()["error"]["message"]


def test_plain_agents_and_customers_cannot_hold_the_admin_scope(agent, customer_a):
    for user in (agent, customer_a):
        with pytest.raises(ActionError):
            do_create_api_token(user, name="x", scopes=["admin"])


def test_customers_may_hold_read_and_write_tokens(customer_a):
    token, _ = do_create_api_token(customer_a, name="x", scopes=["write", "read"])
    assert token.scopes == ["read", "write"]


def test_only_admins_create_tokens_for_someone_else(agent, admin, customer_a):
    with pytest.raises(NotAllowed):
        do_create_api_token(agent, owner=customer_a, name="x", scopes=["read"])
    token, _ = do_create_api_token(admin, owner=customer_a, name="x", scopes=["read"])
    assert token.user == customer_a


def test_token_endpoint_shows_the_secret_once(api, agent):
    client = api(agent)
    created = client.post("/api/v1/tokens", {"name": "n8n", "scopes": ["read"]}, format="json")
    assert created.status_code == 201
    raw = created.json()["token"]
    assert bearer(raw).get("/api/v1/tickets").status_code == 200
    listed = client.get(f"/api/v1/tokens/{created.json()['id']}").json()
    assert "token" not in listed


def test_a_token_cannot_create_a_token_with_more_scopes(api, admin):
    response = api(admin, ("read", "write")).post(
        "/api/v1/tokens", {"name": "x", "scopes": ["read", "admin"]}, format="json"
    )
    assert response.status_code == 403


def test_revoking_through_the_api_disables_the_token(api, agent):
    token, raw = do_create_api_token(agent, name="old", scopes=["read"])
    assert api(agent).delete(f"/api/v1/tokens/{token.pk}").status_code == 204
    assert bearer(raw).get("/api/v1/tickets").status_code == 401


def test_people_cannot_see_or_revoke_the_tokens_of_others(api, agent, customer_a):
    token, _ = do_create_api_token(customer_a, name="mine", scopes=["read"])
    assert api(agent).delete(f"/api/v1/tokens/{token.pk}").status_code == 404


def test_management_command_prints_a_working_token(agent):
    out = StringIO()
    call_command(
        "create_api_token", agent.username, "--scopes", "read,write", "--days", "30", stdout=out,
        stderr=StringIO(),
    )  # fmt: skip
    raw = out.getvalue().strip()
    assert bearer(raw).get("/api/v1/tickets").status_code == 200
    assert ApiToken.objects.get(user=agent).expires_at is not None


def test_session_sign_in_works_and_writes_need_the_csrf_token(brand, agent):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(agent)
    assert client.get("/api/v1/tickets").status_code == 200
    response = client.post("/api/v1/tokens", {"name": "x", "scopes": ["read"]}, format="json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["error"]["message"]
