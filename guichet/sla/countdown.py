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
class HistoryLine:
    """One line of a clock's history as shown: when, and what happened ('en pause',
    'respectée avec 5 min d'avance', …). `due_at` is the due time it set, if any."""

    at: dt.datetime
    text: str
    due_at: dt.datetime | None = None
    holds_due: bool = False


HISTORY_LABELS: dict[str, Any] = {
    "started": gettext_lazy("démarrée"),
    "paused": gettext_lazy("mise en pause"),
    "resumed": gettext_lazy("reprise"),
    "recomputed": gettext_lazy("recalculée (priorité ou politique changée)"),
    "policy_edited": gettext_lazy("recalculée (politique ou calendrier modifiés)"),
    "warning_fired": gettext_lazy("seuil d'alerte atteint"),
    "breach_fired": gettext_lazy("échéance dépassée"),
    "met": gettext_lazy("respectée"),
    "breached": gettext_lazy("respectée en retard"),
    "reopened": gettext_lazy("rouverte"),
    "cancelled": gettext_lazy("annulée"),
}


def history_lines(entries: list[dict[str, Any]]) -> tuple[HistoryLine, ...]:
    """A clock's stored history (`targets.history_entry` dicts) as lines to show."""
    lines = []
    for entry in entries or []:
        text = str(HISTORY_LABELS.get(entry.get("what", ""), entry.get("what", "")))
        margin = entry.get("margin_minutes")
        if margin is not None and margin >= 0:
            text = _("%(what)s, %(span)s d'avance") % {"what": text, "span": span(margin * 60)}
        elif margin is not None:
            text = _("%(what)s, %(span)s de retard") % {"what": text, "span": span(margin * 60)}
        due = entry.get("due_at")
        lines.append(
            HistoryLine(
                at=dt.datetime.fromisoformat(entry["at"]),
                text=text,
                due_at=dt.datetime.fromisoformat(due) if due else None,
                holds_due="due_at" in entry and due is None,
            )
        )
    return tuple(lines)


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
    history: tuple[HistoryLine, ...] = ()

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
