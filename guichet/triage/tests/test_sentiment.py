"""Sentiment, anger and urgency (pure)."""

from __future__ import annotations

from guichet.triage.sentiment import analyse_sentiment, fold


def test_thanks_and_praise_are_positive() -> None:
    assert analyse_sentiment("Merci beaucoup, c'est parfait !").label == "positive"
    assert analyse_sentiment("Thanks a lot, works great now").label == "positive"


def test_a_plain_question_is_neutral() -> None:
    result = analyse_sentiment("Bonjour, comment changer mon adresse de livraison ?")
    assert (result.label, result.anger, result.urgency) == ("neutral", 0.0, 0.0)


def test_negation_flips_a_positive_word() -> None:
    result = analyse_sentiment("Je ne suis pas satisfait du service")
    assert result.label == "negative"
    assert "not satisfait" in result.cues
    assert analyse_sentiment("I am not happy at all").label == "negative"


def test_french_anger_with_capitals_and_exclamations() -> None:
    result = analyse_sentiment("C'est INADMISSIBLE, TROIS semaines sans réponse !!")
    assert result.label == "negative"
    assert result.anger == 1.0
    assert "anger:capitals" in result.cues


def test_english_anger() -> None:
    result = analyse_sentiment("This is ridiculous, I am fed up")
    assert result.anger >= 0.5
    assert result.score < -0.5


def test_urgency_cues_in_french_and_english() -> None:
    assert analyse_sentiment("URGENT : plus rien ne fonctionne en production").urgency == 1.0
    assert analyse_sentiment("Please fix this asap, production down").urgency == 1.0
    assert analyse_sentiment("Quand vous aurez un moment").urgency == 0.0


def test_negated_urgency_is_no_urgency() -> None:
    assert analyse_sentiment("Ce n'est pas urgent, une idée pour plus tard").urgency == 0.0
    assert analyse_sentiment("Not urgent at all").urgency == 0.0


def test_accents_do_not_matter() -> None:
    assert analyse_sentiment("decu").score == analyse_sentiment("déçu").score < 0
    assert fold("Déçu’É") == "decu'e"


def test_score_stays_between_minus_one_and_one() -> None:
    furious = "inadmissible scandaleux honteux arnaque furieux " * 50
    result = analyse_sentiment(furious)
    assert -1.0 <= result.score < -0.9
