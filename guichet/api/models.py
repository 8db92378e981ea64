"""API tokens: only a hash is stored; the prefix finds the row. See docs/api.md."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models


class ApiToken(models.Model):
    """A personal access token of one user, limited to some scopes (read, write, admin)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=120)
    prefix = models.CharField(max_length=12, unique=True, help_text="Public part, for lookup")
    token_hash = models.CharField(max_length=64, help_text="SHA-256 of the whole token")
    scopes = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix})"

    def is_usable(self, now: dt.datetime) -> bool:
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)
