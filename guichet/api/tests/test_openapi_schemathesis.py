"""Property-based checks of the whole API against its own OpenAPI document (schemathesis).

The app runs in-process (WSGI) inside the test's transaction; an N1 agent with a read+write
token calls every operation with generated input. No answer may be a server error, and
every answer must match the document (status code, content type, body).
"""

from __future__ import annotations

import copy
import functools
import os
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from guichet.api.token_actions import do_create_api_token
from guichet.core.tests import factories
from guichet.wsgi import application

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
# Few examples per operation keep the suite fast; GUICHET_FUZZ_EXAMPLES=200 digs deeper.
EXAMPLES = int(os.environ.get("GUICHET_FUZZ_EXAMPLES", "6"))
# Revoking tokens at random would revoke the one the test signs with.
SKIPPED = {("DELETE", "/api/v1/tokens/{id}")}
METHODS = {"get", "post", "patch", "delete"}


@functools.cache
def document() -> dict[str, Any]:
    """The OpenAPI document, generated once per test process (it takes a second or two)."""
    return SchemaGenerator().get_schema(request=None, public=True)


def operations() -> list[tuple[str, str]]:
    found = [
        (method.upper(), path)
        for path, item in document()["paths"].items()
        for method in item
        if method in METHODS
    ]
    return [operation for operation in found if operation not in SKIPPED]


@pytest.fixture
def in_process(db: Any) -> Iterator[None]:
    # Like Django's test client: keep the test's connection (and its transaction) open
    # across in-process WSGI requests instead of closing it at the end of each one.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def api_schema(in_process: None) -> Any:
    """The document as generated for this process, calling the WSGI app in-process."""
    schema = schemathesis.openapi.from_dict(copy.deepcopy(document()))
    schema.app = application
    return schema


@pytest.fixture
def agent_token(db: Any) -> str:
    """An N1 agent's read+write token, and a little of everything for ids to point at."""
    brand = factories.brand()
    factories.category(brand)
    factories.team(2, brand)
    org = factories.organisation(brand)
    agent = factories.agent("agent", tier=1)
    for _ in range(3):
        factories.ticket(brand, factories.contact(brand, org))
    do_create_api_token(None, owner=agent, name="spare", scopes=["read"])
    _, raw = do_create_api_token(None, owner=agent, name="fuzz", scopes=["read", "write"])
    return raw


def test_served_openapi_document_is_valid(in_process: None) -> None:
    served = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
    served.validate()
    assert served.raw_schema["paths"].keys() == document()["paths"].keys()


@pytest.mark.parametrize(("method", "path"), operations())
def test_operation_conforms_to_the_document(
    api_schema: Any, agent_token: str, method: str, path: str
) -> None:
    operation = api_schema[path][method]
    headers = {"Authorization": f"Bearer {agent_token}"}

    @given(case=operation.as_strategy())
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def call(case: Any) -> None:
        case.call_and_validate(headers=headers, checks=CHECKS)

    call()
