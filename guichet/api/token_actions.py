"""Creating and revoking API tokens (check_* / do_*). See docs/api.md."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from guichet.api.models import ApiToken
from guichet.api.tokens import SCOPES, hash_token, new_token
from guichet.audit.actions import record_event
from guichet.core import access
from guichet.core.errors import ActionError, NotAllowed

NAME_MAX = 120
MANAGE_PERMISSIONS = (
    "agent.manage",
    "brand.manage",
    "custom_field.manage",
    "team.manage",
    "macro.manage",
    "settings.manage",
)


def may_hold_admin_scope(user: Any) -> bool:
    """The admin scope only makes sense for a role that manages something."""
    return any(access.has_perm(user, permission) for permission in MANAGE_PERMISSIONS)


def check_scopes(owner: Any, scopes: Iterable[Any], granting: Iterable[str] | None) -> list[str]:
    wanted = list(dict.fromkeys(str(scope) for scope in scopes))
    if not wanted:
        raise ActionError(_("Donnez au moins une portée."), code="required", field="scopes")
    unknown = [scope for scope in wanted if scope not in SCOPES]
    if unknown:
        raise ActionError(
            _("Portée inconnue : « %(scope)s ».") % {"scope": unknown[0]}, field="scopes"
        )
    if "admin" in wanted and not may_hold_admin_scope(owner):
        raise ActionError(
            _("Seuls les administrateurs peuvent détenir la portée admin."), field="scopes"
        )
    if granting is not None and not set(wanted) <= set(granting):
        raise NotAllowed(_("Un jeton ne peut pas créer de jeton ayant plus de portées que lui."))
    return [scope for scope in SCOPES if scope in wanted]


def check_token_owner(actor: Any, owner: Any) -> None:
    """People make tokens for themselves; admins (and the system, actor None) for anybody."""
    if access.agent_of(owner) is None and access.contact_of(owner) is None:
        raise ActionError(_("Les jetons sont réservés aux agents et aux clients."), field="user")
    if not owner.is_active:
        raise ActionError(_("Ce compte est désactivé."), field="user")
    if actor is not None and actor.pk != owner.pk:
        access.require(actor, "agent.manage")


def check_expiry(expires_at: dt.datetime | None, now: dt.datetime) -> dt.datetime | None:
    if expires_at is not None and expires_at <= now:
        raise ActionError(_("La date d'expiration est passée."), field="expires_at")
    return expires_at


@transaction.atomic
def do_create_api_token(
    actor: Any,
    *,
    owner: Any = None,
    name: str,
    scopes: Iterable[Any],
    expires_at: dt.datetime | None = None,
    granting_scopes: Iterable[str] | None = None,
) -> tuple[ApiToken, str]:
    """A new token and its secret string, which is shown once and never stored.

    `granting_scopes`: the scopes of the token the actor used, when they used one.
    """
    owner = owner if owner is not None else actor
    check_token_owner(actor, owner)
    name = " ".join(str(name or "").split())[:NAME_MAX]
    if not name:
        raise ActionError(_("Donnez un nom au jeton."), code="required", field="name")
    cleaned = check_scopes(owner, scopes, granting_scopes)
    expires_at = check_expiry(expires_at, timezone.now())
    raw, prefix = new_token()
    token = ApiToken.objects.create(
        user=owner,
        name=name,
        prefix=prefix,
        token_hash=hash_token(raw),
        scopes=cleaned,
        expires_at=expires_at,
    )
    record_event(actor, "api_token_created", token, data={"user": owner.pk, "scopes": cleaned})
    return token, raw


@transaction.atomic
def do_revoke_api_token(actor: Any, token: ApiToken) -> ApiToken:
    if actor is not None and token.user_id != actor.pk:
        access.require(actor, "agent.manage")
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        record_event(actor, "api_token_revoked", token, data={"user": token.user_id})
    return token
