"""Per-token rate limiting with fixed windows kept in the shared cache. See docs/api.md.

One counter per token (or per user for sessions, per address when anonymous) and per window:
two cache reads/writes a request whatever the rate, unlike DRF's sliding history that
rewrites a list of every request time. Over the limit the API answers 429 with Retry-After.
The cache must be shared by every worker (the database cache by default).
"""

from __future__ import annotations

import time
from typing import Any

from django.core.cache import cache
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from guichet.api.models import ApiToken


def window_start(now: float, duration: int) -> int:
    return int(now // duration) * duration


class TokenRateThrottle(SimpleRateThrottle):
    scope = "token"
    num_requests: int
    duration: int

    def get_rate(self) -> str | None:
        # Read at request time (not import time) so that settings overrides apply.
        rate = api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)
        return None if rate is None else str(rate)

    def get_cache_key(self, request: Any, view: Any) -> str:
        if isinstance(request.auth, ApiToken):
            ident = f"t{request.auth.pk}"
        elif request.user and request.user.is_authenticated:
            ident = f"u{request.user.pk}"
        else:
            ident = f"a{self.get_ident(request)}"
        return f"throttle:{ident}"

    def allow_request(self, request: Any, view: Any) -> bool:
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)
        self.now = time.time()
        start = window_start(self.now, self.duration)
        self.window_end = start + self.duration
        key = f"{self.key}:{start}"
        count = cache.get(key, 0) + 1
        if count > self.num_requests:
            return False
        cache.set(key, count, timeout=int(self.window_end - self.now) + 1)
        return True

    def wait(self) -> float:
        return max(1.0, self.window_end - self.now)
