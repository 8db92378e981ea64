"""Text composition: accents, typos, slots, templates of every brand, tones."""

from __future__ import annotations

import datetime as dt
import re
from random import Random

import pytest

from guichet.demo.text import Person, Slots, add_typos, customer_text, fill, strip_accents
from guichet.demo.vocabulary import BRANDS, common

DAY = dt.date(2026, 6, 15)


def test_strip_accents_drops_diacritics_only():
    assert (
        strip_accents("Télétransmission échouée à Noël, ça !")
        == "Teletransmission echouee a Noel, ca !"
    )


def test_add_typos_with_rate_zero_keeps_the_text():
    text = "Plus de réseau depuis ce matin"
    assert add_typos(text, Random(1), 0) == text


def test_add_typos_changes_long_words_but_keeps_the_word_count():
    text = "Impossible de télécharger mes factures depuis lundi"
    changed = add_typos(text, Random(1), 1.0)
    assert changed != text
    assert len(changed.split(" ")) == len(text.split(" "))
    assert changed.split(" ")[1] == "de"  # words of three letters or fewer are left alone


def test_add_typos_is_deterministic_for_a_seed():
    text = "Le prélèvement a été rejeté par la banque"
    assert add_typos(text, Random(7), 0.5) == add_typos(text, Random(7), 0.5)


def test_a_slot_keeps_its_value_within_one_ticket():
    slots = Slots(Random(3), "fr", {}, DAY)
    assert fill("{amount} puis {amount}", slots).split(" puis ")[0] == slots["amount"]
    assert slots["amount"].endswith(" €")


def test_english_amounts_put_the_currency_first():
    assert Slots(Random(3), "en", {}, DAY)["amount"].startswith("€")


def _templates(spec):
    texts = [*spec.texts.details["fr"], *spec.texts.details["en"]]
    for intent in spec.intents:
        for phrasing in (intent.fr, intent.en):
            texts += [*phrasing.subjects, *phrasing.bodies]
    for by_lang in spec.texts.solutions.values():
        for options in by_lang.values():
            texts += list(options)
    return texts


@pytest.mark.parametrize("spec", BRANDS, ids=lambda spec: spec.slug)
def test_every_template_of_a_brand_fills_its_slots(spec):
    unfilled = [
        template
        for template in _templates(spec)
        for lang in ("fr", "en")
        if re.search(r"[{}]", fill(template, Slots(Random(1), lang, spec.texts.slots, DAY)))
    ]
    assert unfilled == []


def test_every_top_category_has_solutions_for_its_replies():
    for spec in BRANDS:
        tops = {c.slug for c in spec.categories if not c.parent}
        assert tops <= set(spec.texts.solutions), spec.slug


def test_english_customers_write_in_english():
    spec = BRANDS[0]
    intent = spec.intents[0]
    french_greetings = {"Bonjour,", "Bonsoir,", "Madame, Monsieur,", "Bjr,"}
    for seed in range(30):
        rng = Random(seed)
        text = customer_text(rng, spec, intent, Person("Emily Walker", "en"), "neutral", "email", "normal",
                             Slots(rng, "en", spec.texts.slots, DAY))  # fmt: skip
        assert text.body.split("\n")[0] not in french_greetings


def test_angry_customers_mostly_say_so():
    spec = BRANDS[0]
    intent = spec.intents[0]
    angry_words = [*common.TONE_SENTENCES["angry"]["fr"], *common.CLOSINGS["angry"]["fr"]]
    said = 0
    for seed in range(200):
        rng = Random(seed)
        body = customer_text(rng, spec, intent, Person("Jean Martin", "fr"), "angry", "email", "normal",
                             Slots(rng, "fr", spec.texts.slots, DAY)).body  # fmt: skip
        plain = strip_accents(body.lower())
        said += any(strip_accents(w.lower())[:12] in plain for w in angry_words)
    assert said / 200 > 0.7
