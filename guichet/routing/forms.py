"""Input parsing for the routing pages (validation proper is in admin_actions.py)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from guichet.brands.models import Brand, Category
from guichet.people.models import Agent, Segment, Team, Tier
from guichet.routing.models import DEFAULT_MAX_CHATS, RoutingRule, Strategy
from guichet.routing.skills import MAX_CAPACITY
from guichet.tickets.models import Channel, Priority


def words(text: str) -> list[str]:
    return [part.strip() for part in (text or "").replace("\n", ",").split(",") if part.strip()]


class RuleForm(forms.Form):
    name = forms.CharField(label=_("Nom"), max_length=120)
    brand = forms.ModelChoiceField(Brand.objects.all(), label=_("Marque"), required=False,
                                   empty_label=_("Toutes les marques"))  # fmt: skip
    position = forms.IntegerField(label=_("Ordre"), min_value=0, initial=100,
                                  help_text=_("Les règles s'appliquent dans l'ordre croissant ; la première qui correspond l'emporte."))  # fmt: skip
    active = forms.BooleanField(label=_("Active"), required=False, initial=True)
    channels = forms.MultipleChoiceField(label=_("Canaux"), choices=Channel.choices,
                                         required=False, widget=forms.CheckboxSelectMultiple)  # fmt: skip
    segments = forms.MultipleChoiceField(label=_("Segments d'organisation"), choices=Segment.choices,
                                         required=False, widget=forms.CheckboxSelectMultiple)  # fmt: skip
    vip_only = forms.BooleanField(label=_("Clients VIP seulement"), required=False)
    languages = forms.CharField(label=_("Langues"), required=False,
                                help_text=_("Codes séparés par des virgules, par ex. fr, en"))  # fmt: skip
    tags = forms.CharField(label=_("Étiquettes (l'une d'elles)"), required=False)
    keywords = forms.CharField(label=_("Mots-clés du sujet ou du message (l'un d'eux)"),
                               required=False, widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip
    categories = forms.ModelMultipleChoiceField(Category.objects.select_related("brand"),
                                                label=_("Catégories"), required=False)  # fmt: skip
    set_team = forms.ModelChoiceField(Team.objects.all(), label=_("→ Équipe"), required=False)
    set_tier = forms.TypedChoiceField(label=_("→ Niveau"), choices=[("", "—"), *Tier.choices],
                                      coerce=int, empty_value=None, required=False)  # fmt: skip
    set_priority = forms.ChoiceField(label=_("→ Priorité"), choices=[("", "—"), *Priority.choices],
                                     required=False)  # fmt: skip

    @staticmethod
    def initial_for(rule: RoutingRule) -> dict[str, Any]:
        return {
            "name": rule.name, "brand": rule.brand_id, "position": rule.position,
            "active": rule.active, "channels": rule.channels, "segments": rule.segments,
            "vip_only": rule.vip_only, "languages": ", ".join(rule.languages),
            "tags": ", ".join(rule.tags), "keywords": ", ".join(rule.keywords),
            "categories": list(rule.categories.all()), "set_team": rule.set_team_id,
            "set_tier": rule.set_tier, "set_priority": rule.set_priority,
        }  # fmt: skip

    def fields_for_action(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        for key in ("languages", "tags", "keywords"):
            data[key] = words(data[key])
        data.pop("brand")
        data.pop("categories")
        return data


class TeamRoutingForm(forms.Form):
    strategy = forms.ChoiceField(label=_("Stratégie"), choices=Strategy.choices)


class AgentProfileForm(forms.Form):
    """An agent's routing settings. Skills and capacity are people.Agent's fields (the API's
    `skills` and `capacity`); the choices are the category slugs of the agent's brands."""

    tier = forms.TypedChoiceField(label=_("Niveau"), choices=Tier.choices, coerce=int)
    languages = forms.CharField(label=_("Langues"), required=False,
                                help_text=_("Codes séparés par des virgules, par ex. fr, en"))  # fmt: skip
    skills = forms.MultipleChoiceField(label=_("Compétences (catégories maîtrisées)"),
                                       required=False, widget=forms.CheckboxSelectMultiple,
                                       help_text=_("Une catégorie couvre ses sous-catégories, dans toutes les marques de l'agent."))  # fmt: skip
    capacity = forms.IntegerField(label=_("Tickets ouverts au plus"), min_value=0,
                                  max_value=MAX_CAPACITY, initial=20)  # fmt: skip
    max_chats = forms.IntegerField(label=_("Discussions simultanées au plus"), min_value=0,
                                   max_value=500, initial=DEFAULT_MAX_CHATS)  # fmt: skip
    out_of_office_from = forms.DateField(label=_("Absent du"), required=False,
                                         widget=forms.DateInput(attrs={"type": "date"}))  # fmt: skip
    out_of_office_until = forms.DateField(label=_("Absent jusqu'au"), required=False,
                                          widget=forms.DateInput(attrs={"type": "date"}))  # fmt: skip

    def __init__(self, *args: Any, skill_choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["skills"].choices = skill_choices  # type: ignore[attr-defined]


class ThresholdForm(forms.Form):
    category = forms.ModelChoiceField(Category.objects.select_related("brand"),
                                      label=_("Catégorie"))  # fmt: skip
    threshold = forms.FloatField(label=_("Seuil de confiance"), required=False, min_value=0,
                                 max_value=1, help_text=_("Entre 0 et 1 ; vide : le seuil par défaut"))  # fmt: skip


class AvailabilityForm(forms.Form):
    availability = forms.ChoiceField(label=_("Disponibilité"), choices=Agent.Availability.choices)
    out_of_office_until = forms.DateField(label=_("Jusqu'au"), required=False,
                                          widget=forms.DateInput(attrs={"type": "date"}))  # fmt: skip
