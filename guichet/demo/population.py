"""Who the demo customers are: organisations and contacts of a brand, as plain data.

Pure and seeded; emails are unique within a brand, which is how the loader finds a contact
again in the history phase. See docs/demo.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from random import Random

from guichet.demo.specs import BrandSpec
from guichet.demo.text import strip_accents
from guichet.demo.vocabulary import common

SEGMENT_WEIGHT = {"enterprise": 4.0, "smb": 1.0, "consumer": 1.0}


@dataclass(frozen=True)
class OrgPlan:
    key: int
    name: str
    segment: str
    plan: str
    arr: int
    csm: str
    language: str
    domain: str
    custom_fields: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class ContactPlan:
    key: int
    name: str
    email: str
    phone: str
    language: str
    org: int | None
    is_org_admin: bool = False
    vip: bool = False
    custom_fields: dict[str, object] = field(default_factory=dict)
    username: str = ""


@dataclass
class Population:
    orgs: list[OrgPlan]
    contacts: list[ContactPlan]
    weights: list[float]


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", strip_accents(text).lower()).strip("-")


def _person(rng: Random, lang: str) -> str:
    if lang == "en":
        return f"{rng.choice(common.FIRST_NAMES_EN)} {rng.choice(common.LAST_NAMES_EN)}"
    return f"{rng.choice(common.FIRST_NAMES_FR)} {rng.choice(common.LAST_NAMES_FR)}"


def _email(name: str, key: int, domain: str) -> str:
    first, _, last = name.partition(" ")
    return f"{_slug(first)}.{_slug(last)}.{key}@{domain}"


def _phone(brand_index: int, key: int) -> str:
    return f"+336{brand_index}{key:07d}"


def scaled(count: int, scale: float) -> int:
    """Fewer people for a smaller data set (tests, quick demos); never fewer than 10."""
    return count if scale >= 1 else max(min(count, 10), round(count * scale))


def _orgs(rng: Random, spec: BrandSpec, csms: list[str], scale: float) -> list[OrgPlan]:
    population = spec.population
    segments = [s for s, _ in population.segments]
    segment_weights = [w for _, w in population.segments]
    orgs = []
    for key in range(scaled(population.organisations, scale)):
        segment = rng.choices(segments, weights=segment_weights)[0]
        low, high = population.arr[segment]
        name = population.org_name(rng, key)
        language = "en" if rng.random() < population.en_share else "fr"
        extra: dict[str, object] = {}
        if spec.slug == "kolibri":
            extra["kolibri_employee_count"] = rng.randint(20, 80) * (
                40 if segment == "enterprise" else 1
            )
        orgs.append(
            OrgPlan(
                key=key, name=name, segment=segment, language=language,
                plan=rng.choice(population.plans[segment]),
                arr=int(round(rng.uniform(low, high), -1)),
                csm=rng.choice(csms) if csms and (segment == "enterprise" or rng.random() < 0.2) else "",
                domain=f"{_slug(name)[:40]}.example", custom_fields=extra,
            )
        )  # fmt: skip
    return orgs


def build_population(
    spec: BrandSpec, seed: int, brand_index: int, scale: float = 1.0
) -> Population:
    """Organisations, then their contacts, then consumers without an organisation."""
    rng = Random(f"{seed}:{spec.slug}:people")
    csms = [a.username for a in spec.agents if a.role == "csm"]
    orgs = _orgs(rng, spec, csms, scale)
    contacts: list[ContactPlan] = []
    weights: list[float] = []
    low, high = spec.population.contacts_per_org
    for org in orgs:
        for position in range(rng.randint(low, high)):
            key = len(contacts)
            lang = org.language if rng.random() < 0.9 else ("en" if org.language == "fr" else "fr")
            name = _person(rng, lang)
            extra: dict[str, object] = {}
            if spec.slug == "asclepia":
                extra["asclepia_rpps"] = f"10{rng.randrange(10**8, 10**9)}"
            contacts.append(
                ContactPlan(
                    key=key, name=name, email=_email(name, key, org.domain),
                    phone=_phone(brand_index, key), language=lang, org=org.key,
                    is_org_admin=position == 0, vip=rng.random() < 0.03, custom_fields=extra,
                )
            )  # fmt: skip
            weights.append(SEGMENT_WEIGHT[org.segment] * (1.5 if position == 0 else 1.0))
    for _ in range(scaled(spec.population.consumers, scale)):
        key = len(contacts)
        lang = "en" if rng.random() < spec.population.en_share else "fr"
        name = _person(rng, lang)
        contacts.append(
            ContactPlan(
                key=key, name=name, email=_email(name, key, rng.choice(common.MAIL_DOMAINS)),
                phone=_phone(brand_index, key), language=lang, org=None, vip=rng.random() < 0.01,
            )
        )  # fmt: skip
        weights.append(1.5)
    return Population(orgs=orgs, contacts=contacts, weights=weights)


def add_contact(population: Population, contact: ContactPlan, weight: float = 0.0) -> None:
    population.contacts.append(contact)
    population.weights.append(weight)
