"""Generated plans shared by the pure tests (no database): 600 tickets per brand, fixed anchor."""

from __future__ import annotations

import datetime as dt

import pytest

from guichet.demo.generator import (
    BrandWorld,
    Timeline,
    build_timeline,
    build_world,
    generate_tickets,
)
from guichet.demo.plan import TicketPlan
from guichet.demo.vocabulary import BRANDS

ANCHOR = dt.datetime(2026, 6, 30, 16, 0, tzinfo=dt.UTC)
SIZE = 600


def generate(
    seed: int, size: int = SIZE
) -> dict[str, tuple[BrandWorld, Timeline, list[TicketPlan]]]:
    result = {}
    for spec in BRANDS:
        world = build_world(spec, seed, size)
        timeline = build_timeline(spec, seed, size, ANCHOR)
        result[spec.slug] = (
            world,
            timeline,
            list(generate_tickets(world, timeline, range(size), ANCHOR)),
        )
    return result


@pytest.fixture(scope="session")
def generated() -> dict[str, tuple[BrandWorld, Timeline, list[TicketPlan]]]:
    return generate(42)


@pytest.fixture(scope="session")
def plans(
    generated: dict[str, tuple[BrandWorld, Timeline, list[TicketPlan]]],
) -> dict[str, list[TicketPlan]]:
    return {slug: value[2] for slug, value in generated.items()}
