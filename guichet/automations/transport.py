"""HTTP POST to a checked address (no second DNS lookup, no redirects). See netguard.py."""

from __future__ import annotations

import http.client
import socket
import ssl
from dataclasses import dataclass

from guichet.automations.netguard import AddressRefused, check_url, resolve_public

TIMEOUT_SECONDS = 10
MAX_RESPONSE_BYTES = 64 * 1024


@dataclass(frozen=True)
class Response:
    status: int
    body: str


def _connect(host: str, port: int, timeout: float, allow_private: bool | None) -> socket.socket:
    """Resolve, check every address, connect to the first that answers (by IP)."""
    last_error: OSError | None = None
    for address in resolve_public(host, port, allow_private):
        try:
            return socket.create_connection((address, port), timeout=timeout)
        except OSError as error:
            last_error = error
    raise ConnectionError(f"cannot connect to {host}:{port}: {last_error}")


class _CheckedHTTPConnection(http.client.HTTPConnection):
    allow_private: bool | None = None

    def connect(self) -> None:
        self.sock = _connect(
            self.host, self.port, self.timeout or TIMEOUT_SECONDS, self.allow_private
        )


class _CheckedHTTPSConnection(http.client.HTTPSConnection):
    allow_private: bool | None = None

    def connect(self) -> None:
        raw = _connect(self.host, self.port, self.timeout or TIMEOUT_SECONDS, self.allow_private)
        context = ssl.create_default_context()
        self.sock = context.wrap_socket(raw, server_hostname=self.host)


def post(
    url: str,
    body: bytes,
    headers: dict[str, str],
    *,
    timeout: float = TIMEOUT_SECONDS,
    allow_private: bool | None = None,
) -> Response:
    """POST `body` to `url`; raises AddressRefused, ConnectionError or OSError."""
    try:
        parts = check_url(url, allow_private)
    except ValueError as error:
        raise AddressRefused(str(error)) from None
    secure = parts.scheme == "https"
    port = parts.port or (443 if secure else 80)
    connection_class = _CheckedHTTPSConnection if secure else _CheckedHTTPConnection
    connection = connection_class(parts.hostname or "", port, timeout=timeout)
    connection.allow_private = allow_private
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    try:
        connection.request("POST", path, body=body, headers=headers)
        response = connection.getresponse()
        text = response.read(MAX_RESPONSE_BYTES).decode("utf-8", errors="replace")
        return Response(response.status, text)
    finally:
        connection.close()
