"""The conversation timeline: messages and audit events of a ticket interleaved by time.

Pure functions over already-loaded rows, so the page costs a fixed number of queries.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from guichet.workspace.labels import label

# Events whose content is the message itself, already shown as a message.
HIDDEN_VERBS = ("customer_replied", "reply_sent", "note_added")
NAMED_FIELDS = {"assignee", "team"}
LABELLED_FIELDS = {"status", "priority", "type", "tier"}
# Other apps describe their own verbs (registered from their AppConfig.ready, e.g. the SLA app).
DESCRIBERS: dict[str, Callable[[Any], list[str]]] = {}


def register_describer(verb: str, describe: Callable[[Any], list[str]]) -> None:
    DESCRIBERS[verb] = describe


@dataclass
class TimelineItem:
    at: dt.datetime
    message: Any = None
    event: Any = None
    lines: list[str] = field(default_factory=list)
    new: bool = False

    @property
    def is_message(self) -> bool:
        return self.message is not None


def show_value(field_name: str, value: Any, names: dict[str, dict[int, str]]) -> str:
    if value in (None, "", [], {}):
        return "—"
    if field_name in NAMED_FIELDS:
        return names.get(field_name, {}).get(value, f"#{value}")
    if field_name in LABELLED_FIELDS:
        return str(label(field_name, value))
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    if isinstance(value, dict):
        return ", ".join(f"{k} = {v}" for k, v in sorted(value.items()))
    return str(value)


def describe_changes(changes: list[dict[str, Any]], names: dict[str, dict[int, str]]) -> list[str]:
    return [
        _("%(field)s : %(old)s → %(new)s")
        % {
            "field": label("field", change.get("field")),
            "old": show_value(change.get("field", ""), change.get("old"), names),
            "new": show_value(change.get("field", ""), change.get("new"), names),
        }
        for change in changes
    ]


def describe_event(event: Any, names: dict[str, dict[int, str]]) -> list[str]:
    """Human lines for one audit event (the first line says what happened)."""
    data = event.data or {}
    verb = event.verb
    if verb == "ticket_created":
        return [_("Ticket créé (%(channel)s)") % {"channel": label("channel", data.get("channel"))}]
    if verb == "ticket_updated":
        return [_("Ticket modifié"), *describe_changes(event.changes, names)]
    if verb == "ticket_escalated":
        heading = _("Escaladé de N%(from)s en N%(to)s") % {
            "from": data.get("from_tier", "?"),
            "to": data.get("to_tier", "?"),
        }
        return [heading, _("Motif : %(reason)s") % {"reason": data.get("reason", "")}]
    if verb == "time_logged":
        minutes = max(1, round(int(data.get("seconds", 0)) / 60))
        return [_("Temps passé enregistré : %(minutes)s min") % {"minutes": minutes}]
    if verb == "macro_applied":
        name = names.get("macro", {}).get(int(data.get("macro") or 0))
        return [_("Macro appliquée : %(name)s") % {"name": name} if name else _("Macro appliquée")]
    if verb == "ticket_merged":
        return [_("Fusionné dans un autre ticket")]
    if verb == "ticket_merge_received":
        return [_("Un autre ticket a été fusionné dans celui-ci")]
    if verb == "ticket_linked":
        return [_("Lié à un autre ticket")]
    if verb in DESCRIBERS:
        return DESCRIBERS[verb](event)
    lines = [verb.replace("_", " ").capitalize()]
    return lines + describe_changes(event.changes or [], names)


def build_timeline(
    messages: list[Any], events: list[Any], names: dict[str, dict[int, str]], seen_id: int = 0
) -> list[TimelineItem]:
    """Messages and events in time order. On equal times (one action writing both) the creation
    event comes first, then the message, then the changes the message caused."""
    items = [
        TimelineItem(at=m.created_at, message=m, new=bool(seen_id) and m.pk > seen_id)
        for m in messages
    ]
    items += [
        TimelineItem(at=e.created_at, event=e, lines=describe_event(e, names)) for e in events
    ]
    items.sort(key=lambda item: (item.at, _rank(item), (item.message or item.event).pk))
    return items


def _rank(item: TimelineItem) -> int:
    if item.is_message:
        return 1
    return 0 if item.event.verb == "ticket_created" else 2
