"""The sign-in steps kept in the session: password done -> second factor -> logged in.

Until the second step passes, the session only holds a "pending" marker: the user is NOT
logged in (request.user stays anonymous), so nothing else is reachable. See docs/accounts.md.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import authenticate, get_user_model, login
from django.http import HttpRequest
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from guichet.accounts import throttle
from guichet.accounts.actions import login_key, saved_language
from guichet.accounts.sessions import MFA_KEY
from guichet.core.errors import ActionError

PENDING_KEY = "accounts.pending"
LANGUAGE_KEY = "accounts.language"
PENDING_MAX_AGE = 300  # seconds between the password and the code
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def safe_next(request: HttpRequest, candidate: str | None, default: str) -> str:
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default


def check_password_step(request: HttpRequest, username: str, password: str) -> Any:
    key = login_key(username)
    throttle.check_not_locked(key)
    user = authenticate(request, username=username, password=password)
    if user is None:
        throttle.record_failure(key)
        raise ActionError(_("Identifiant ou mot de passe incorrect."), code="invalid")
    return user


def start_pending(request: HttpRequest, user: Any, next_url: str) -> None:
    request.session.cycle_key()
    request.session[PENDING_KEY] = {
        "uid": user.pk,
        "backend": getattr(user, "backend", MODEL_BACKEND),
        "since": int(timezone.now().timestamp()),
        "next": next_url,
    }


def pending(request: HttpRequest) -> dict[str, Any] | None:
    data = request.session.get(PENDING_KEY)
    if not isinstance(data, dict):
        return None
    if timezone.now().timestamp() - data.get("since", 0) > PENDING_MAX_AGE:
        request.session.pop(PENDING_KEY, None)
        return None
    return data


def pending_user(request: HttpRequest) -> Any:
    data = pending(request)
    if data is None:
        return None
    return get_user_model().objects.filter(pk=data["uid"], is_active=True).first()


def finish_login(
    request: HttpRequest, user: Any, *, method: str, backend: str | None = None
) -> str:
    """Log the user in for real; returns where to go next."""
    data = request.session.pop(PENDING_KEY, None) or {}
    login(request, user, backend=backend or data.get("backend") or MODEL_BACKEND)
    request.session[MFA_KEY] = method
    remember_language(request, saved_language(user))
    throttle.clear(login_key(user.get_username()))
    return str(data.get("next") or settings.LOGIN_REDIRECT_URL)


def remember_language(request: HttpRequest, language: str | None) -> None:
    if language in dict(settings.LANGUAGES):
        request.session[LANGUAGE_KEY] = language
