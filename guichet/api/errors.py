"""One error format for the whole API. See docs/api.md.

    {"error": {"code": "not_found", "message": "...", "fields": {"subject": ["..."]}}}

Every failure (validation, ActionError, NotAllowed, 401, 404, 405, 429 and even unexpected
server errors) goes through `exception_handler`, or `not_found` for URLs that match no route.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import ObjectDoesNotExist, SuspiciousOperation
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, JsonResponse
from django.utils.encoding import force_str
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import set_rollback

from guichet.core.errors import ActionError

logger = logging.getLogger("guichet.api")

CONFLICT_CODES = {"invalid_transition", "merged", "closed"}
DRF_CODES = {
    exceptions.ValidationError: "invalid",
    exceptions.ParseError: "parse_error",
    exceptions.NotAuthenticated: "not_authenticated",
    exceptions.AuthenticationFailed: "authentication_failed",
    exceptions.PermissionDenied: "forbidden",
    exceptions.NotFound: "not_found",
    exceptions.MethodNotAllowed: "method_not_allowed",
    exceptions.NotAcceptable: "not_acceptable",
    exceptions.UnsupportedMediaType: "unsupported_media_type",
    exceptions.Throttled: "throttled",
}


def error_body(code: str, message: str, fields: dict[str, list[str]] | None = None) -> dict:
    return {"error": {"code": code, "message": message, "fields": fields or {}}}


def flatten(detail: Any, path: str = "") -> dict[str, list[str]]:
    """DRF's nested error detail as {"field.sub": ["message", ...]}."""
    if isinstance(detail, dict):
        result: dict[str, list[str]] = {}
        for key, value in detail.items():
            result.update(flatten(value, f"{path}.{key}" if path else str(key)))
        return result
    if isinstance(detail, list) and any(isinstance(item, dict | list) for item in detail):
        result = {}
        for index, value in enumerate(detail):
            result.update(flatten(value, f"{path}.{index}" if path else str(index)))
        return result
    items = detail if isinstance(detail, list) else [detail]
    return {path or "non_field_errors": [force_str(item) for item in items]}


def validation_message(fields: dict[str, list[str]]) -> str:
    general = fields.pop("non_field_errors", None)
    if general:
        return " ".join(general)
    return _("Certains champs sont invalides.")


def api_exception_body(exc: exceptions.APIException) -> dict:
    code = next((c for cls, c in DRF_CODES.items() if isinstance(exc, cls)), None)
    if isinstance(exc, exceptions.ValidationError):
        fields = flatten(exc.detail)
        return error_body("invalid", validation_message(fields), fields)
    return error_body(code or str(exc.default_code), force_str(exc.detail))


def action_error_response(exc: ActionError) -> Response:
    fields = {exc.field: [exc.message]} if exc.field else {}
    http_status = 409 if exc.code in CONFLICT_CODES else 400
    return Response(error_body(exc.code, exc.message, fields), status=http_status)


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response:
    set_rollback()
    if isinstance(exc, ActionError):
        return action_error_response(exc)
    if isinstance(exc, DjangoPermissionDenied):
        message = getattr(exc, "message", None) or _("Vous n'avez pas le droit de faire cela.")
        return Response(error_body("forbidden", force_str(message)), status=403)
    if isinstance(exc, Http404 | ObjectDoesNotExist):
        return Response(error_body("not_found", _("Introuvable.")), status=404)
    if isinstance(exc, DjangoValidationError):
        fields = flatten(exc.message_dict if hasattr(exc, "error_dict") else exc.messages)
        return Response(error_body("invalid", validation_message(fields), fields), status=400)
    if isinstance(exc, SuspiciousOperation):
        return Response(error_body("bad_request", _("Requête invalide.")), status=400)
    if isinstance(exc, exceptions.APIException):
        headers = {}
        if getattr(exc, "auth_header", None):
            headers["WWW-Authenticate"] = exc.auth_header  # type: ignore[attr-defined]
        if getattr(exc, "wait", None) is not None:
            headers["Retry-After"] = str(max(1, int(exc.wait + 0.999)))  # type: ignore[attr-defined]
        return Response(api_exception_body(exc), status=exc.status_code, headers=headers)
    logger.exception("Unexpected API error", exc_info=exc)
    return Response(
        error_body("server_error", _("Une erreur s'est produite de notre côté.")),
        status=status.HTTP_500_INTERNAL_SERVER_ERROR,
    )


@csrf_exempt
def not_found(request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
    """Any /api/v1/ URL that matches no route."""
    return JsonResponse(
        error_body("not_found", _("Ce point d'accès de l'API n'existe pas.")), status=404
    )
