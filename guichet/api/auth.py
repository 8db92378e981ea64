"""API authentication (bearer tokens, sessions) and scope checks. See docs/api.md.

A request signed in with a session (the browsable docs, the web UI) holds every scope; what
the person may really do is still decided by their role in the actions.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.permissions import BasePermission

from guichet.api import tokens
from guichet.api.models import ApiToken

LAST_USED_RESOLUTION = dt.timedelta(minutes=1)
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


def find_token(raw: str) -> ApiToken | None:
    prefix = tokens.prefix_of(raw)
    if prefix is None:
        return None
    token = (
        ApiToken.objects.select_related("user__agent", "user__contact")
        .filter(prefix=prefix)
        .first()
    )
    if token is None or not tokens.matches(raw, token.token_hash):
        return None
    return token


def touch(token: ApiToken, now: dt.datetime) -> None:
    """Record use at most once a minute, so that reads do not all become writes."""
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now


class ApiTokenAuthentication(BaseAuthentication):
    """`Authorization: Bearer <token>` (or `Token <token>`)."""

    def authenticate(self, request: Any) -> tuple[Any, ApiToken] | None:
        header = get_authorization_header(request).decode("latin-1")
        if not header:
            return None
        raw = tokens.from_header(header)
        if raw is None:
            if header.split(" ", 1)[0].lower() in ("bearer", "token"):
                raise exceptions.AuthenticationFailed(_("Malformed Authorization header."))
            return None
        token = find_token(raw)
        now = timezone.now()
        if token is None or not token.is_usable(now) or not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("Invalid, expired or revoked token."))
        touch(token, now)
        return token.user, token

    def authenticate_header(self, request: Any) -> str:
        return 'Bearer realm="api"'


def token_scopes(request: Any) -> set[str] | None:
    """The scopes of the token used, or None for a session (every scope)."""
    auth = getattr(request, "auth", None)
    return set(auth.scopes) if isinstance(auth, ApiToken) else None


def required_scope(request: Any, view: Any) -> str:
    if request.method in SAFE_METHODS:
        return "read"
    return "admin" if getattr(view, "admin_writes", False) else "write"


class HasTokenScope(BasePermission):
    """Signed in, and the token holds the scope the method needs: GET read, writes write,
    writes on admin resources (view.admin_writes) admin. Roles are checked by the actions."""

    message: Any = _("This token lacks the scope needed.")

    def has_permission(self, request: Any, view: Any) -> bool:
        if not (request.user and request.user.is_authenticated):
            raise exceptions.NotAuthenticated()
        scopes = token_scopes(request)
        needed = required_scope(request, view)
        if scopes is not None and needed not in scopes:
            self.message = _("This token lacks the %(scope)s scope.") % {"scope": needed}
            return False
        return True
