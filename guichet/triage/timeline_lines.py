"""How the workspace timeline describes triage corrections (registered in `apps.ready`).

See docs/triage.md ("In the workspace").
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _


def triage_corrected(event: Any) -> list[str]:
    from guichet.triage.display import TARGET_NAMES, label_name

    change = (event.changes or [{}])[0]
    target = str(change.get("field", ""))
    name = TARGET_NAMES.get(target, target)
    if target == "category":  # ids: the card shows the category's name
        return [_("Triage corrigé : %(target)s") % {"target": name}]
    old, new = (label_name(target, str(change.get(k) or ""), {}) for k in ("old", "new"))
    return [
        _("Triage corrigé : %(target)s %(old)s → %(new)s")
        % {"target": name, "old": old, "new": new}
    ]


def register() -> None:
    from guichet.workspace.timeline import register_describer

    register_describer("triage_corrected", triage_corrected)
