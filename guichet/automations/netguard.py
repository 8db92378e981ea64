"""Outgoing requests may only reach public addresses (SSRF guard). See docs/automations.md.

Private (10/8, 172.16/12, 192.168/16, fc00::/7), loopback, link-local (169.254/16 with cloud
metadata, fe80::/10), shared (100.64/10), multicast, reserved and unspecified addresses are
refused, IPv4-mapped IPv6 included, unless settings.WEBHOOKS_ALLOW_PRIVATE_NETWORKS is on.

1. `check_url` refuses other schemes, credentials in the URL and literal refused addresses
   (used when an admin saves a webhook).
2. `resolve_public` resolves the host and checks **every** address; one refused address
   refuses the host (a name that resolves to a public and a private address is suspect).
3. The transport connects to an address returned by step 2, never resolving again, so a
   DNS answer that changes between the check and the connection (rebinding) cannot slip in.
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import SplitResult, urlsplit

from django.conf import settings
from django.utils.translation import gettext as _


class AddressRefused(Exception):
    """The destination is not a public address (and private ones are not allowed)."""


def private_allowed() -> bool:
    return bool(getattr(settings, "WEBHOOKS_ALLOW_PRIVATE_NETWORKS", False))


def is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def check_url(url: str, allow_private: bool | None = None) -> SplitResult:
    """The parsed URL, or ValueError: http(s) only, a host, no credentials, no refused literal
    address."""
    allow = private_allowed() if allow_private is None else allow_private
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(_("L'adresse doit commencer par https:// ou http:// et nommer un hôte."))
    if parts.username or parts.password:
        raise ValueError(_("L'adresse ne doit pas contenir d'identifiants."))
    try:
        parts.port  # noqa: B018 (raises on a bad port)
    except ValueError:
        raise ValueError(_("Port invalide.")) from None
    host = parts.hostname
    if not allow and (host == "localhost" or host.endswith(".localhost") or _refused_literal(host)):
        raise ValueError(_("Adresse privée, locale ou réservée refusée : %(h)s") % {"h": host})
    return parts


def _refused_literal(host: str) -> bool:
    try:
        return not is_public(host)
    except ValueError:
        return False  # a name, checked when resolved


def resolve_public(host: str, port: int, allow_private: bool | None = None) -> list[str]:
    """Every address of `host`; AddressRefused if any of them is not allowed."""
    allow = private_allowed() if allow_private is None else allow_private
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError as error:
        raise ConnectionError(f"cannot resolve {host}: {error}") from error
    addresses = list(dict.fromkeys(str(info[4][0]) for info in infos))
    if not addresses:
        raise ConnectionError(f"{host} has no address")
    refused = [a for a in addresses if not is_public(a)]
    if refused and not allow:
        raise AddressRefused(f"{host} resolves to a non-public address ({', '.join(refused)})")
    return addresses
