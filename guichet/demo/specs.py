"""The shape of a demo brand, as plain frozen data. See docs/demo.md.

Each brand module in guichet/demo/vocabulary/ builds one BrandSpec; the generator reads
nothing else, so a new demo brand is one new module.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from random import Random


@dataclass(frozen=True)
class TeamSpec:
    slug: str
    name: str
    tier: int


@dataclass(frozen=True)
class CategorySpec:
    slug: str
    name: str
    description: str
    team: str
    tier: int
    parent: str = ""


@dataclass(frozen=True)
class AgentSpec:
    username: str
    first_name: str
    last_name: str
    role: str
    tier: int
    teams: tuple[str, ...]
    skills: tuple[str, ...] = ()
    languages: tuple[str, ...] = ("fr",)
    capacity: int = 20
    weight: float = 1.0


@dataclass(frozen=True)
class Phrasing:
    subjects: tuple[str, ...]
    bodies: tuple[str, ...]


@dataclass(frozen=True)
class IntentSpec:
    """One reason to write to support: its category, typical fields and phrasings."""

    key: str
    category: str
    type: str
    priority: str
    weight: float
    fr: Phrasing
    en: Phrasing
    escalate: float = 0.1
    escalate_deep: float = 0.15
    reopen: float = 0.05
    resolve_hours: float = 6.0
    anger: float = 0.2
    month_end: bool = False


@dataclass(frozen=True)
class Spike:
    """Extra load on some days (an outage, a failed release) that mostly brings one intent."""

    days_ago: int
    length_days: int
    factor: float
    intent: str


@dataclass(frozen=True)
class TrafficProfile:
    weekday: tuple[float, ...]
    hourly_week: tuple[float, ...]
    hourly_weekend: tuple[float, ...]
    open_hours: tuple[tuple[int, int] | None, ...]
    month_factor: dict[int, float] = field(default_factory=dict)
    month_end_factor: float = 1.0
    spikes: tuple[Spike, ...] = ()


@dataclass(frozen=True)
class CustomFieldSpec:
    target: str
    key: str
    label: str
    kind: str
    choices: tuple[str, ...] = ()
    visible_to_customers: bool = False


@dataclass(frozen=True)
class MacroSpec:
    name: str
    body: str
    kind: str = "reply"
    set_fields: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class PopulationSpec:
    """How many organisations and contacts, and how they look."""

    organisations: int
    consumers: int
    segments: tuple[tuple[str, float], ...]
    plans: dict[str, tuple[str, ...]]
    arr: dict[str, tuple[int, int]]
    contacts_per_org: tuple[int, int]
    en_share: float
    org_name: Callable[[Random, int], str]
    email_domain: str


@dataclass(frozen=True)
class Texts:
    """Agent-side texts of a brand, per top-level category and language."""

    solutions: dict[str, dict[str, tuple[str, ...]]]
    questions: dict[str, dict[str, tuple[str, ...]]]
    escalation_reasons: dict[int, tuple[str, ...]]
    notes: tuple[str, ...]
    details: dict[str, tuple[str, ...]]
    slots: dict[str, tuple[str, ...]]


@dataclass(frozen=True)
class BrandSpec:
    slug: str
    name: str
    prefix: str
    legal_name: str
    host: str
    support_email: str
    languages: tuple[str, ...]
    teams: tuple[TeamSpec, ...]
    categories: tuple[CategorySpec, ...]
    agents: tuple[AgentSpec, ...]
    intents: tuple[IntentSpec, ...]
    traffic: TrafficProfile
    channels: tuple[tuple[str, float], ...]
    population: PopulationSpec
    texts: Texts
    custom_fields: tuple[CustomFieldSpec, ...] = ()
    macros: tuple[MacroSpec, ...] = ()
    ticket_fields: Callable[[Random, str, str, dt.date], dict[str, object]] | None = None
    escalation_teams: dict[str, str] = field(default_factory=dict)

    def category(self, slug: str) -> CategorySpec:
        return next(c for c in self.categories if c.slug == slug)

    def top_category(self, slug: str) -> str:
        node = self.category(slug)
        return node.parent or node.slug
