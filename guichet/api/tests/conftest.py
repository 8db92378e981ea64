"""Fixtures for the API tests: a brand with agents and customers, and token-signed clients."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from rest_framework.test import APIClient

from guichet.api.token_actions import do_create_api_token
from guichet.core.tests import factories


def client_for(user: Any, scopes: tuple[str, ...] = ("read", "write")) -> APIClient:
    _, raw = do_create_api_token(None, owner=user, name="test", scopes=scopes)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    return client


@pytest.fixture(autouse=True)
def fast_password_hashing(settings: Any) -> None:
    """Factories make users with passwords; the production hasher takes ~0.3 s each."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def api() -> Callable[..., APIClient]:
    """api(user, scopes=("read", "write")) -> a client signed with a fresh token."""
    return client_for


@pytest.fixture
def brand(db: Any) -> Any:
    return factories.brand(ticket_prefix="ACME")


@pytest.fixture
def agent(brand: Any) -> Any:
    return factories.agent("agent", tier=1)


@pytest.fixture
def admin(brand: Any) -> Any:
    return factories.agent("admin")


@pytest.fixture
def org_a(brand: Any) -> Any:
    return factories.organisation(brand, name="Org A")


@pytest.fixture
def org_b(brand: Any) -> Any:
    return factories.organisation(brand, name="Org B")


@pytest.fixture
def customer_a(brand: Any, org_a: Any) -> Any:
    return factories.customer(brand, org_a)


@pytest.fixture
def customer_b(brand: Any, org_b: Any) -> Any:
    return factories.customer(brand, org_b)
