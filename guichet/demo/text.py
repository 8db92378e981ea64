"""Composing demo texts from templates: slots, tones, typos, missing accents. See docs/demo.md.

Pure functions over a `random.Random`; nothing here touches the database.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass
from random import Random

from guichet.demo.specs import BrandSpec, IntentSpec
from guichet.demo.vocabulary import common

WEEKDAYS = {
    "fr": ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}
SENTIMENT_OF_TONE = {"angry": "negative", "neutral": "neutral", "polite": "positive"}
SHORT_CHANNELS = {"chat", "whatsapp", "slack", "teams"}


def strip_accents(text: str) -> str:
    """'Télétransmission échouée' -> 'Teletransmission echouee' (what many phones send)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def add_typos(text: str, rng: Random, rate: float) -> str:
    """Swap, drop or double one letter in about `rate` of the words longer than three letters."""
    words = text.split(" ")
    for i, word in enumerate(words):
        if len(word) > 3 and word.isalpha() and rng.random() < rate:
            j = rng.randrange(1, len(word) - 1)
            operation = rng.randrange(3)
            if operation == 0:
                word = word[: j - 1] + word[j] + word[j - 1] + word[j + 1 :]
            elif operation == 1:
                word = word[:j] + word[j + 1 :]
            else:
                word = word[:j] + word[j] + word[j:]
            words[i] = word
    return " ".join(words)


class Slots(dict[str, str]):
    """Values for {placeholders}, drawn on first use so a ticket repeats the same amount."""

    def __init__(
        self, rng: Random, lang: str, brand_slots: dict[str, tuple[str, ...]], day: dt.date
    ):
        super().__init__()
        self.rng, self.lang, self.brand_slots, self.day = rng, lang, brand_slots, day

    def __missing__(self, key: str) -> str:
        value = self._draw(key)
        self[key] = value
        return value

    def _draw(self, key: str) -> str:
        rng, fr = self.rng, self.lang == "fr"
        if key == "amount":
            euros, cents = rng.randint(12, 189), rng.choice(("00", "90", "99", "49", "37"))
            return f"{euros},{cents} €" if fr else f"€{euros}.{cents}"
        if key == "month":
            back = 1 if rng.random() < 0.6 else 0
            return common.MONTHS[self.lang][(self.day.month - 1 - back) % 12]
        if key == "day":
            when = self.day + dt.timedelta(days=rng.randint(1, 6))
            return f"{WEEKDAYS[self.lang][when.weekday()]} {when.day}"
        numbers = {
            "days": (2, 12), "count": (2, 30), "patients": (8, 25),
            "customer_id": (10_000_000, 99_999_999), "order": (100_000, 999_999),
        }  # fmt: skip
        if key in numbers:
            low, high = numbers[key]
            prefix = "CMD-" if key == "order" else ""
            return f"{prefix}{rng.randint(low, high)}"
        if key == "phone":
            return "06 " + " ".join(f"{rng.randint(0, 99):02d}" for _ in range(4))
        if key == "employees":
            return str(rng.choice((8, 12, 25, 40, 60, 120, 250, 800, 1500)))
        return rng.choice(self.brand_slots[key])


def fill(template: str, slots: Slots) -> str:
    return template.format_map(slots)


@dataclass(frozen=True)
class Person:
    name: str
    lang: str

    @property
    def first(self) -> str:
        return self.name.split(" ")[0]


@dataclass(frozen=True)
class CustomerText:
    subject: str
    body: str
    vague: bool


def _noise(text: str, rng: Random, lang: str, channel: str) -> str:
    short = channel in SHORT_CHANNELS
    if lang == "fr" and rng.random() < (0.5 if short else 0.15):
        text = strip_accents(text)
    if short and rng.random() < 0.4:
        text = text.lower()
    return add_typos(text, rng, 0.05 if short else 0.015)


def _core(rng: Random, spec: BrandSpec, intent: IntentSpec, lang: str, slots: Slots) -> list[str]:
    phrasing = intent.fr if lang == "fr" else intent.en
    sentences = [fill(rng.choice(phrasing.bodies), slots)]
    details = spec.texts.details[lang]
    for _ in range(rng.choice((0, 0, 1, 1, 2))):
        sentences.append(fill(rng.choice(details), slots))
    if rng.random() < 0.1:
        # Another worry in the same message: shared words across categories.
        other = rng.choice(spec.intents)
        other_phrasing = other.fr if lang == "fr" else other.en
        also = "Par ailleurs, " if lang == "fr" else "Also, "
        extra = fill(rng.choice(other_phrasing.bodies), slots)
        sentences.append(also + extra[0].lower() + extra[1:])
    return sentences


def customer_text(
    rng: Random,
    spec: BrandSpec,
    intent: IntentSpec,
    person: Person,
    tone: str,
    channel: str,
    priority: str,
    slots: Slots,
) -> CustomerText:
    """Subject and body of a customer's first message."""
    lang = person.lang
    vague = rng.random() < 0.04
    if vague:
        subject, core = rng.choice(common.VAGUE[lang])
        sentences = [core]
    else:
        phrasing = intent.fr if lang == "fr" else intent.en
        subject = fill(rng.choice(phrasing.subjects), slots)
        sentences = _core(rng, spec, intent, lang, slots)
    if tone != "neutral" and rng.random() < 0.8:
        sentences.append(rng.choice(common.TONE_SENTENCES[tone][lang]))
    urgent = priority == "urgent" and rng.random() < 0.5
    if urgent or (tone == "angry" and rng.random() < 0.15) or rng.random() < 0.02:
        subject = rng.choice(common.URGENT_MARKERS[lang]) + subject
    if tone == "angry" and rng.random() < 0.2:
        sentences[-1] = sentences[-1].upper()
    return CustomerText(subject[:250], _envelope(rng, sentences, person, tone, channel), vague)


def _envelope(rng: Random, sentences: list[str], person: Person, tone: str, channel: str) -> str:
    lang = person.lang
    text = " ".join(sentences)
    if channel in SHORT_CHANNELS:
        return _noise(text, rng, lang, channel)
    if channel == "phone":
        lead = (
            "Appel entrant. Le client explique : "
            if lang == "fr"
            else "Inbound call. Caller says: "
        )
        return lead + text
    greeting = rng.choice(common.GREETINGS[lang])
    closing = rng.choice(common.CLOSINGS[tone][lang])
    signature = person.name if rng.random() < 0.7 else person.first
    return _noise(f"{greeting}\n\n{text}\n\n{closing}\n{signature}", rng, lang, channel)


def customer_follow_up(rng: Random, spec: BrandSpec, person: Person, slots: Slots) -> str:
    detail = fill(rng.choice(spec.texts.details[person.lang]), slots)
    text = rng.choice(common.FOLLOW_UPS[person.lang]).format(detail=detail)
    return _noise(text, rng, person.lang, "email")


def customer_reopening(rng: Random, person: Person) -> str:
    return _noise(rng.choice(common.REOPENINGS[person.lang]), rng, person.lang, "email")


class AgentWriter:
    """The agent side of one ticket: replies in the customer's language, signed by the agent."""

    def __init__(
        self, rng: Random, spec: BrandSpec, top: str, customer: Person, slots: Slots, tone: str
    ):
        self.rng, self.spec, self.top, self.customer, self.slots = rng, spec, top, customer, slots
        self.lang = customer.lang
        self.acks = common.AGENT_ACKS["angry" if tone == "angry" else "calm"][self.lang]

    def _wrap(self, agent: str, middle: str) -> str:
        rng, lang = self.rng, self.lang
        opening = rng.choice(common.AGENT_OPENINGS[lang]).format(
            first=self.customer.first, name=self.customer.name
        )
        signature = f"{agent} - {self.spec.name}"
        closing = rng.choice(common.AGENT_CLOSINGS[lang]).format(agent=signature)
        return f"{opening}\n\n{middle}\n\n{closing}"

    def acknowledgement(self, agent: str) -> str:
        next_step = self.rng.choice(common.AGENT_NEXT_STEPS[self.lang])
        return self._wrap(agent, f"{self.rng.choice(self.acks)} {next_step}")

    def question(self, agent: str) -> str:
        ack = self.rng.choice(self.acks)
        questions = self.spec.texts.questions
        options = questions.get(self.top, {}).get(self.lang) or questions[""][self.lang]
        return self._wrap(agent, ack + " " + self.rng.choice(options))

    def transfer(self, agent: str) -> str:
        return self._wrap(agent, self.rng.choice(common.AGENT_TRANSFERS[self.lang]))

    def solution(self, agent: str) -> str:
        options = self.spec.texts.solutions[self.top]
        texts = options.get(self.lang) or options["fr"]
        return self._wrap(agent, fill(self.rng.choice(texts), self.slots))

    def note(self, reason: str = "") -> str:
        return reason or self.rng.choice(self.spec.texts.notes)
