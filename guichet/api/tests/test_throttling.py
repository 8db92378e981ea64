"""Rate limits per token: a 429 in the error format with a Retry-After header."""

from __future__ import annotations

import pytest
from django.conf import settings as django_settings

from guichet.api.throttling import window_start


@pytest.fixture
def three_per_minute(settings):
    settings.REST_FRAMEWORK = {
        **django_settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"token": "3/min"},
    }


def test_window_starts_on_a_multiple_of_its_duration():
    assert window_start(125.5, 60) == 120
    assert window_start(59.9, 60) == 0


def test_request_over_the_limit_gets_429_with_retry_after(api, agent, three_per_minute):
    client = api(agent)
    statuses = [client.get("/api/v1/tickets").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = client.get("/api/v1/tickets")
    assert response.json()["error"]["code"] == "throttled"
    assert 1 <= int(response["Retry-After"]) <= 60


def test_each_token_has_its_own_allowance(api, agent, three_per_minute):
    first, second = api(agent), api(agent)
    for _ in range(3):
        first.get("/api/v1/tickets")
    assert first.get("/api/v1/tickets").status_code == 429
    assert second.get("/api/v1/tickets").status_code == 200
