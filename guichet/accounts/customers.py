"""Finding a brand's customer by email and giving them a portal account. See docs/accounts.md."""

from __future__ import annotations

import secrets
from typing import Any

from django.contrib.auth import authenticate, get_user_model
from django.contrib.auth.hashers import make_password
from django.http import HttpRequest
from django.utils.translation import gettext as _

from guichet.accounts import throttle
from guichet.audit.actions import record_event
from guichet.brands.models import Brand
from guichet.core import access
from guichet.core.errors import ActionError
from guichet.people.identities import normalise_email
from guichet.people.models import Contact, ContactIdentity

MAX_MERGE_HOPS = 10


def clean_email(value: str) -> str | None:
    try:
        return normalise_email(value)
    except ActionError:
        return None


def live_contact(contact: Contact | None) -> Contact | None:
    """Follow merges to the contact that survives."""
    for _hop in range(MAX_MERGE_HOPS):
        if contact is None or contact.merged_into_id is None:
            return contact
        contact = contact.merged_into
    return None


def find_contact(brand: Brand, email: str) -> Contact | None:
    identity = (
        ContactIdentity.objects.select_related("contact__user")
        .filter(brand=brand, kind=ContactIdentity.Kind.EMAIL, value=email)
        .first()
    )
    return live_contact(identity.contact if identity else None)


def may_use_portal(contact: Contact) -> bool:
    """Agents never sign in through the portal (it has no second factor)."""
    user = contact.user
    return user is None or (user.is_active and access.agent_of(user) is None)


def ensure_portal_user(contact: Contact, email: str) -> Any:
    """The contact's user account, created (without a password) on first sign-in."""
    if contact.user_id:
        return contact.user
    users = get_user_model()
    username = f"contact-{contact.pk}"
    if users.objects.filter(username=username).exists():
        username = f"{username}-{secrets.token_hex(3)}"
    user = users(username=username, email=email)
    user.set_unusable_password()
    user.save()
    if not Contact.objects.filter(pk=contact.pk, user__isnull=True).update(user=user):
        user.delete()  # another request linked an account first
        contact.refresh_from_db()
        return contact.user
    contact.user = user
    record_event(user, "portal_account_created", contact, data={"user": user.pk})
    return user


def portal_key(brand: Brand, email: str) -> str:
    return f"portal:{brand.pk}:{email}"


def check_customer_password(request: HttpRequest, brand: Brand, email: str, password: str) -> Any:
    """The customer with this email in this brand, if the password is right."""
    email = clean_email(email) or email.strip().lower()
    key = portal_key(brand, email)
    throttle.check_not_locked(key)
    contact = find_contact(brand, email)
    user = None
    if contact is not None and contact.user is not None and may_use_portal(contact):
        user = authenticate(request, username=contact.user.get_username(), password=password)
    else:
        make_password(password)  # same work whether or not the address is known
    if user is None:
        throttle.record_failure(key)
        raise ActionError(_("Adresse ou mot de passe incorrect."), code="invalid")
    throttle.clear(key)
    return user
