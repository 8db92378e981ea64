"""The OpenAPI document and the browsable docs: public, and without any CDN."""

from __future__ import annotations

import re

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_openapi_document_is_readable_without_signing_in():
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.json()
    assert document["openapi"].startswith("3.")
    assert "/api/v1/tickets" in document["paths"]
    assert document["components"]["securitySchemes"]["apiToken"]["scheme"] == "bearer"


def test_every_operation_documents_the_error_format():
    document = Client().get("/api/v1/openapi.json").json()
    for path, item in document["paths"].items():
        for method, operation in item.items():
            error = operation["responses"]["404"]["content"]["application/json"]["schema"]
            assert error == {"$ref": "#/components/schemas/Error"}, (method, path)


@pytest.mark.parametrize("page", ["/api/v1/docs", "/api/v1/redoc"])
def test_docs_pages_load_their_assets_from_this_server(page):
    response = Client().get(page)
    assert response.status_code == 200
    html = response.content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources, html
    assert all(not s.startswith(("http:", "https:", "//")) for s in sources), sources
    # No CDN host anywhere (a bare "cdn" can appear inside a random token).
    assert not re.search(r"(?:https?:)?//[^\s\"']*cdn", html.lower())
    assert any("drf_spectacular_sidecar" in s for s in sources)
