"""Input parsing for the SLA settings pages (validation proper is in admin_actions.py)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from guichet.automations.models import Webhook
from guichet.brands.models import Brand
from guichet.sla.choices import Metric, RuleTrigger
from guichet.sla.countdown import METRIC_LABELS
from guichet.sla.models import BusinessCalendar, OnCallRota
from guichet.tickets.models import Priority

HOLIDAY_CHOICES = [
    ("", _("Aucun")),
    ("FR", _("France")),
    ("FR-57", _("France, Moselle")),
    ("FR-6AE", _("France, Alsace")),
]
JSON_AREA = forms.Textarea(attrs={"rows": 4, "spellcheck": "false", "class": "mono"})


def lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class CalendarForm(forms.Form):
    name = forms.CharField(label=_("Nom"), max_length=120)
    brand = forms.ModelChoiceField(Brand.objects.all(), label=_("Marque"), required=False,
                                   empty_label=_("Toutes les marques"))  # fmt: skip
    timezone = forms.CharField(label=_("Fuseau horaire"), initial="Europe/Paris")
    weekly_hours = forms.JSONField(
        label=_("Horaires"), widget=JSON_AREA,
        initial={"mon-fri": "09:00-12:00, 14:00-18:00"},
        help_text=_('Par ex. {"mon-fri": "09:00-12:00, 14:00-18:00", "sat": "10:00-13:00"}'),
    )  # fmt: skip
    public_holidays = forms.ChoiceField(label=_("Jours fériés"), choices=HOLIDAY_CHOICES,
                                        required=False, initial="FR")  # fmt: skip
    holidays = forms.CharField(label=_("Jours fermés"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                               help_text=_("Une date AAAA-MM-JJ par ligne"))  # fmt: skip
    exceptions = forms.CharField(label=_("Horaires exceptionnels"), required=False,
                                 widget=forms.Textarea(attrs={"rows": 3}),
                                 help_text=_("« 2025-12-24 09:00-12:00 » par ligne (sans horaires : fermé)"))  # fmt: skip
    open_days = forms.CharField(label=_("Fériés travaillés"), required=False,
                                widget=forms.Textarea(attrs={"rows": 2}),
                                help_text=_("Une date par ligne"))  # fmt: skip
    ics = forms.FileField(label=_("Fermetures iCal (.ics)"), required=False)

    def fields_for_action(self) -> dict[str, Any]:
        data = self.cleaned_data
        exceptions = {}
        for line in lines(data["exceptions"]):
            day, _sep, hours = line.partition(" ")
            exceptions[day] = hours.strip()
        return {
            "name": data["name"], "timezone": data["timezone"],
            "weekly_hours": data["weekly_hours"], "public_holidays": data["public_holidays"],
            "holidays": lines(data["holidays"]), "exceptions": exceptions,
            "open_days": lines(data["open_days"]),
        }  # fmt: skip

    @classmethod
    def initial_for(cls, calendar: BusinessCalendar) -> dict[str, Any]:
        return {
            "name": calendar.name, "brand": calendar.brand, "timezone": calendar.timezone,
            "weekly_hours": calendar.weekly_hours, "public_holidays": calendar.public_holidays,
            "holidays": "\n".join(calendar.holidays),
            "exceptions": "\n".join(f"{d} {h}" for d, h in calendar.exceptions.items()),
            "open_days": "\n".join(calendar.open_days),
        }  # fmt: skip


def target_field_name(metric: str, priority: str) -> str:
    return f"target__{metric}__{priority}"


class PolicyForm(forms.Form):
    name = forms.CharField(label=_("Nom"), max_length=120)
    brand = forms.ModelChoiceField(Brand.objects.all(), label=_("Marque"))
    calendar = forms.ModelChoiceField(BusinessCalendar.objects.all(), label=_("Calendrier"))
    conditions = forms.JSONField(
        label=_("Conditions"), required=False, widget=JSON_AREA, initial=dict,
        help_text=_('Par ex. {"segment": ["enterprise"], "priority": ["urgent"], "tag": ["vip"]}'),
    )  # fmt: skip
    position = forms.IntegerField(label=_("Ordre"), min_value=0, initial=0)
    is_default = forms.BooleanField(label=_("Politique par défaut"), required=False)
    active = forms.BooleanField(label=_("Active"), required=False, initial=True)
    warning_percent = forms.IntegerField(
        label=_("Alerte à (%)"), min_value=1, max_value=99, initial=75
    )
    pause_when_pending = forms.BooleanField(
        label=_("Pause quand « en attente »"), required=False, initial=True
    )
    pause_when_on_hold = forms.BooleanField(
        label=_("Pause quand « suspendu »"), required=False, initial=True
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for metric in Metric.values:
            for priority in Priority.values:
                self.fields[target_field_name(metric, priority)] = forms.IntegerField(
                    label=f"{METRIC_LABELS[metric]} · {priority}", required=False, min_value=1
                )

    def target_rows(self) -> list[tuple[str, list[Any]]]:
        return [
            (
                str(METRIC_LABELS[metric]),
                [self[target_field_name(metric, p)] for p in Priority.values],
            )
            for metric in Metric.values
        ]

    def targets(self) -> dict[tuple[str, str], Any]:
        return {
            (metric, priority): self.cleaned_data.get(target_field_name(metric, priority))
            for metric in Metric.values
            for priority in Priority.values
        }


class RuleForm(forms.Form):
    name = forms.CharField(label=_("Nom"), max_length=120)
    brand = forms.ModelChoiceField(Brand.objects.all(), label=_("Marque"))
    conditions = forms.JSONField(label=_("Conditions"), required=False, widget=JSON_AREA, initial=dict,
                                 help_text=_('Par ex. {"segment": ["enterprise"]}'))  # fmt: skip
    trigger = forms.ChoiceField(label=_("Quand"), choices=RuleTrigger.choices)
    metric = forms.ChoiceField(label=_("Mesure"), required=False,
                               choices=[("", _("Aucune (dès que le ticket correspond)")), *Metric.choices])  # fmt: skip
    after_minutes = forms.IntegerField(label=_("Après (minutes ouvrées)"), min_value=0, initial=0)
    notify_supervisors = forms.BooleanField(label=_("Prévenir les superviseurs"), required=False)
    escalate_to_tier = forms.TypedChoiceField(label=_("Escalader vers"), required=False, coerce=int,
                                              empty_value=None,
                                              choices=[("", "—"), (2, "N2"), (3, "N3"), (4, "N4")])  # fmt: skip
    page_rota = forms.ModelChoiceField(OnCallRota.objects.all(), label=_("Appeler l'astreinte"),
                                       required=False)  # fmt: skip
    webhook = forms.ModelChoiceField(Webhook.objects.all(), label=_("Webhook"), required=False)
    position = forms.IntegerField(label=_("Ordre"), min_value=0, initial=0)
    active = forms.BooleanField(label=_("Active"), required=False, initial=True)


class RotaForm(forms.Form):
    name = forms.CharField(label=_("Nom"), max_length=120)
    timezone = forms.CharField(label=_("Fuseau horaire"), initial="Europe/Paris")
    starts_at = forms.DateTimeField(label=_("Première relève"),
                                    help_text=_("Par ex. 2025-03-03 09:00 (heure locale)"))  # fmt: skip
    shift_hours = forms.IntegerField(
        label=_("Durée d'une garde (heures)"), min_value=1, initial=168
    )
    members = forms.CharField(label=_("Membres, dans l'ordre"),
                              help_text=_("Identifiants séparés par des virgules"))  # fmt: skip

    def member_users(self) -> list[Any]:
        names = [n.strip() for n in self.cleaned_data["members"].split(",") if n.strip()]
        users = {u.username: u for u in get_user_model().objects.filter(username__in=names)}
        missing = [n for n in names if n not in users]
        if missing:
            self.add_error("members", _("Inconnu : %(n)s") % {"n": ", ".join(missing)})
        return [users[n] for n in names if n in users]


class OverrideForm(forms.Form):
    """Someone else on call for a while (a swap, a holiday)."""

    user = forms.CharField(label=_("Agent (identifiant)"), max_length=150)
    starts_at = forms.DateTimeField(
        label=_("Début"), help_text=_("Par ex. 2025-03-07 18:00 (heure locale)")
    )
    ends_at = forms.DateTimeField(label=_("Fin"))

    def agent_user(self) -> Any:
        user = get_user_model().objects.filter(username=self.cleaned_data["user"].strip()).first()
        if user is None:
            self.add_error("user", _("Inconnu : %(n)s") % {"n": self.cleaned_data["user"]})
        return user
