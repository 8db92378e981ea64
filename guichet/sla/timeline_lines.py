"""How the workspace timeline describes the SLA events (registered in `apps.SlaConfig.ready`).

See docs/sla.md ("In the workspace and the API").
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from guichet.sla.countdown import METRIC_LABELS


def _metric(event: Any) -> str:
    metric = str((event.data or {}).get("metric", ""))
    return str(METRIC_LABELS.get(metric, metric))


def sla_warning(event: Any) -> list[str]:
    return [_("SLA %(metric)s : seuil d'alerte atteint") % {"metric": _metric(event)}]


def sla_breached(event: Any) -> list[str]:
    return [_("SLA %(metric)s dépassé") % {"metric": _metric(event)}]


def escalation_due(event: Any) -> list[str]:
    return [_("Délai d'une règle d'escalade écoulé")]


def escalation_rule_fired(event: Any) -> list[str]:
    data = event.data or {}
    lines = [_("Règle d'escalade « %(name)s » appliquée") % {"name": data.get("name", "")}]
    if data.get("escalated"):
        lines.append(_("Ticket escaladé au niveau supérieur"))
    if data.get("paged"):
        lines.append(_("Personne d'astreinte prévenue"))
    return lines


DESCRIBERS = {
    "sla_warning": sla_warning,
    "sla_breached": sla_breached,
    "escalation_due": escalation_due,
    "escalation_rule_fired": escalation_rule_fired,
}


def register() -> None:
    from guichet.workspace.timeline import register_describer

    for verb, describe in DESCRIBERS.items():
        register_describer(verb, describe)
