import datetime as dt
from types import SimpleNamespace

from django.utils import translation

from guichet.workspace.timeline import build_timeline, describe_changes, describe_event

T0 = dt.datetime(2025, 3, 10, 9, 0, tzinfo=dt.UTC)


def event(verb, pk=1, at=T0, changes=(), data=None):
    return SimpleNamespace(pk=pk, verb=verb, created_at=at, changes=list(changes), data=data or {})


def message(pk, at=T0):
    return SimpleNamespace(pk=pk, created_at=at)


def test_changes_are_described_with_labels_and_names():
    names = {"assignee": {7: "Bruno Leroy"}, "team": {}}
    with translation.override("fr"):
        lines = describe_changes(
            [
                {"field": "status", "old": "new", "new": "pending"},
                {"field": "assignee", "old": None, "new": 7},
                {"field": "team", "old": None, "new": 9},
            ],
            names,
        )
    assert lines == [
        "Statut : Nouveau → En attente",
        "Assigné à : — → Bruno Leroy",
        "Équipe : — → #9",
    ]


def test_escalation_shows_tiers_and_reason():
    with translation.override("fr"):
        lines = describe_event(
            event("ticket_escalated", data={"from_tier": 1, "to_tier": 2, "reason": "Panne DSLAM"}),
            {},
        )
    assert lines == ["Escaladé de N1 en N2", "Motif : Panne DSLAM"]


def test_english_labels_when_english_is_active():
    with translation.override("en"):
        lines = describe_changes([{"field": "status", "old": "open", "new": "solved"}], {})
    assert lines == ["Status: Open → Solved"]


def test_unknown_verbs_still_get_a_readable_line():
    assert describe_event(event("survey_answered"), {}) == ["Survey answered"]


def test_timeline_orders_by_time_then_creation_message_changes():
    later = T0 + dt.timedelta(minutes=5)
    items = build_timeline(
        [message(1), message(2, later)],
        [event("ticket_updated", pk=5, at=later), event("ticket_created", pk=4)],
        {},
        seen_id=1,
    )
    kinds = [(item.message or item.event).pk for item in items]
    assert kinds == [4, 1, 2, 5]
    assert [item.new for item in items if item.is_message] == [False, True]
