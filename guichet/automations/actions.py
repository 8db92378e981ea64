"""Admins create and edit automations: check_* validates (with messages the edit page shows),
do_* saves and audits. See docs/automations.md ("Editing").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _

from guichet.audit.actions import record_event
from guichet.automations.action_specs import check_actions
from guichet.automations.conditions import check_conditions
from guichet.automations.hooks import TRIGGER_EVENTS
from guichet.automations.models import Automation, Webhook
from guichet.core import access
from guichet.core.errors import ActionError
from guichet.people.models import Team


@dataclass(frozen=True)
class AutomationSpec:
    name: str
    kind: str
    event: str
    conditions: dict[str, Any]
    actions: list[dict[str, Any]]
    position: int = 0
    active: bool = True


def check_automation(
    *, name: Any, kind: Any, event: Any, conditions: Any, actions: Any, position: Any = 0,
    active: bool = True,
) -> AutomationSpec:  # fmt: skip
    """The automation cleaned, or ActionError naming the field (name, event, conditions,
    actions) and what is wrong."""
    name = " ".join(str(name or "").split())[:120]
    if not name:
        raise ActionError(_("Un nom est obligatoire."), field="name")
    if kind not in Automation.Kind.values:
        raise ActionError(_("Type d'automatisation inconnu."), field="kind")
    event = str(event or "") if kind == Automation.Kind.TRIGGER else ""
    if kind == Automation.Kind.TRIGGER and event not in TRIGGER_EVENTS:
        raise ActionError(_("Choisissez l'événement qui déclenche ce déclencheur."), field="event")
    try:
        cleaned_conditions = check_conditions(conditions)
    except ValueError as error:
        raise ActionError(str(error), field="conditions") from None
    if kind == Automation.Kind.SCHEDULED and not _has_time_condition(cleaned_conditions):
        raise ActionError(
            _("Une automatisation planifiée a besoin d'une condition de durée (hours_in_status, "
              "hours_since_created ou hours_since_updated) dans « all »."),
            field="conditions",
        )  # fmt: skip
    try:
        cleaned_actions = check_actions(actions)
    except ValueError as error:
        raise ActionError(str(error), field="actions") from None
    _check_references(cleaned_actions)
    try:
        position = max(0, int(position or 0))
    except (TypeError, ValueError):
        raise ActionError(_("La position est un nombre."), field="position") from None
    return AutomationSpec(name, str(kind), event, cleaned_conditions, cleaned_actions, position,
                          bool(active))  # fmt: skip


def _has_time_condition(conditions: dict[str, Any]) -> bool:
    timed = {"hours_in_status", "hours_since_created", "hours_since_updated"}
    return any(c["field"] in timed and c["op"] in ("gte", "gt") for c in conditions["all"])


def _check_references(actions: list[dict[str, Any]]) -> None:
    users = get_user_model().objects.filter(agent__isnull=False, is_active=True)
    for number, action in enumerate(actions, 1):
        where = _("Action %(n)s") % {"n": number}
        team = action.get("team")
        if action["type"] == "assign" and team and not Team.objects.filter(slug=team).exists():
            raise ActionError(
                _("%(w)s : équipe « %(t)s » inconnue.") % {"w": where, "t": team}, field="actions"
            )
        person = action.get("assignee") if action["type"] == "assign" else None
        if action["type"] == "email_agent" and action["to"] not in ("assignee", "team"):
            person = action["to"]
        if person and not users.filter(username=person).exists():
            raise ActionError(
                _("%(w)s : agent « %(u)s » inconnu.") % {"w": where, "u": person}, field="actions"
            )
        if (
            action["type"] == "webhook"
            and not Webhook.objects.filter(pk=action["webhook"]).exists()
        ):
            raise ActionError(
                _("%(w)s : webhook %(n)s inconnu.") % {"w": where, "n": action["webhook"]},
                field="actions",
            )


@transaction.atomic
def do_save_automation(
    actor: Any, automation: Automation | None, spec: AutomationSpec, *, brand: Any = None
) -> Automation:
    access.require(actor, "settings.manage")
    automation = automation or Automation()
    automation.brand = brand
    for field in ("name", "kind", "event", "conditions", "actions", "position", "active"):
        setattr(automation, field, getattr(spec, field))
    automation.save()
    record_event(actor, "automation_saved", automation, data={"name": automation.name})
    return automation


@transaction.atomic
def do_delete_automation(actor: Any, automation: Automation) -> None:
    access.require(actor, "settings.manage")
    record_event(actor, "automation_deleted", automation, data={"name": automation.name})
    automation.delete()
