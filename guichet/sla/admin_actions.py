"""Admins configure SLAs: calendars (with iCal imports), policies and their targets, escalation
rules, on-call rotas. check_* validates (ActionError naming the field), do_* saves and audits.

See docs/sla.md ("Configuring").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from guichet.audit.actions import record_event
from guichet.core import access
from guichet.core.errors import ActionError
from guichet.jobs.enqueue import on_commit
from guichet.sla import ical
from guichet.sla.calendars import build_calendar, parse_date
from guichet.sla.choices import Metric, RuleTrigger
from guichet.sla.models import (
    BusinessCalendar,
    EscalationRule,
    OnCallMember,
    OnCallOverride,
    OnCallRota,
    SlaPolicy,
    SlaPolicyTarget,
    TicketTarget,
)
from guichet.sla.policies import check_conditions
from guichet.sla.targets import iso
from guichet.tickets.models import Priority

RECOMPUTE_CHUNK = 500
PERMISSION = "settings.manage"


def _name(value: Any) -> str:
    name = " ".join(str(value or "").split())[:120]
    if not name:
        raise ActionError(_("Un nom est obligatoire."), field="name")
    return name


def _conditions(raw: Any) -> dict[str, list[Any]]:
    try:
        return check_conditions(raw)
    except ValueError as error:
        raise ActionError(str(error), field="conditions") from None


# --- Calendars -------------------------------------------------------------------------


def check_calendar_fields(fields: dict[str, Any]) -> dict[str, Any]:
    """The calendar fields cleaned; the calendar they describe must build (so hours, zone,
    dates and holiday codes are all valid)."""
    try:
        cleaned = _calendar_values(fields)
    except ValueError as error:
        raise ActionError(str(error), field="holidays") from None
    try:
        ZoneInfo(cleaned["timezone"])
    except (ValueError, KeyError, OSError):
        raise ActionError(
            _("Fuseau horaire inconnu (par ex. Europe/Paris)."), field="timezone"
        ) from None
    try:
        calendar = build_calendar(
            cleaned["timezone"], cleaned["weekly_hours"],
            public_holidays=cleaned["public_holidays"], holidays=cleaned["holidays"],
            exceptions=cleaned["exceptions"], open_days=cleaned["open_days"],
        )  # fmt: skip
    except ValueError as error:
        raise ActionError(str(error), field="weekly_hours") from None
    if calendar.weekly_minutes == 0 and not cleaned["exceptions"]:
        raise ActionError(_("Le calendrier n'ouvre jamais."), field="weekly_hours")
    return cleaned


def _calendar_values(fields: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": _name(fields.get("name")),
        "timezone": str(fields.get("timezone") or "Europe/Paris").strip(),
        "weekly_hours": fields.get("weekly_hours") or {},
        "public_holidays": str(fields.get("public_holidays") or "").strip().upper(),
        "holidays": [parse_date(d).isoformat() for d in fields.get("holidays") or []],
        "exceptions": {
            parse_date(d).isoformat(): str(h) for d, h in (fields.get("exceptions") or {}).items()
        },
        "open_days": [parse_date(d).isoformat() for d in fields.get("open_days") or []],
    }


@transaction.atomic
def do_save_calendar(
    actor: Any, calendar: BusinessCalendar | None, *, brand: Any = None, **fields: Any
) -> BusinessCalendar:
    access.require(actor, PERMISSION)
    cleaned = check_calendar_fields(fields)
    calendar = calendar or BusinessCalendar()
    calendar.brand = brand
    for key, value in cleaned.items():
        setattr(calendar, key, value)
    calendar.save()
    record_event(actor, "sla_calendar_saved", calendar, data={"name": calendar.name})
    _recompute(TicketTarget.objects.filter(calendar=calendar))
    return calendar


@transaction.atomic
def do_import_ics(actor: Any, calendar: BusinessCalendar, name: str, data: bytes) -> ical.IcsImport:
    """Replace the calendar's iCal closures with those of an uploaded .ics file."""
    access.require(actor, PERMISSION)
    try:
        imported = ical.parse_ics(data, ZoneInfo(calendar.timezone))
    except ValueError as error:
        raise ActionError(str(error), field="ics") from None
    calendar.ics_name = name[:200]
    calendar.ics_closed_days = sorted(day.isoformat() for day in imported.closed_days)
    calendar.ics_closures = [[iso(c.start), iso(c.end)] for c in imported.closures]
    calendar.ics_skipped = list(imported.skipped)
    calendar.save()
    record_event(
        actor, "sla_calendar_ics_imported", calendar,
        data={"file": calendar.ics_name, "days": len(calendar.ics_closed_days),
              "closures": len(calendar.ics_closures), "skipped": len(calendar.ics_skipped)},
    )  # fmt: skip
    _recompute(TicketTarget.objects.filter(calendar=calendar))
    return imported


# --- Policies ----------------------------------------------------------------------------


def check_targets(raw: dict[tuple[str, str], Any]) -> dict[tuple[str, str], int]:
    """{(metric, priority): minutes}; empty values mean no target for that pair."""
    cleaned: dict[tuple[str, str], int] = {}
    for (metric, priority), minutes in raw.items():
        if metric not in Metric.values or priority not in Priority.values:
            raise ActionError(_("Cible inconnue."), field="targets")
        if minutes in (None, ""):
            continue
        try:
            value = int(minutes)
        except (TypeError, ValueError):
            value = 0
        if value <= 0:
            raise ActionError(_("Une cible est un nombre de minutes positif."), field="targets")
        cleaned[(metric, priority)] = value
    return cleaned


@transaction.atomic
def do_save_policy(
    actor: Any,
    policy: SlaPolicy | None,
    *,
    brand: Any,
    name: Any,
    calendar: BusinessCalendar,
    conditions: Any = None,
    targets: dict[tuple[str, str], Any] | None = None,
    position: int = 0,
    is_default: bool = False,
    active: bool = True,
    warning_percent: int = 75,
    pause_when_pending: bool = True,
    pause_when_on_hold: bool = True,
) -> SlaPolicy:
    """Save a policy and its targets; running clocks under it take the new targets (a job)."""
    access.require(actor, PERMISSION)
    access.require_brand(actor, brand.pk)
    if not 1 <= int(warning_percent) <= 99:
        raise ActionError(_("Le seuil d'alerte est entre 1 et 99 %."), field="warning_percent")
    if calendar.brand_id not in (None, brand.pk):
        raise ActionError(_("Ce calendrier appartient à une autre marque."), field="calendar")
    others = SlaPolicy.objects.filter(brand=brand, is_default=True)
    if policy is not None:
        others = others.exclude(pk=policy.pk)
    if is_default and others.exists():
        raise ActionError(_("Cette marque a déjà une politique par défaut."), field="is_default")
    cleaned_targets = check_targets(targets or {})
    policy = policy or SlaPolicy(brand=brand)
    policy.name, policy.calendar, policy.conditions = _name(name), calendar, _conditions(conditions)
    policy.position, policy.is_default, policy.active = max(0, int(position)), is_default, active
    policy.warning_percent = int(warning_percent)
    policy.pause_when_pending, policy.pause_when_on_hold = pause_when_pending, pause_when_on_hold
    policy.save()
    policy.targets.exclude(
        Q(*[Q(metric=m, priority=p) for m, p in cleaned_targets], _connector=Q.OR)
        if cleaned_targets else Q(pk__isnull=False)
    ).delete()  # fmt: skip
    for (metric, priority), minutes in cleaned_targets.items():
        SlaPolicyTarget.objects.update_or_create(
            policy=policy, metric=metric, priority=priority, defaults={"minutes": minutes}
        )
    record_event(actor, "sla_policy_saved", policy,
                 data={"name": policy.name, "targets": len(cleaned_targets)})  # fmt: skip
    _recompute(TicketTarget.objects.filter(policy=policy))
    return policy


def _recompute(targets: Any) -> None:
    """Queue the recomputation of the running clocks concerned (in chunks, after commit)."""
    from guichet.sla.tasks import recompute_sla_targets

    ids = list(targets.filter(completed_at__isnull=True).values_list("pk", flat=True))
    for start in range(0, len(ids), RECOMPUTE_CHUNK):
        on_commit(recompute_sla_targets, ids[start : start + RECOMPUTE_CHUNK])


# --- Escalation rules and rotas ---------------------------------------------------------


@transaction.atomic
def do_save_rule(
    actor: Any, rule: EscalationRule | None, *, brand: Any, **fields: Any
) -> EscalationRule:
    access.require(actor, PERMISSION)
    access.require_brand(actor, brand.pk)
    trigger, metric = fields.get("trigger") or RuleTrigger.ELAPSED, fields.get("metric") or ""
    if trigger not in RuleTrigger.values:
        raise ActionError(_("Déclencheur inconnu."), field="trigger")
    if metric and metric not in Metric.values:
        raise ActionError(_("Mesure inconnue."), field="metric")
    tier = fields.get("escalate_to_tier")
    if tier not in (None, "", 2, 3, 4):
        raise ActionError(_("Le niveau cible vaut 2, 3 ou 4."), field="escalate_to_tier")
    rota, webhook = fields.get("page_rota"), fields.get("webhook")
    if not (fields.get("notify_supervisors") or tier or rota or webhook):
        raise ActionError(
            _(
                "La règle doit faire quelque chose (prévenir, escalader, appeler l'astreinte ou un webhook)."
            ),
            field="notify_supervisors",
        )
    rule = rule or EscalationRule(brand=brand)
    rule.name, rule.conditions = _name(fields.get("name")), _conditions(fields.get("conditions"))
    rule.trigger, rule.metric = trigger, metric
    rule.after_minutes = max(0, int(fields.get("after_minutes") or 0))
    rule.position, rule.active = (
        max(0, int(fields.get("position") or 0)),
        bool(fields.get("active", True)),
    )
    rule.notify_supervisors = bool(fields.get("notify_supervisors"))
    rule.escalate_to_tier = int(tier) if tier else None
    rule.page_rota, rule.webhook = rota, webhook
    rule.save()
    record_event(actor, "escalation_rule_saved", rule, data={"name": rule.name})
    return rule


@transaction.atomic
def do_save_rota(
    actor: Any,
    rota: OnCallRota | None,
    *,
    name: Any,
    timezone_name: str,
    starts_at: dt.datetime,
    shift_hours: int,
    members: Sequence[Any],
    brand: Any = None,
) -> OnCallRota:
    access.require(actor, PERMISSION)
    try:
        ZoneInfo(timezone_name)
    except (ValueError, KeyError):
        raise ActionError(_("Fuseau horaire inconnu."), field="timezone") from None
    if not 1 <= int(shift_hours) <= 24 * 31:
        raise ActionError(_("Une garde dure de 1 heure à 31 jours."), field="shift_hours")
    if not members:
        raise ActionError(_("Ajoutez au moins un membre."), field="members")
    if any(access.agent_of(user) is None for user in members):
        raise ActionError(_("Les membres sont des agents actifs."), field="members")
    rota = rota or OnCallRota()
    rota.name, rota.timezone, rota.starts_at = _name(name), timezone_name, starts_at
    rota.shift_hours, rota.brand = int(shift_hours), brand
    rota.save()
    rota.members.all().delete()
    OnCallMember.objects.bulk_create(
        [OnCallMember(rota=rota, user=user, position=n) for n, user in enumerate(members)]
    )
    record_event(actor, "on_call_rota_saved", rota, data={"members": [u.pk for u in members]})
    return rota


@transaction.atomic
def do_add_override(
    actor: Any, rota: OnCallRota, *, user: Any, starts_at: dt.datetime, ends_at: dt.datetime
) -> OnCallOverride:
    access.require(actor, PERMISSION)
    if ends_at <= starts_at:
        raise ActionError(_("La fin doit suivre le début."), field="ends_at")
    if access.agent_of(user) is None:
        raise ActionError(_("Seul un agent peut être d'astreinte."), field="user")
    override = OnCallOverride.objects.create(
        rota=rota, user=user, starts_at=starts_at, ends_at=ends_at
    )
    record_event(actor, "on_call_override_added", rota,
                 data={"user": user.pk, "from": iso(starts_at), "to": iso(ends_at)})  # fmt: skip
    return override
