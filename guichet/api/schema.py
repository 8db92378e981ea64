"""OpenAPI generation: every operation documents the one error format. See docs/api.md."""

from __future__ import annotations

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse

from guichet.api.serializers.common import ErrorSerializer

ERRORS = {
    "400": "Invalid input (fields lists each problem).",
    "401": "No valid token or session.",
    "403": "The token lacks the scope, or the role the permission.",
    "404": "No such object, or not one you may see.",
    "429": "Too many requests; see the Retry-After header.",
}
WRITE_ERRORS = {
    "409": "The ticket's state forbids this (closed, merged, invalid transition).",
    "415": "Unsupported content type.",
}


class GuichetAutoSchema(AutoSchema):
    def _get_response_bodies(self, direction: Any = "response") -> dict[str, Any]:
        responses = super()._get_response_bodies(direction)
        errors = dict(ERRORS)
        if self.method not in ("GET", "HEAD"):
            errors.update(WRITE_ERRORS)
        for code, description in errors.items():
            if code not in responses:
                response = OpenApiResponse(ErrorSerializer, description=description)
                responses[code] = self._get_response_for_code(response, code)
        return responses


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "guichet.api.auth.ApiTokenAuthentication"
    name = "apiToken"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "An API token: `Authorization: Bearer gch_...` (see docs/api.md).",
        }


MACRO_KINDS = [("reply", "Public reply"), ("note", "Internal note")]
