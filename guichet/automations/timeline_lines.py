"""How the workspace timeline describes automation events (registered in `apps.ready`).

See docs/automations.md.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _


def automation_fired(event: Any) -> list[str]:
    name = (event.data or {}).get("name", "")
    lines = [_("Automatisation « %(name)s » exécutée") % {"name": name}]
    fields = sorted({str(c.get("field")) for c in event.changes or []})
    if fields:
        lines.append(_("Champs modifiés : %(fields)s") % {"fields": ", ".join(fields)})
    return lines


def automation_failed(event: Any) -> list[str]:
    data = event.data or {}
    return [
        _("Automatisation « %(name)s » en échec") % {"name": data.get("name", "")},
        str(data.get("error", "")),
    ]


def automation_loop_stopped(event: Any) -> list[str]:
    return [_("Chaîne d'automatisations arrêtée (boucle évitée)")]


def register() -> None:
    from guichet.workspace.timeline import register_describer

    register_describer("automation_fired", automation_fired)
    register_describer("automation_failed", automation_failed)
    register_describer("automation_loop_stopped", automation_loop_stopped)
