"""Input parsing for the automation and webhook pages (validation is in actions.py)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from guichet.automations.hooks import TRIGGER_EVENTS
from guichet.automations.models import Automation
from guichet.brands.models import Brand

JSON_AREA = forms.Textarea(attrs={"rows": 8, "spellcheck": "false", "class": "mono"})


class AutomationForm(forms.Form):
    name = forms.CharField(label=_("Nom"), max_length=120)
    brand = forms.ModelChoiceField(Brand.objects.all(), label=_("Marque"), required=False,
                                   empty_label=_("Toutes les marques"))  # fmt: skip
    kind = forms.ChoiceField(label=_("Type"), choices=Automation.Kind.choices)
    event = forms.ChoiceField(label=_("Événement (déclencheurs)"), required=False)
    position = forms.IntegerField(label=_("Ordre"), min_value=0, initial=0)
    active = forms.BooleanField(label=_("Active"), required=False, initial=True)
    conditions = forms.JSONField(
        label=_("Conditions"), required=False, widget=JSON_AREA, initial=dict,
        help_text=_('{"all": [{"field": "status", "op": "is", "value": "pending"}], "any": []}'),
    )  # fmt: skip
    actions = forms.JSONField(
        label=_("Actions"), widget=JSON_AREA,
        help_text=_('[{"type": "add_tags", "tags": ["vip"]}, {"type": "set", "field": "priority", "value": "high"}]'),
    )  # fmt: skip

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["event"].choices = [("", "—"), *TRIGGER_EVENTS.items()]  # type: ignore[attr-defined]


class WebhookForm(forms.Form):
    name = forms.CharField(label=_("Nom"), max_length=120)
    url = forms.CharField(label=_("Adresse (https://…)"), max_length=500)
    brand = forms.ModelChoiceField(Brand.objects.all(), label=_("Marque"), required=False,
                                   empty_label=_("Toutes les marques"))  # fmt: skip
    active = forms.BooleanField(label=_("Actif"), required=False, initial=True)
    allow_private_network = forms.BooleanField(
        label=_("Autoriser une adresse privée (réseau interne)"), required=False,
        help_text=_("Refusé par défaut : adresses privées, de bouclage et lien-local (dont les "
                    "métadonnées du cloud). À cocher seulement pour un récepteur interne de confiance."),
    )  # fmt: skip
