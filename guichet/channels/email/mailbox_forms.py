"""The mailbox settings form (docs/email.md#mailbox-settings); the rules live in mailbox_actions."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from guichet.brands.models import Brand
from guichet.people.models import Team

from .mailbox_actions import EDITABLE, mailbox_problems
from .models import Mailbox

SECRET_HELP = _("Nom de la variable d'environnement qui contient le secret, jamais le secret.")

# The model's choice labels are English (and in its migrations): French ones for this form.
CHOICES: dict[str, list[tuple[str, Any]]] = {
    "kind": [
        (Mailbox.Kind.IMAP, _("IMAP (relève d'une boîte existante)")),
        (Mailbox.Kind.SMTP, _("SMTP (réception directe)")),
        (Mailbox.Kind.WEBHOOK, _("Webhook (envoi par un fournisseur)")),
    ],
    "imap_security": [
        (Mailbox.Security.TLS, _("TLS (IMAPS)")),
        (Mailbox.Security.STARTTLS, _("STARTTLS")),
    ],
    "imap_after_fetch": [
        (Mailbox.AfterFetch.SEEN, _("Marquer comme lu")),
        (Mailbox.AfterFetch.DELETE, _("Supprimer")),
        (Mailbox.AfterFetch.MOVE, _("Déplacer dans un dossier")),
    ],
    "stranger_policy": [
        (Mailbox.StrangerPolicy.NEW_TICKET, _("Ouvrir un nouveau ticket")),
        (Mailbox.StrangerPolicy.HOLD, _("Retenir pour vérification")),
    ],
}


class MailboxForm(forms.ModelForm):
    brand = forms.ModelChoiceField(queryset=Brand.objects.none(), label=_("Marque"))

    class Meta:
        model = Mailbox
        fields = ("brand", *EDITABLE)
        labels = {
            "name": _("Nom"),
            "address": _("Adresse"),
            "team": _("Équipe"),
            "language": _("Langue"),
            "kind": _("Type"),
            "imap_host": _("Serveur IMAP"),
            "imap_port": _("Port IMAP"),
            "imap_security": _("Sécurité"),
            "imap_username": _("Identifiant (l'adresse si vide)"),
            "imap_password_env": _("Variable du mot de passe"),
            "imap_oauth2_token_env": _("Variable du jeton OAuth2"),
            "imap_oauth2_token_url": _("Adresse du jeton OAuth2 (renouvellement)"),
            "imap_oauth2_client_id": _("Client OAuth2"),
            "imap_oauth2_client_secret_env": _("Variable du secret client OAuth2"),
            "imap_oauth2_refresh_token_env": _("Variable du jeton de renouvellement OAuth2"),
            "imap_oauth2_scope": _("Portée OAuth2"),
            "imap_folder": _("Dossier"),
            "imap_after_fetch": _("Après lecture"),
            "imap_move_to": _("Dossier de destination"),
            "webhook_secret_env": _("Variable du secret du webhook"),
            "max_bytes": _("Taille maximale d'un message (octets)"),
            "plus_addressing": _("Réponses à adresse+jeton@domaine"),
            "stranger_policy": _("Réponse d'un inconnu"),
            "reopen_days": _("Jours pendant lesquels une réponse rouvre un ticket résolu"),
            "rate_limit_per_hour": _("Messages par expéditeur et par heure (0 : sans limite)"),
            "send_acknowledgement": _("Envoyer un accusé de réception"),
        }
        help_texts = {
            "imap_password_env": SECRET_HELP,
            "imap_oauth2_token_env": SECRET_HELP,
            "imap_oauth2_client_secret_env": SECRET_HELP,
            "imap_oauth2_refresh_token_env": SECRET_HELP,
            "webhook_secret_env": SECRET_HELP,
            "address": "",
        }

    def __init__(self, *args: Any, brands: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        brand_field = self.fields["brand"]
        assert isinstance(brand_field, forms.ModelChoiceField)
        brand_field.queryset = brands
        if self.instance.pk:
            brand_field.disabled = True
            brand_field.initial = self.instance.brand_id
        for name, choices in CHOICES.items():
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)
            field.choices = choices
        team_field = self.fields["team"]
        assert isinstance(team_field, forms.ModelChoiceField)
        team_field.queryset = Team.objects.filter(Q(brand__in=brands) | Q(brand__isnull=True))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        brand = data.get("brand") or (self.instance.brand if self.instance.pk else None)
        if brand is not None:
            for field, message in mailbox_problems(data, brand).items():
                if field not in self.errors:
                    self.add_error(field, message)
        return data

    def values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in EDITABLE}
