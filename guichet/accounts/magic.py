"""Magic sign-in links for portal customers: one-time, 15 minutes, signed. See docs/accounts.md.

1. A request stores a MagicLink (contact, random nonce, expiry) when the address is known,
   and queues the email; the answer is the same whether or not the address is known.
2. The URL carries "<id>:<nonce>" signed with SECRET_KEY (TimestampSigner): a leaked
   database alone cannot forge links.
3. Using it claims the row with a conditional UPDATE (used_at IS NULL): single use even
   under concurrent clicks; the customer gets a portal account on first use.
"""

from __future__ import annotations

import datetime as dt
import hmac
import secrets
from typing import Any

from django.core import signing
from django.db import transaction
from django.utils import timezone

from guichet.accounts import throttle
from guichet.accounts.customers import (
    clean_email,
    ensure_portal_user,
    find_contact,
    live_contact,
    may_use_portal,
)
from guichet.accounts.models import MagicLink
from guichet.brands.models import Brand
from guichet.jobs.enqueue import on_commit

SALT = "guichet.accounts.magic-link"
LIFETIME = dt.timedelta(minutes=15)


def token_for(link: MagicLink) -> str:
    return signing.TimestampSigner(salt=SALT).sign(f"{link.pk}:{link.nonce}")


def request_key(brand: Brand, email: str) -> str:
    return f"magic:{brand.pk}:{email}"


def do_request_magic_link(
    brand: Brand, email: str, *, url_template: str, at: dt.datetime | None = None
) -> MagicLink | None:
    """Queue a link to `email` if it is a customer of `brand`. Callers must not tell the
    visitor whether it was: the return value is for tests.

    `url_template` contains "{token}" where the signed token goes.
    """
    from guichet.accounts.tasks import send_magic_link

    now = at or timezone.now()
    address = clean_email(email)
    if address is None:
        return None
    key = request_key(brand, address)
    if throttle.locked_until(key, now) is not None:
        return None
    throttle.record_failure(key, now)  # counts requests: a mailbox is not flooded
    contact = find_contact(brand, address)
    if contact is None or not may_use_portal(contact):
        return None
    link = MagicLink.objects.create(
        brand=brand,
        contact=contact,
        email=address,
        nonce=secrets.token_urlsafe(24),
        expires_at=now + LIFETIME,
    )
    on_commit(send_magic_link, link.pk, url_template)
    return link


def _link_from_token(token: str, brand: Brand) -> MagicLink | None:
    try:
        value = signing.TimestampSigner(salt=SALT).unsign(token, max_age=LIFETIME)
    except signing.BadSignature:  # also SignatureExpired
        return None
    link_id, _sep, nonce = value.partition(":")
    if not link_id.isdigit():
        return None
    link = MagicLink.objects.filter(pk=int(link_id), brand=brand).first()
    if link is None or not hmac.compare_digest(link.nonce, nonce):
        return None
    return link


def check_magic_link(token: str, brand: Brand, at: dt.datetime | None = None) -> MagicLink | None:
    """The link if it can still be used (for the confirmation page; does not use it)."""
    now = at or timezone.now()
    link = _link_from_token(token, brand)
    if link is None or link.used_at is not None or link.expires_at <= now:
        return None
    return link


@transaction.atomic
def do_use_magic_link(token: str, brand: Brand, at: dt.datetime | None = None) -> Any:
    """The customer's user when the link is valid and unused (it is used up), else None."""
    now = at or timezone.now()
    link = check_magic_link(token, brand, now)
    if link is None:
        return None
    claimed = MagicLink.objects.filter(pk=link.pk, used_at__isnull=True).update(used_at=now)
    contact = live_contact(link.contact)
    if not claimed or contact is None or not may_use_portal(contact):
        return None
    return ensure_portal_user(contact, link.email)
