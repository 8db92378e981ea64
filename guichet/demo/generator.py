"""The demo data set as plain data: a brand's world (people, staff) and its tickets.

Deterministic: the same seed and anchor give the same plans. Every ticket has its own
random stream (seed, brand, index), so the core and history phases can generate disjoint
slices of one timeline in separate processes. See docs/demo.md.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from random import Random

from guichet.demo import lifecycle, logins
from guichet.demo.plan import TicketPlan
from guichet.demo.population import ContactPlan, Population, add_contact, build_population
from guichet.demo.specs import AgentSpec, BrandSpec, IntentSpec
from guichet.demo.text import (
    SENTIMENT_OF_TONE,
    AgentWriter,
    Person,
    Slots,
    customer_follow_up,
    customer_reopening,
    customer_text,
)
from guichet.demo.timeline import PARIS, is_month_end, sample_created_times, spike_on
from guichet.demo.vocabulary import BRANDS

FULL_SIZE = 5000  # tickets per brand of the default data set
RECENT_DAYS = 7
MIN_RECENT = 20
CUSTOMER_TICKETS = (3, 5)  # (recent, older) tickets of the demo customer
PRIORITIES = ("low", "normal", "high", "urgent")
TYPE_CONFUSION = {
    "question": ("request",),
    "request": ("question",),
    "incident": ("problem",),
    "problem": ("incident", "question"),
    "complaint": ("question", "request"),
}


@dataclass
class BrandWorld:
    spec: BrandSpec
    seed: int
    population: Population
    staff: tuple[AgentSpec, ...]
    customer_key: int | None

    def __post_init__(self) -> None:
        self.contact_cum = list(itertools.accumulate(self.population.weights))
        self.pools: dict[str, tuple[list[str], list[float]]] = {}
        for team in self.spec.teams:
            members = [a for a in self.staff if a.role == "agent" and team.slug in a.teams]
            self.pools[team.slug] = ([a.username for a in members], [a.weight for a in members])
        self.first_names = {a.username: a.first_name for a in self.staff}
        self.channels = [c for c, _ in self.spec.channels]
        self.channel_weights = [w for _, w in self.spec.channels]

    def pick(self, rng: Random, team: str) -> str:
        names, weights = self.pools[team]
        return rng.choices(names, weights=weights)[0]

    def first_name(self, username: str) -> str:
        return self.first_names.get(username, "")

    def escalation_team(self, top: str, tier: int) -> str:
        if tier == 2 and top in self.spec.escalation_teams:
            return self.spec.escalation_teams[top]
        return next(t.slug for t in self.spec.teams if t.tier == tier)


def build_world(spec: BrandSpec, seed: int, tickets: int = FULL_SIZE) -> BrandWorld:
    """A brand's people and staff; a data set under FULL_SIZE tickets gets fewer people."""
    index = [b.slug for b in BRANDS].index(spec.slug) if spec in BRANDS else 9
    population = build_population(spec, seed, index, scale=tickets / FULL_SIZE)
    customer_key = None
    if spec.slug == logins.CUSTOMER_BRAND:
        smb = (o for o in population.orgs if o.segment == "smb" and o.language == "fr")
        org = next(smb, population.orgs[0])
        customer_key = len(population.contacts)
        add_contact(
            population,
            ContactPlan(
                key=customer_key, name=logins.CUSTOMER.name, language="fr", org=org.key,
                email=f"{logins.CUSTOMER.email_local}@{org.domain}", phone="+33612345678",
                username=logins.CUSTOMER.username,
            ),
        )  # fmt: skip
    staff = spec.agents + tuple(
        a for a in logins.STAFF if {t.slug for t in spec.teams} & set(a.teams)
    )
    return BrandWorld(spec, seed, population, staff, customer_key)


@dataclass(frozen=True)
class Timeline:
    """Arrival times of a brand's tickets (ticket number = position + 1)."""

    times: list[dt.datetime]
    recent_from: int
    customer_indices: frozenset[int]


def build_timeline(spec: BrandSpec, seed: int, count: int, anchor: dt.datetime) -> Timeline:
    rng = Random(f"{seed}:{spec.slug}:timeline")
    times = sample_created_times(rng, spec.traffic, count, anchor)
    since = anchor - dt.timedelta(days=RECENT_DAYS)
    recent_from = next((i for i, t in enumerate(times) if t >= since), count)
    recent_from = min(recent_from, max(count - MIN_RECENT, 0))
    chosen: set[int] = set()
    if spec.slug == logins.CUSTOMER_BRAND and count:
        recent, older = CUSTOMER_TICKETS
        chosen |= set(rng.sample(range(recent_from, count), min(recent, count - recent_from)))
        chosen |= set(rng.sample(range(recent_from), min(older, recent_from)))
    return Timeline(times, recent_from, frozenset(chosen))


def _intent(rng: Random, spec: BrandSpec, day: dt.date, anchor_day: dt.date) -> IntentSpec:
    spike = spike_on(spec.traffic, day, anchor_day)
    if spike is not None and rng.random() < 1 - 1 / spike.factor:
        return next(i for i in spec.intents if i.key == spike.intent)
    month_end = is_month_end(day)
    factor = spec.traffic.month_end_factor
    weights = [i.weight * (factor if month_end and i.month_end else 1.0) for i in spec.intents]
    return rng.choices(spec.intents, weights=weights)[0]


def _tone(rng: Random, intent: IntentSpec, channel: str) -> str:
    draw = rng.random()
    anger = intent.anger * (1.25 if channel in ("chat", "whatsapp", "phone") else 1.0)
    if draw < anger:
        return "angry"
    return "polite" if draw < anger + 0.22 else "neutral"


def _priority(rng: Random, intent: IntentSpec, tone: str, important: bool, spike: bool) -> str:
    level = PRIORITIES.index(intent.priority)
    if tone == "angry" and rng.random() < 0.3:
        level += 1
    if important and rng.random() < 0.3:
        level += 1
    if spike:
        level = max(level, 2)
    noise = rng.random()
    level += -1 if noise < 0.08 else (1 if noise > 0.95 else 0)
    return PRIORITIES[min(max(level, 0), 3)]


def _type(rng: Random, intent: IntentSpec, tone: str) -> str:
    if tone == "angry" and intent.type != "complaint" and rng.random() < 0.12:
        return "complaint"
    if rng.random() < 0.1:
        return rng.choice(TYPE_CONFUSION[intent.type])
    return intent.type


def _category(rng: Random, spec: BrandSpec, intent: IntentSpec) -> str:
    """Mostly the intent's category; sometimes an agent filed it next door."""
    node = spec.category(intent.category)
    if rng.random() < 0.04:
        siblings = [c.slug for c in spec.categories if c.parent and c.parent == node.parent]
        return rng.choice(siblings)
    return node.slug


def generate_ticket(
    world: BrandWorld, timeline: Timeline, index: int, anchor: dt.datetime
) -> TicketPlan:
    spec = world.spec
    rng = Random(f"{world.seed}:{spec.slug}:{index}")
    created = timeline.times[index]
    day, anchor_day = created.astimezone(PARIS).date(), anchor.astimezone(PARIS).date()
    intent = _intent(rng, spec, day, anchor_day)
    contact = _requester(rng, world, timeline, index)
    org = world.population.orgs[contact.org] if contact.org is not None else None
    channel = (
        "portal" if contact.username else rng.choices(world.channels, world.channel_weights)[0]
    )
    tone = _tone(rng, intent, channel)
    spike = spike_on(spec.traffic, day, anchor_day)
    important = contact.vip or (org is not None and org.segment == "enterprise")
    priority = _priority(
        rng, intent, tone, important, spike is not None and spike.intent == intent.key
    )
    person = Person(contact.name, contact.language)
    slots = Slots(rng, contact.language, spec.texts.slots, day)
    text = customer_text(rng, spec, intent, person, tone, channel, priority, slots)
    category = _category(rng, spec, intent)
    node = spec.category(category)
    top = spec.top_category(category)
    tags = tuple(
        tag
        for tag, present in (
            ("vip", contact.vip),
            ("incident-majeur", spike is not None and spike.intent == intent.key),
        )
        if present
    )
    ticket = TicketPlan(
        index=index, number=index + 1, reference=f"{spec.prefix}-{index + 1}",
        subject=text.subject, priority=priority, type=_type(rng, intent, tone), channel=channel,
        category=category, language=contact.language, requester=contact.key,
        organisation=contact.org, created_at=created, intent=intent.key,
        sentiment=SENTIMENT_OF_TONE[tone], vague=text.vague, tags=tags,
        custom_fields=spec.ticket_fields(rng, category, top, day) if spec.ticket_fields else {},
        tier=node.tier, team=node.team,
    )  # fmt: skip
    writer = AgentWriter(rng, spec, top, person, slots, tone)
    _play(rng, world, ticket, anchor, contact.username, writer, intent, text.body)
    return ticket


def _requester(rng: Random, world: BrandWorld, timeline: Timeline, index: int) -> ContactPlan:
    if index in timeline.customer_indices and world.customer_key is not None:
        return world.population.contacts[world.customer_key]
    position = rng.choices(range(len(world.contact_cum)), cum_weights=world.contact_cum)[0]
    return world.population.contacts[position]


def _play(
    rng: Random,
    world: BrandWorld,
    ticket: TicketPlan,
    anchor: dt.datetime,
    customer_actor: str,
    writer: AgentWriter,
    intent: IntentSpec,
    first_body: str,
) -> None:
    """Run the ticket's lifecycle up to the anchor."""
    spec, top = world.spec, writer.top
    staffing = lifecycle.Staffing(
        pick=world.pick,
        first_name=world.first_name,
        escalation_team=lambda tier: world.escalation_team(top, tier),
    )
    life = lifecycle.Lifecycle(ticket, anchor, spec.traffic.open_hours, staffing, customer_actor)
    texts = (
        lambda: customer_follow_up(rng, spec, writer.customer, writer.slots),
        lambda: customer_reopening(rng, writer.customer),
    )
    lifecycle.run(life, rng, writer, intent, first_body, texts, spec.texts.escalation_reasons)


def generate_tickets(
    world: BrandWorld, timeline: Timeline, indices: range, anchor: dt.datetime
) -> Iterator[TicketPlan]:
    for index in indices:
        yield generate_ticket(world, timeline, index, anchor)
