"""Declarative conditions and actions: validated with messages that say what is wrong, and
evaluated as pure functions."""

import pytest

from guichet.automations.action_specs import check_actions
from guichet.automations.conditions import TicketView, check_conditions, holds


def cond(field, op, value):
    return {"field": field, "op": op, "value": value}


def test_empty_conditions_always_hold():
    assert holds(check_conditions({}), TicketView())


def test_all_conditions_must_hold():
    conditions = check_conditions({"all": [cond("status", "is", "pending"),
                                           cond("hours_in_status", "gte", 120)]})  # fmt: skip

    assert holds(conditions, TicketView(status="pending", hours_in_status=121))
    assert not holds(conditions, TicketView(status="pending", hours_in_status=119))
    assert not holds(conditions, TicketView(status="open", hours_in_status=500))


def test_one_of_any_must_hold():
    conditions = check_conditions({"any": [cond("priority", "is", "urgent"),
                                           cond("tags", "contains", ["vip", "gold"])]})  # fmt: skip

    assert holds(conditions, TicketView(tags=frozenset({"gold"})))
    assert holds(conditions, TicketView(priority="urgent"))
    assert not holds(conditions, TicketView(priority="high", tags=frozenset({"x"})))


def test_changed_fields_and_not_operators():
    conditions = check_conditions({"all": [cond("changed", "contains", "priority"),
                                           cond("type", "not_in", ["question"])]})  # fmt: skip

    assert holds(conditions, TicketView(changed=frozenset({"priority"}), type="incident"))
    assert not holds(conditions, TicketView(changed=frozenset({"status"}), type="incident"))


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"all": [cond("colour", "is", "red")]}, "champ inconnu « colour »"),
        ({"all": [cond("status", "gte", "open")]}, "opérateur « gte » impossible"),
        ({"all": [cond("status", "is", "lost")]}, "valeur « lost » inconnue"),
        ({"all": [cond("hours_in_status", "gte", "five")]}, "nombre positif"),
        ({"all": "status"}, "liste de conditions"),
        ({"some": []}, "objet"),
        (
            {"any": [cond("status", "is", "open"), cond("tier", "is", 9)]},
            r"Condition 2 de « any » \(tier\)",
        ),
    ],
)
def test_invalid_conditions_say_what_is_wrong(raw, message):
    with pytest.raises(ValueError, match=message):
        check_conditions(raw)


def test_actions_are_cleaned():
    actions = check_actions([
        {"type": "add_tags", "tags": ["Relance Auto", "relance-auto"]},
        {"type": "set", "field": "tier", "value": 2},
        {"type": "assign", "assignee": None},
    ])  # fmt: skip

    assert actions == [
        {"type": "add_tags", "tags": ["relance-auto"]},
        {"type": "set", "field": "tier", "value": 2},
        {"type": "assign", "assignee": None},
    ]


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ([], "liste non vide"),
        ([{"type": "explode"}], "« type » doit être"),
        ([{"type": "set", "field": "status", "value": "new"}], "valeur « new » impossible"),
        ([{"type": "set", "field": "subject", "value": "x"}], "« field »"),
        ([{"type": "add_note"}], "« body » est obligatoire"),
        ([{"type": "escalate", "tier": 1, "reason": "x"}], "2, 3 ou 4"),
        ([{"type": "webhook", "webhook": "1"}], "identifiant"),
        ([{"type": "assign"}], "team"),
        ([{"type": "add_tags", "tags": ["ok"], "extra": 1}], "clé inconnue « extra »"),
    ],
)
def test_invalid_actions_say_what_is_wrong(raw, message):
    with pytest.raises(ValueError, match=message):
        check_actions(raw)
