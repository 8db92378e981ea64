"""OAuth2 access tokens for IMAP XOAUTH2, kept fresh with the refresh-token grant
(RFC 6749 section 6). See docs/email.md#imap.

A mailbox with a token endpoint (`imap_oauth2_token_url`) gets its access tokens here: the
refresh token and the client secret come from the environment variables the mailbox names
(never stored in the database). An access token is kept in this process until shortly before
it expires; imap.authenticate asks for a new one when it has expired, and once more when the
server refuses it. A refresh token the provider rotates is kept in this process too.
"""

from __future__ import annotations

import ipaddress
import json
import os
import ssl
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

from .models import Mailbox

TIMEOUT = 30.0
MARGIN = 60.0  # seconds: a token this close to its expiry is refreshed before use
DEFAULT_LIFETIME = 3600.0  # when the provider does not say (expires_in)
_LOOPBACK_NAMES = {"localhost"}


class TokenError(Exception):
    """The token endpoint is set up wrongly or refused; the message says why (no secrets)."""


@dataclass(frozen=True)
class AccessToken:
    value: str
    expires_at: float  # time.monotonic()

    def fresh(self) -> bool:
        return time.monotonic() < self.expires_at - MARGIN


_lock = threading.Lock()
_tokens: dict[tuple[object, ...], AccessToken] = {}
_rotated: dict[tuple[object, ...], str] = {}  # refresh tokens the provider replaced


def _key(mailbox: Mailbox) -> tuple[object, ...]:
    """What a token belongs to: the mailbox and its whole OAuth2 set-up (a change = new token)."""
    return (
        mailbox.pk,
        mailbox.imap_username or mailbox.address,
        mailbox.imap_oauth2_token_url,
        mailbox.imap_oauth2_client_id,
        mailbox.imap_oauth2_refresh_token_env,
        mailbox.imap_oauth2_scope,
    )


def access_token(mailbox: Mailbox, *, refresh: bool = False) -> tuple[str, bool]:
    """(an access token, whether it was just fetched): the kept one while fresh, else new."""
    key = _key(mailbox)
    with _lock:
        kept = _tokens.get(key)
    if kept is not None and kept.fresh() and not refresh:
        return kept.value, False
    token = fetch(mailbox)
    with _lock:
        _tokens[key] = token
    return token.value, True


def forget(mailbox: Mailbox) -> None:
    with _lock:
        _tokens.pop(_key(mailbox), None)


def clear() -> None:
    """Forget every kept token (tests)."""
    with _lock:
        _tokens.clear()
        _rotated.clear()


def fetch(mailbox: Mailbox) -> AccessToken:
    """A new access token from the mailbox's token endpoint (refresh-token grant)."""
    url = check_endpoint(mailbox.imap_oauth2_token_url)
    key = _key(mailbox)
    with _lock:
        refresh_token = _rotated.get(key)
    form = {
        "grant_type": "refresh_token",
        "refresh_token": refresh_token or _secret(mailbox.imap_oauth2_refresh_token_env),
    }
    if mailbox.imap_oauth2_client_id:
        form["client_id"] = mailbox.imap_oauth2_client_id
    if mailbox.imap_oauth2_client_secret_env:
        form["client_secret"] = _secret(mailbox.imap_oauth2_client_secret_env)
    if mailbox.imap_oauth2_scope:
        form["scope"] = mailbox.imap_oauth2_scope
    answer = _post(url, form)
    value = answer.get("access_token")
    if not isinstance(value, str) or not value:
        raise TokenError("token refresh failed: the answer has no access_token")
    rotated = answer.get("refresh_token")
    if isinstance(rotated, str) and rotated:
        with _lock:
            _rotated[key] = rotated
    lifetime = answer.get("expires_in", DEFAULT_LIFETIME)
    try:
        seconds = max(0.0, float(lifetime))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        seconds = DEFAULT_LIFETIME
    return AccessToken(value, time.monotonic() + seconds)


def check_endpoint(url: str) -> str:
    """HTTPS only (plain HTTP on loopback for tests and local proxies)."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme == "https" and parts.hostname:
        return url
    if parts.scheme == "http" and parts.hostname and _is_loopback(parts.hostname):
        return url
    raise TokenError(f"token endpoint must be an https:// URL, not {url!r}")


def _is_loopback(host: str) -> bool:
    if host.lower() in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _secret(name: str) -> str:
    value = os.environ.get(name, "") if name else ""
    if not value:
        raise TokenError(f"environment variable {name or '(none)'} is not set")
    return value


def _post(url: str, form: dict[str, str]) -> dict[str, object]:
    request = urllib.request.Request(  # noqa: S310 (the scheme is checked: https, or http on loopback)
        url,
        data=urllib.parse.urlencode(form).encode("ascii"),
        headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"},
        method="POST",
    )
    context = ssl.create_default_context(cafile=os.environ.get("GUICHET_IMAP_CA_FILE") or None)
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT, context=context) as response:  # noqa: S310
            body = response.read(1_000_000)
    except urllib.error.HTTPError as error:
        raise TokenError(f"token refresh failed: HTTP {error.code} {_error_code(error)}") from None
    except (OSError, ValueError) as error:
        raise TokenError(f"token refresh failed: {type(error).__name__}: {error}") from None
    try:
        answer = json.loads(body)
    except ValueError:
        raise TokenError("token refresh failed: the answer is not JSON") from None
    if not isinstance(answer, dict):
        raise TokenError("token refresh failed: the answer is not a JSON object")
    return answer


def _error_code(error: urllib.error.HTTPError) -> str:
    """The OAuth2 `error` code of a refusal (e.g. invalid_grant), never the whole body."""
    try:
        code = json.loads(error.read(10_000)).get("error", "")
    except Exception:  # not JSON: the status says enough
        return ""
    return str(code)[:100]
