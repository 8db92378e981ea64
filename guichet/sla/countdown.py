"""What an SLA clock shows an agent: pure functions from a clock's fields and `now`.

See docs/sla.md ("In the workspace and the API").
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from guichet.sla.choices import Metric, Outcome

METRIC_LABELS: dict[str, Any] = {
    Metric.FIRST_REPLY: gettext_lazy("1re réponse"),
    Metric.NEXT_REPLY: gettext_lazy("Réponse suivante"),
    Metric.RESOLUTION: gettext_lazy("Résolution"),
}


@dataclass(frozen=True)
class Countdown:
    """One clock as displayed. `state`: ok, at_risk (past its warning), breached (past due,
    still running), paused, met, late (completed after due), cancelled."""

    target_id: int
    ticket_id: int
    metric: str
    state: str
    due_at: dt.datetime | None
    seconds_left: int | None
    margin_minutes: float | None

    @property
    def label(self) -> str:
        return str(METRIC_LABELS.get(self.metric, self.metric))

    @property
    def is_running(self) -> bool:
        return self.state in ("ok", "at_risk", "breached", "paused")

    @property
    def text(self) -> str:
        return describe(self)


def countdown(target: Any, now: dt.datetime) -> Countdown:
    state, left = "ok", None
    if target.completed_at is not None:
        state = {Outcome.MET: "met", Outcome.BREACHED: "late"}.get(target.outcome, "cancelled")
    elif target.due_at is None:
        state = "paused"
    else:
        left = int((target.due_at - now).total_seconds())
        if left <= 0:
            state = "breached"
        elif target.warn_at is not None and target.warn_at <= now:
            state = "at_risk"
    return Countdown(
        target.pk, target.ticket_id, target.metric, state, target.due_at, left,
        target.margin_minutes,
    )  # fmt: skip


def span(seconds: float) -> str:
    """'45 min', '3 h 05', '2 j 4 h' (rounded down to the minute)."""
    minutes = int(abs(seconds)) // 60
    days, rest = divmod(minutes, 1440)
    hours, minutes = divmod(rest, 60)
    if days:
        return _("%(d)s j %(h)s h") % {"d": days, "h": hours}
    if hours:
        return f"{hours} h {minutes:02d}"
    return f"{minutes} min"


def describe(c: Countdown) -> str:
    """'1re réponse : 1 h 20 restantes', '… dépassée de 15 min', '… en pause', '… respectée'."""
    texts = {
        "paused": _("en pause"),
        "met": _("respectée"),
        "cancelled": _("annulée"),
    }
    if c.state in texts:
        status = texts[c.state]
    elif c.state == "late":
        status = _("respectée avec %(late)s de retard") % {
            "late": span(-(c.margin_minutes or 0) * 60)
        }
    elif c.state == "breached":
        status = _("dépassée de %(late)s") % {"late": span(c.seconds_left or 0)}
    else:
        status = _("%(left)s restantes") % {"left": span(c.seconds_left or 0)}
    return _("%(metric)s : %(status)s") % {"metric": c.label, "status": status}
