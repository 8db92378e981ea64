"""Forms of the sign-in and security pages; they only parse input, actions decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class PasswordStepForm(forms.Form):
    username = forms.CharField(
        label=_("Identifiant"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    password = forms.CharField(
        label=_("Mot de passe"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=32,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "text",
                "autofocus": True,
                "autocapitalize": "off",
                "spellcheck": "false",
            }  # fmt: skip
        ),
    )


class LanguageForm(forms.Form):
    language = forms.ChoiceField(label=_("Langue"), choices=settings.LANGUAGES)
    next = forms.CharField(required=False, widget=forms.HiddenInput)


class SecurityPolicyForm(forms.Form):
    require_2fa = forms.BooleanField(
        label=_("Exiger la double authentification pour tous les agents"), required=False
    )
    max_failures = forms.IntegerField(
        label=_("Échecs avant verrouillage"), min_value=3, max_value=20
    )
    lockout_minutes = forms.IntegerField(
        label=_("Durée du verrouillage (minutes)"), min_value=1, max_value=1440
    )


class NewPasswordForm(forms.Form):
    """A new password, twice; the current one too when the account already has one."""

    current = forms.CharField(
        label=_("Mot de passe actuel"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    password = forms.CharField(
        label=_("Nouveau mot de passe"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    confirm = forms.CharField(
        label=_("Confirmez le mot de passe"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, user: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        if not user.has_usable_password():
            del self.fields["current"]

    def clean_current(self) -> str:
        current = self.cleaned_data["current"]
        if not self.user.check_password(current):
            raise forms.ValidationError(_("Mot de passe actuel incorrect."))
        return current

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password") and data.get("password") != data.get("confirm"):
            self.add_error("confirm", _("Les deux mots de passe diffèrent."))
        return data


def add_action_error(form: forms.Form, error: Exception) -> None:
    """Show an ActionError on its field when the form has it, else on the whole form."""
    field = getattr(error, "field", None)
    form.add_error(field if field in form.fields else None, getattr(error, "message", str(error)))
