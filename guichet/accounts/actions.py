"""Every write about sign-in security: check_* validates, do_* changes state. See docs/accounts.md."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from guichet.accounts import recovery, throttle, totp
from guichet.accounts.models import RecoveryCode, SecurityPolicy, TotpDevice, UserPreference
from guichet.accounts.policy import current_policy, is_2fa_enforced, must_use_second_factor
from guichet.accounts.sessions import end_sessions_without_second_factor
from guichet.audit.actions import diff, record_event
from guichet.core import access
from guichet.core.errors import ActionError

TOTP, RECOVERY, NONE = "totp", "recovery", "none"  # how a session passed the second step


def login_key(username: str) -> str:
    """The throttle key of an account: password and code failures count together."""
    return f"login:{username}"


# --- Enrolment ----------------------------------------------------------------


def confirmed_device(user: Any) -> TotpDevice | None:
    return TotpDevice.objects.filter(user=user, confirmed_at__isnull=False).first()


def do_start_totp_enrolment(user: Any) -> TotpDevice:
    """The device being set up; the same secret is kept while the user scans it."""
    device = TotpDevice.objects.filter(user=user).first()
    if device is not None and device.is_confirmed:
        raise ActionError(_("La double authentification est déjà active."), code="enrolled")
    return device or TotpDevice.objects.create(user=user, secret=totp.new_secret())


@transaction.atomic
def do_confirm_totp_enrolment(user: Any, code: str, *, at: dt.datetime | None = None) -> list[str]:
    """Check the first code; returns the new recovery codes (shown once)."""
    now = at or timezone.now()
    device = (
        TotpDevice.objects.select_for_update().filter(user=user, confirmed_at__isnull=True).first()
    )
    if device is None:
        raise ActionError(_("Aucune configuration en cours."), code="no_enrolment")
    step = totp.match_step(device.secret, code, now)
    if step is None:
        raise ActionError(_("Code incorrect."), code="invalid_code", field="code")
    device.confirmed_at, device.last_used_step = now, step
    device.save()
    record_event(user, "two_factor_enabled", device, at=now)
    return _replace_recovery_codes(user)


def _replace_recovery_codes(user: Any) -> list[str]:
    codes = recovery.generate_codes()
    RecoveryCode.objects.filter(user=user).delete()
    RecoveryCode.objects.bulk_create(
        RecoveryCode(user=user, code_hash=recovery.hash_code(code)) for code in codes
    )
    return codes


def remaining_recovery_codes(user: Any) -> int:
    return RecoveryCode.objects.filter(user=user, used_at__isnull=True).count()


# --- Second step ----------------------------------------------------------------


def check_second_factor(user: Any, code: str, *, at: dt.datetime | None = None) -> str:
    """TOTP or recovery code; returns which. Failures count towards the account's lock.

    Deliberately not atomic as a whole: a failure must be recorded even though we raise.
    """
    now = at or timezone.now()
    key = login_key(user.get_username())
    throttle.check_not_locked(key, now)
    method = _accept_code(user, code, now)
    if method is None:
        throttle.record_failure(key, now)
        raise ActionError(_("Code incorrect ou déjà utilisé."), code="invalid_code", field="code")
    return method


def _accept_code(user: Any, code: str, now: dt.datetime) -> str | None:
    device = confirmed_device(user)
    if device is not None and totp.looks_like_totp(code):
        step = totp.match_step(device.secret, code, now)
        if step is None or step <= device.last_used_step:
            return None  # wrong, or replayed within its window
        # Conditional update: two requests racing with the same code cannot both win.
        claimed = TotpDevice.objects.filter(pk=device.pk, last_used_step__lt=step).update(
            last_used_step=step
        )
        return TOTP if claimed else None
    if recovery.looks_like_recovery_code(code):
        claimed = RecoveryCode.objects.filter(
            user=user, code_hash=recovery.hash_code(code), used_at__isnull=True
        ).update(used_at=now)
        if claimed:
            record_event(user, "recovery_code_used", user, at=now)
            return RECOVERY
    return None


def do_regenerate_recovery_codes(user: Any, code: str) -> list[str]:
    if confirmed_device(user) is None:
        raise ActionError(_("La double authentification n'est pas active."), code="not_enrolled")
    check_second_factor(user, code)
    with transaction.atomic():
        codes = _replace_recovery_codes(user)
        record_event(user, "recovery_codes_regenerated", user)
    return codes


def do_disable_totp(user: Any, code: str) -> None:
    device = confirmed_device(user)
    if device is None:
        raise ActionError(_("La double authentification n'est pas active."), code="not_enrolled")
    if must_use_second_factor(user):
        raise ActionError(
            _("La double authentification est obligatoire pour votre compte."), code="required"
        )
    check_second_factor(user, code)
    with transaction.atomic():
        record_event(user, "two_factor_disabled", device)
        device.delete()
        RecoveryCode.objects.filter(user=user).delete()


# --- Policy, password, language ---------------------------------------------------


def check_policy_values(max_failures: int, lockout_minutes: int) -> None:
    if not 3 <= max_failures <= 20:
        raise ActionError(_("Entre 3 et 20 échecs."), field="max_failures")
    if not 1 <= lockout_minutes <= 1440:
        raise ActionError(_("Entre 1 et 1440 minutes."), field="lockout_minutes")


@transaction.atomic
def do_update_security_policy(
    actor: Any, *, require_2fa: bool, max_failures: int, lockout_minutes: int
) -> SecurityPolicy:
    """Save the policy; switching 2FA on ends agents' sessions that did not pass it."""
    access.require(actor, "settings.manage")
    check_policy_values(max_failures, lockout_minutes)
    policy = current_policy()
    fields = ("require_2fa", "max_failures", "lockout_minutes")
    before = {name: getattr(policy, name) for name in fields}
    was_enforced = is_2fa_enforced(policy)
    policy.require_2fa, policy.max_failures = require_2fa, max_failures
    policy.lockout_minutes, policy.updated_by = lockout_minutes, actor
    policy.save()
    changes = diff(before, {name: getattr(policy, name) for name in fields})
    if changes:
        record_event(actor, "security_policy_updated", policy, changes=changes)
    if is_2fa_enforced(policy) and not was_enforced:
        end_sessions_without_second_factor(keep=actor)
    return policy


def do_set_password(user: Any, password: str) -> None:
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise ActionError(" ".join(error.messages), code="weak", field="password") from None
    user.set_password(password)
    user.save(update_fields=["password"])
    record_event(user, "password_changed", user)


def do_set_language(user: Any, language: str) -> UserPreference:
    from django.conf import settings

    if language not in dict(settings.LANGUAGES):
        raise ActionError(_("Langue inconnue."), field="language")
    preference, _created = UserPreference.objects.update_or_create(
        user=user, defaults={"language": language}
    )
    return preference


def saved_language(user: Any) -> str | None:
    """The user's chosen language, else the preferred language of their contact record."""
    chosen = UserPreference.objects.filter(user=user).values_list("language", flat=True).first()
    if chosen:
        return chosen
    contact = access.contact_of(user)
    return contact.preferred_language if contact is not None else None
