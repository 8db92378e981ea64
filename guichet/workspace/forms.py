"""Forms of the workspace: they parse and validate input; the actions decide and write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from guichet.core.models import CustomField
from guichet.workspace.labels import choices

STATUS_ON_SEND = [("", _("Statut inchangé")), *choices("status")]
STATUS_ON_SEND = [item for item in STATUS_ON_SEND if item[0] not in ("new", "closed")]


class ComposerForm(forms.Form):
    kind = forms.ChoiceField(
        choices=[("reply", _("Réponse publique")), ("note", _("Note interne"))]
    )
    body = forms.CharField(
        label=_("Message"),
        max_length=200_000,
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 7}),
    )
    macro = forms.IntegerField(required=False, min_value=1)
    status = forms.ChoiceField(label=_("Puis passer en"), choices=STATUS_ON_SEND, required=False)
    seen = forms.IntegerField(required=False, min_value=0)
    confirm_stale = forms.BooleanField(required=False)

    def clean_body(self) -> str:
        body = self.cleaned_data["body"]
        if not body.strip() and not self.data.get("macro"):
            raise forms.ValidationError(_("Écrivez un message."))
        return body  # type: ignore[no-any-return]


class EscalateForm(forms.Form):
    tier = forms.TypedChoiceField(
        label=_("Vers le niveau"), coerce=int, choices=[(n, f"N{n}") for n in (2, 3, 4)]
    )
    team = forms.IntegerField(label=_("Équipe"), required=False)
    reason = forms.CharField(
        label=_("Motif de l'escalade"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )


class TimeForm(forms.Form):
    minutes = forms.IntegerField(label=_("Minutes"), min_value=1, max_value=1440)
    note = forms.CharField(label=_("Note"), max_length=250, required=False)


class MergeTicketForm(forms.Form):
    target = forms.CharField(label=_("Ticket cible (référence ou numéro)"), max_length=40)


class MergeContactForm(forms.Form):
    target = forms.CharField(label=_("Contact cible (e-mail ou identifiant)"), max_length=254)


class SaveViewForm(forms.Form):
    name = forms.CharField(label=_("Nom de la vue"), max_length=80)


class PropertiesForm(forms.Form):
    """The ticket's editable fields; `changes()` says which ones the agent actually changed."""

    status = forms.ChoiceField(label=_("Statut"))
    priority = forms.ChoiceField(label=_("Priorité"), choices=choices("priority"))
    type = forms.ChoiceField(label=_("Type"), choices=choices("type"))
    assignee = forms.ChoiceField(label=_("Assigné à"), required=False)
    team = forms.ChoiceField(label=_("Équipe"), required=False)
    tags = forms.CharField(
        label=_("Tags"),
        required=False,
        max_length=1000,
        help_text=_("Séparés par des virgules"),
    )

    def __init__(
        self,
        *args: Any,
        ticket: Any,
        agents: list[Any],
        teams: list[Any],
        fields: list[CustomField],
        **kwargs: Any,
    ) -> None:
        self.ticket = ticket
        self.definitions = fields
        kwargs.setdefault("initial", self.current(ticket, fields))
        super().__init__(*args, **kwargs)
        from guichet.tickets.workflow import TRANSITIONS

        allowed = {ticket.status, *TRANSITIONS.get(ticket.status, set())}
        self.set_choices("status", [c for c in choices("status") if c[0] in allowed])
        self.set_choices(
            "assignee",
            [("", "—")] + [(str(u.pk), u.get_full_name() or u.get_username()) for u in agents],
        )
        self.set_choices("team", [("", "—")] + [(str(t.pk), t.name) for t in teams])
        for definition in fields:
            self.fields["cf_" + definition.key] = self.custom_field(definition)

    def set_choices(self, name: str, options: list[tuple[Any, Any]]) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)
        field.choices = options

    @staticmethod
    def custom_field(definition: CustomField) -> forms.Field:
        label = definition.label
        if definition.kind == CustomField.Kind.CHOICE:
            options = [("", "—")] + [(c, c) for c in definition.choices]
            return forms.ChoiceField(label=label, choices=options, required=False)
        widget: forms.Widget = forms.TextInput()
        if definition.kind == CustomField.Kind.DATE:
            widget = forms.DateInput(attrs={"type": "date"})
        elif definition.kind == CustomField.Kind.NUMBER:
            widget = forms.TextInput(attrs={"inputmode": "decimal"})
        return forms.CharField(label=label, required=False, max_length=2000, widget=widget)

    @staticmethod
    def current(ticket: Any, fields: list[CustomField]) -> dict[str, Any]:
        values = {
            "status": ticket.status,
            "priority": ticket.priority,
            "type": ticket.type,
            "assignee": str(ticket.assignee_id or ""),
            "team": str(ticket.team_id or ""),
            "tags": ", ".join(sorted(t.name for t in ticket.tags.all())),
        }
        for definition in fields:
            value = ticket.custom_fields.get(definition.key)
            values["cf_" + definition.key] = "" if value is None else str(value)
        return values

    def changes(self, agents_by_id: dict[str, Any], teams_by_id: dict[str, Any]) -> dict:
        """Keyword arguments for do_update_ticket: only what differs from the ticket."""
        data = self.cleaned_data
        before = self.current(self.ticket, self.definitions)
        changes: dict[str, Any] = {}
        for name in ("status", "priority", "type"):
            if data[name] != before[name]:
                changes[name] = data[name]
        if data["assignee"] != before["assignee"]:
            changes["assignee"] = agents_by_id.get(data["assignee"])
        if data["team"] != before["team"]:
            changes["team"] = teams_by_id.get(data["team"])
        tags = sorted({t.strip() for t in data["tags"].split(",") if t.strip()})
        if tags != sorted(t.name for t in self.ticket.tags.all()):
            changes["tags"] = tags
        custom = {
            d.key: data["cf_" + d.key]
            for d in self.definitions
            if data["cf_" + d.key] != before["cf_" + d.key]
        }
        if custom:
            changes["custom_fields"] = custom
        return changes
