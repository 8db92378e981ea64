"""Deciding where a ticket goes: rules first, then the model above its category's threshold."""

from dataclasses import replace

from guichet.routing.rules import (
    CategoryRoute,
    RuleSpec,
    TicketFacts,
    decide,
    facts_category,
    facts_language,
    first_matching_rule,
    raised_by_predictions,
    rule_matches,
)

FACTS = TicketFacts(brand_id=1, channel="chat", segment="enterprise", vip=False, language="en",
                    tags=frozenset({"billing"}), text="my invoice is wrong\nplease fix",
                    category_id=7, team_id=10, tier=1, priority="normal")  # fmt: skip
CATEGORIES = {7: CategoryRoute(team_id=70, tier=2), 8: CategoryRoute(team_id=80, tier=1)}


def test_a_rule_without_conditions_matches_everything():
    assert rule_matches(RuleSpec(id=1), FACTS)


def test_every_set_condition_must_hold():
    assert rule_matches(
        RuleSpec(id=1, channels=frozenset({"chat"}), languages=frozenset({"en"})), FACTS
    )
    assert not rule_matches(
        RuleSpec(id=1, channels=frozenset({"chat"}), languages=frozenset({"fr"})), FACTS
    )


def test_brand_segment_vip_tags_keywords_and_category_conditions():
    assert not rule_matches(RuleSpec(id=1, brand_id=2), FACTS)
    assert rule_matches(RuleSpec(id=1, segments=frozenset({"enterprise"})), FACTS)
    assert not rule_matches(RuleSpec(id=1, vip_only=True), FACTS)
    assert rule_matches(RuleSpec(id=1, tags=frozenset({"billing", "other"})), FACTS)
    assert rule_matches(RuleSpec(id=1, keywords=("refund", "invoice")), FACTS)
    assert not rule_matches(RuleSpec(id=1, keywords=("refund",)), FACTS)
    assert rule_matches(RuleSpec(id=1, category_ids=frozenset({7})), FACTS)
    assert not rule_matches(RuleSpec(id=1, category_ids=frozenset({8})), FACTS)


def test_the_first_matching_rule_in_order_wins():
    rules = [RuleSpec(id=1, languages=frozenset({"fr"})), RuleSpec(id=2), RuleSpec(id=3)]
    assert first_matching_rule(rules, FACTS).id == 2


def test_a_matching_rule_takes_precedence_over_a_confident_model():
    # given a rule to team 5 and a 99% sure model suggesting category 8 (team 80)
    rules = [RuleSpec(id=4, set_team_id=5, set_priority="high")]
    predictions = {"category": ("8", 0.99)}
    # when deciding
    decision = decide(FACTS, rules, predictions, {}, CATEGORIES)
    # then the rule wins, and keeps what it does not set
    assert (decision.reason, decision.rule_id, decision.team_id) == ("rule", 4, 5)
    assert (decision.tier, decision.priority) == (1, "high")


def test_the_model_is_followed_when_its_confidence_reaches_the_threshold():
    decision = decide(FACTS, [], {"category": ("8", 0.8)}, {8: 0.8}, CATEGORIES)
    assert (decision.reason, decision.team_id, decision.tier) == ("model", 80, 1)
    assert decision.detail == {"category": 8, "confidence": 0.8}


def test_the_threshold_is_per_category():
    predictions = {"category": ("8", 0.8)}
    assert decide(FACTS, [], predictions, {8: 0.9}, CATEGORIES).reason == "default"
    assert decide(FACTS, [], predictions, {7: 0.9}, CATEGORIES).reason == "model"


def test_without_a_category_threshold_the_default_applies():
    assert decide(FACTS, [], {"category": ("8", 0.6)}, {}, CATEGORIES, 0.7).reason == "default"
    assert decide(FACTS, [], {"category": ("8", 0.6)}, {}, CATEGORIES, 0.5).reason == "model"


def test_no_predictions_or_a_category_without_team_keep_the_ticket_team():
    assert decide(FACTS, [], {}, {}, CATEGORIES).team_id == 10
    routes = {8: CategoryRoute(team_id=None, tier=None)}
    decision = decide(FACTS, [], {"category": ("8", 0.99)}, {}, routes)
    assert (decision.reason, decision.team_id) == ("default", 10)


def test_a_garbled_category_label_is_ignored():
    assert decide(FACTS, [], {"category": ("billing", 0.99)}, {}, CATEGORIES).reason == "default"


def test_rules_see_the_model_category_only_when_the_ticket_has_none():
    predictions = {"category": ("8", 0.95)}
    assert facts_category(7, predictions, {}) == 7
    assert facts_category(None, predictions, {}) == 8
    assert facts_category(None, predictions, {8: 0.99}) is None


LONG_ENGLISH = "My printer does not work\nHello, since this morning the printer prints nothing"


def test_the_detected_language_replaces_the_tickets_when_confident_on_enough_words():
    english = {"language": ("en", 0.9)}
    assert facts_language("fr", english, 0.8, LONG_ENGLISH) == "en"
    assert facts_language("fr", {"language": ("en", 0.7)}, 0.8, LONG_ENGLISH) == "fr"
    assert facts_language("fr", english, 0.8, "Thanks!") == "fr"  # too short to trust
    assert facts_language("fr", {}, 0.8, LONG_ENGLISH) == "fr"


def test_a_language_rule_sees_the_detected_language():
    # given a ticket of a French mailbox, written in English, and a rule for English tickets
    language = facts_language("fr", {"language": ("en", 1.0)}, 0.8, LONG_ENGLISH)
    facts = replace(FACTS, language=language, ticket_language="fr")
    rule = RuleSpec(id=3, languages=frozenset({"en"}), set_team_id=30)
    # when deciding, then the rule matches and the detail says which language was used
    decision = decide(facts, [rule], {"language": ("en", 1.0)}, {}, CATEGORIES)
    assert (decision.reason, decision.team_id) == ("rule", 30)
    assert decision.detail["language"] == {"from": "fr", "to": "en", "confidence": 1.0}


def test_a_confident_tier_prediction_raises_the_tier():
    # given a ticket of tier 1 in category 7 (threshold 0.9) predicted N2
    decision = decide(FACTS, [], {"tier": ("2", 0.95)}, {7: 0.9}, CATEGORIES)
    assert (decision.reason, decision.tier) == ("default", 2)
    assert decision.detail["raised"] == {"tier": {"from": 1, "to": 2, "confidence": 0.95}}
    # below the category's threshold, nothing changes
    assert decide(FACTS, [], {"tier": ("2", 0.85)}, {7: 0.9}, CATEGORIES).tier == 1


def test_a_confident_priority_prediction_raises_the_priority_and_never_lowers_it():
    urgent = decide(FACTS, [], {"priority": ("urgent", 0.8)}, {}, CATEGORIES)
    assert urgent.priority == "urgent"
    assert urgent.detail["raised"]["priority"] == {"from": "normal", "to": "urgent",
                                                   "confidence": 0.8}  # fmt: skip
    low = decide(FACTS, [], {"priority": ("low", 0.99), "tier": ("0", 0.99)}, {}, CATEGORIES)
    assert (low.priority, low.tier, low.detail) == ("normal", 1, {})


def test_the_model_step_raises_the_categorys_tier_further():
    predictions = {"category": ("8", 0.95), "tier": ("3", 0.95), "priority": ("high", 0.95)}
    decision = decide(FACTS, [], predictions, {}, CATEGORIES)
    assert (decision.reason, decision.team_id, decision.tier, decision.priority) == (
        "model", 80, 3, "high")  # fmt: skip
    assert decision.detail["category"] == 8
    assert set(decision.detail["raised"]) == {"tier", "priority"}


def test_a_rule_keeps_the_tier_and_priority_it_sets_and_predictions_raise_the_rest():
    rules = [RuleSpec(id=4, set_team_id=5, set_priority="low")]
    predictions = {"priority": ("urgent", 0.99), "tier": ("2", 0.99)}
    decision = decide(FACTS, rules, predictions, {}, CATEGORIES)
    assert (decision.reason, decision.priority, decision.tier) == ("rule", "low", 2)


def test_garbled_tier_and_priority_labels_raise_nothing():
    predictions = {"tier": ("N2", 0.99), "priority": ("asap", 0.99)}
    assert raised_by_predictions(1, "normal", predictions, 0.7) == {}
