"""Sign-in security: second factor, recovery codes, lockouts, magic links, language. See docs/accounts.md."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from guichet.core.crypto import EncryptedTextField


class SecurityPolicy(models.Model):
    """The one row of sign-in rules an admin can change (GUICHET_REQUIRE_2FA forces 2FA on too)."""

    require_2fa = models.BooleanField(
        _("exiger la double authentification pour les agents"), default=False
    )
    max_failures = models.PositiveSmallIntegerField(
        _("échecs avant verrouillage"), default=5, help_text=_("Entre 3 et 20.")
    )
    lockout_minutes = models.PositiveSmallIntegerField(
        _("durée du verrouillage (minutes)"), default=15, help_text=_("Entre 1 et 1440.")
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]
        verbose_name_plural = "security policies"

    def __str__(self) -> str:
        return f"2FA required: {self.require_2fa}"


class TotpDevice(models.Model):
    """A user's authenticator app (RFC 6238). Unconfirmed until a first code was checked."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="totp_device"
    )
    secret = EncryptedTextField(max_length=64, help_text="Base32 shared secret (encrypted at rest)")
    confirmed_at = models.DateTimeField(null=True, blank=True)
    last_used_step = models.BigIntegerField(
        default=0, help_text="Time step of the last accepted code; older or equal steps are replays"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"TOTP of user {self.user_id}"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


class RecoveryCode(models.Model):
    """A single-use code for when the phone is lost; only its SHA-256 is stored."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="recovery_codes"
    )
    code_hash = models.CharField(max_length=64)
    used_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "code_hash"], name="recovery_code_unique")
        ]

    def __str__(self) -> str:
        return f"recovery code of user {self.user_id}"


class LoginThrottle(models.Model):
    """Failed attempts for one key (a login name, a portal email); locked when too many."""

    key = models.CharField(max_length=255, unique=True)
    failures = models.PositiveIntegerField(default=0)
    last_failure_at = models.DateTimeField(null=True, blank=True)
    locked_until = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.key}: {self.failures}"


class MagicLink(models.Model):
    """A one-time sign-in link for a portal customer; the URL carries `nonce`, signed."""

    brand = models.ForeignKey("brands.Brand", on_delete=models.CASCADE, related_name="+")
    contact = models.ForeignKey("people.Contact", on_delete=models.CASCADE, related_name="+")
    email = models.EmailField(help_text="Where the link was sent")
    nonce = models.CharField(max_length=64)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"magic link {self.pk} for contact {self.contact_id}"


class UserPreference(models.Model):
    """Per-user settings that belong to no domain: the interface language."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="preference"
    )
    language = models.CharField(max_length=8, choices=settings.LANGUAGES, default="fr")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"preferences of user {self.user_id}"
