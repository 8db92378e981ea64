"""Mailbox settings: create, edit, deactivate, test the connection (docs/email.md#mailbox-settings).

Admins only (`mailbox.manage`), inside the brands they work for. Secrets are never stored: the
`*_env` fields name the environment variable that holds each one.
"""

from __future__ import annotations

import imaplib
import re
import ssl
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from guichet.audit.actions import record_event
from guichet.brands.models import Brand
from guichet.core import access
from guichet.core.errors import ActionError
from guichet.people.models import Team

from . import imap
from .models import InboundEmail, Mailbox

PERMISSION = "mailbox.manage"
ENV_NAME = re.compile(r"^[A-Z_][A-Z0-9_]{0,99}$")
ENV_FIELDS = (
    "imap_password_env",
    "imap_oauth2_token_env",
    "imap_oauth2_client_secret_env",
    "imap_oauth2_refresh_token_env",
    "webhook_secret_env",
)
MIN_BYTES, MAX_BYTES = 64 * 1024, 200 * 1024 * 1024
EDITABLE = (
    "name", "address", "team", "language", "kind",
    "imap_host", "imap_port", "imap_security", "imap_username", "imap_password_env",
    "imap_oauth2_token_env", "imap_oauth2_token_url", "imap_oauth2_client_id",
    "imap_oauth2_client_secret_env", "imap_oauth2_refresh_token_env", "imap_oauth2_scope",
    "imap_folder", "imap_after_fetch", "imap_move_to", "webhook_secret_env",
    "max_bytes", "plus_addressing", "stranger_policy", "reopen_days", "rate_limit_per_hour",
    "send_acknowledgement",
)  # fmt: skip


# --- Reads ---------------------------------------------------------------------------------


def manageable_brands(actor: Any) -> QuerySet[Brand]:
    """The brands whose mailboxes this admin may set up (none for other roles)."""
    agent = access.agent_of(actor)
    if agent is None or not access.has_perm(actor, PERMISSION):
        return Brand.objects.none()
    brand_ids = access.agent_brand_ids(agent)
    brands = Brand.objects.all() if brand_ids is None else Brand.objects.filter(pk__in=brand_ids)
    return brands.order_by("name")


def manageable_mailboxes(actor: Any) -> QuerySet[Mailbox]:
    """Mailboxes of those brands, each with its quarantined and held counts."""
    waiting = {
        "quarantined_count": Count(
            "inbound", filter=Q(inbound__status=InboundEmail.Status.QUARANTINED)
        ),
        "held_count": Count("inbound", filter=Q(inbound__status=InboundEmail.Status.HELD)),
    }
    return (
        Mailbox.objects.filter(brand__in=manageable_brands(actor))
        .select_related("brand", "team")
        .annotate(**waiting)
        .order_by("brand__name", "address")
    )


# --- Checks --------------------------------------------------------------------------------


def check_can_manage_mailboxes(actor: Any, brand: Brand | None = None) -> None:
    access.require(actor, PERMISSION)
    if brand is not None:
        access.require_brand(actor, brand.pk)


def mailbox_problems(values: dict[str, Any], brand: Brand) -> dict[str, str]:
    """What is wrong with these settings, by field (pure: the form shows them all at once)."""
    problems: dict[str, str] = {}
    for name in ENV_FIELDS:
        value = values.get(name) or ""
        if value and not ENV_NAME.match(value):
            problems[name] = _(
                "Indiquez le NOM d'une variable d'environnement (majuscules, chiffres, _), "
                "jamais le secret lui-même."
            )
    team = values.get("team")
    if team is not None and team.brand_id not in (None, brand.pk):
        problems["team"] = _("Cette équipe appartient à une autre marque.")
    if brand.languages and values.get("language") not in brand.languages:
        problems["language"] = _("La marque ne propose pas cette langue.")
    if not MIN_BYTES <= (values.get("max_bytes") or 0) <= MAX_BYTES:
        problems["max_bytes"] = _("La taille maximale doit être entre 64 Kio et 200 Mio.")
    kind = values.get("kind")
    if kind == Mailbox.Kind.IMAP:
        problems.update(_imap_problems(values))
    if kind == Mailbox.Kind.WEBHOOK and not values.get("webhook_secret_env"):
        problems["webhook_secret_env"] = _(
            "Un webhook a besoin de la variable qui contient son secret."
        )
    return problems


def _imap_problems(values: dict[str, Any]) -> dict[str, str]:
    problems: dict[str, str] = {}
    if not values.get("imap_host"):
        problems["imap_host"] = _("Indiquez le serveur IMAP.")
    if not 1 <= (values.get("imap_port") or 0) <= 65535:
        problems["imap_port"] = _("Le port doit être entre 1 et 65535.")
    oauth_refresh = values.get("imap_oauth2_token_url")
    if not (
        values.get("imap_password_env") or values.get("imap_oauth2_token_env") or oauth_refresh
    ):
        problems["imap_password_env"] = _(
            "Indiquez la variable du mot de passe, ou une connexion OAuth2."
        )
    if oauth_refresh and not oauth_refresh.startswith("https://"):
        problems["imap_oauth2_token_url"] = _("L'adresse du jeton OAuth2 doit être en https.")
    if oauth_refresh and not values.get("imap_oauth2_refresh_token_env"):
        problems["imap_oauth2_refresh_token_env"] = _(
            "Le renouvellement OAuth2 a besoin de la variable du jeton de renouvellement."
        )
    if values.get("imap_after_fetch") == Mailbox.AfterFetch.MOVE and not values.get("imap_move_to"):
        problems["imap_move_to"] = _("Indiquez le dossier où déplacer les messages.")
    return problems


def check_mailbox_values(
    actor: Any, brand: Brand, values: dict[str, Any], mailbox: Mailbox | None = None
) -> dict[str, Any]:
    """Permission, then the settings; returns the values cleaned (known fields, lower-case address)."""
    check_can_manage_mailboxes(actor, brand)
    values = {name: values[name] for name in EDITABLE if name in values}
    values["address"] = str(values.get("address") or "").strip().lower()
    problems = mailbox_problems(values, brand)
    taken = Mailbox.objects.filter(address=values["address"])
    if mailbox is not None:
        taken = taken.exclude(pk=mailbox.pk)
    if taken.exists():
        problems.setdefault("address", _("Une boîte utilise déjà cette adresse."))
    if problems:
        field, message = next(iter(problems.items()))
        raise ActionError(message, field=field)
    return values


# --- Writes --------------------------------------------------------------------------------


@transaction.atomic
def do_create_mailbox(actor: Any, brand: Brand, values: dict[str, Any]) -> Mailbox:
    values = check_mailbox_values(actor, brand, values)
    mailbox = Mailbox.objects.create(brand=brand, **values)
    record_event(actor, "mailbox_created", mailbox, data=_audit_data(mailbox))
    return mailbox


@transaction.atomic
def do_update_mailbox(actor: Any, mailbox: Mailbox, values: dict[str, Any]) -> Mailbox:
    mailbox = Mailbox.objects.select_for_update().select_related("brand").get(pk=mailbox.pk)
    values = check_mailbox_values(actor, mailbox.brand, values, mailbox)
    changes = []
    for name, new in values.items():
        old = getattr(mailbox, name)
        if old != new:
            changes.append({"field": name, "old": _plain(old), "new": _plain(new)})
            setattr(mailbox, name, new)
    if changes:
        mailbox.save()
        record_event(actor, "mailbox_updated", mailbox, changes=changes)
    return mailbox


@transaction.atomic
def do_set_mailbox_active(actor: Any, mailbox: Mailbox, *, active: bool) -> Mailbox:
    """Deactivated, a mailbox is neither polled nor accepts mail; its messages are kept."""
    mailbox = Mailbox.objects.select_for_update().select_related("brand").get(pk=mailbox.pk)
    check_can_manage_mailboxes(actor, mailbox.brand)
    if mailbox.active != active:
        mailbox.active = active
        mailbox.save(update_fields=["active", "updated_at"])
        changes = [{"field": "active", "old": not active, "new": active}]
        verb = "mailbox_reactivated" if active else "mailbox_deactivated"
        record_event(actor, verb, mailbox, changes=changes)
    return mailbox


def _plain(value: Any) -> Any:
    """A JSON-safe form of a field value for the audit trail (a team by its id)."""
    if isinstance(value, Team):
        return value.pk
    return value


def _audit_data(mailbox: Mailbox) -> dict[str, Any]:
    return {"address": mailbox.address, "kind": mailbox.kind, "brand": mailbox.brand_id}


# --- Connection test -----------------------------------------------------------------------


@dataclass(frozen=True)
class ConnectionResult:
    ok: bool
    message: str


def check_mailbox_connection(actor: Any, mailbox: Mailbox) -> ConnectionResult:
    """Log in to the mailbox's IMAP server and select its folder; nothing is fetched or stored."""
    check_can_manage_mailboxes(actor, mailbox.brand)
    if mailbox.kind != Mailbox.Kind.IMAP:
        raise ActionError(_("Seules les boîtes IMAP se connectent à un serveur."), code="not_imap")
    try:
        with imap.session(mailbox) as conn:
            status, data = conn.select(imap._quote(mailbox.imap_folder), readonly=True)
            if status != "OK":
                return ConnectionResult(False, _("Dossier introuvable : %s") % _text(data))
            count = int(data[0] or 0) if data and data[0] else 0
    except imap.ImapError as error:
        return ConnectionResult(False, _("Réglage incomplet : %s") % error)
    except imaplib.IMAP4.error as error:
        return ConnectionResult(False, _("Le serveur a refusé la connexion : %s") % error)
    except ssl.SSLError as error:
        return ConnectionResult(False, _("Échec TLS : %s") % error)
    except OSError as error:
        return ConnectionResult(False, _("Serveur injoignable : %s") % error)
    return ConnectionResult(
        True,
        _("Connexion réussie : %(count)s message(s) dans %(folder)s.")
        % {"count": count, "folder": mailbox.imap_folder},
    )


def _text(data: Any) -> str:
    first = data[0] if isinstance(data, list | tuple) and data else data
    return first.decode(errors="replace") if isinstance(first, bytes) else str(first)
