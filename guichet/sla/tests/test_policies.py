"""Policy matching: ordered, first match wins, default otherwise; conditions validated."""

import pytest

from guichet.sla.policies import Candidate, TicketFacts, check_conditions, first_match, matches

ENTERPRISE = TicketFacts(segment="enterprise", priority="high", tags=frozenset({"vip"}), team="n1")


def test_every_key_must_match_and_any_listed_value_will_do():
    assert matches({"segment": ["enterprise", "smb"], "priority": ["high"]}, ENTERPRISE)
    assert not matches({"segment": ["enterprise"], "priority": ["urgent"]}, ENTERPRISE)


def test_tag_condition_needs_one_of_the_tags():
    assert matches({"tag": ["gold", "vip"]}, ENTERPRISE)
    assert not matches({"tag": ["gold"]}, ENTERPRISE)


def test_first_matching_policy_wins_in_order():
    policies = [Candidate(1, {"priority": ["urgent"]}), Candidate(2, {"segment": ["enterprise"]}),
                Candidate(3, {"tag": ["vip"]}), Candidate(9, {}, is_default=True)]  # fmt: skip

    assert first_match(policies, ENTERPRISE) == 2


def test_default_policy_applies_when_nothing_matches_wherever_it_is_listed():
    policies = [Candidate(9, {}, is_default=True), Candidate(1, {"priority": ["urgent"]})]

    assert first_match(policies, ENTERPRISE) == 9
    assert first_match([Candidate(1, {"priority": ["low"]})], ENTERPRISE) is None


def test_conditions_are_cleaned():
    cleaned = check_conditions({"tag": "VIP Gold", "tier": [1, 1, 2], "team": ["N1 Réseau"]})

    assert cleaned == {"tag": ["vip-gold"], "tier": [1, 2], "team": ["n1-réseau"]}


@pytest.mark.parametrize(
    ("raw", "message"),
    [({"colour": ["red"]}, "Condition inconnue"), ({"priority": ["critical"]}, "critical"),
     ({"segment": []}, "non vide"), ({"tier": [7]}, "0 à 4"), (["priority"], "objet JSON")],
)  # fmt: skip
def test_bad_conditions_are_refused_with_a_reason(raw, message):
    with pytest.raises(ValueError, match=message):
        check_conditions(raw)
