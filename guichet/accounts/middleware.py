"""Applying the signed-in user's language, read from the session (no query per request).

Sits right after django.middleware.locale.LocaleMiddleware, which it overrides when the
session holds a choice; without one, LocaleMiddleware's cookie/Accept-Language rules apply.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation

from guichet.accounts.login_flow import LANGUAGE_KEY


class UserLanguageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.languages = dict(settings.LANGUAGES)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = getattr(request, "session", None)
        language = session.get(LANGUAGE_KEY) if session is not None else None
        if language in self.languages:
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)
