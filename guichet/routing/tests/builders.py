"""Test data for routing: teams with a strategy, agents with their skills and limits."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.test import Client

from guichet.brands.models import Brand
from guichet.core.tests import factories
from guichet.people.models import Agent, Team
from guichet.routing.models import AgentRoutingProfile, TeamRouting


def team(brand: Brand, strategy: str = "round_robin") -> Team:
    group = factories.team(brand_=brand)
    TeamRouting.objects.create(team=group, strategy=strategy)
    return group


def agent(
    group: Team,
    *,
    availability: str = "online",
    languages: list[str] | None = None,
    tier: int = 1,
    skills: Sequence[str] = (),
    capacity: int = 20,
    **profile: Any,
) -> Any:
    """An agent of the team: skills (category slugs) and capacity on people.Agent, the rest
    (max_chats, out-of-office dates) on their routing profile."""
    user = factories.agent(
        "agent", tier=tier, teams=[group], availability=availability,
        languages=languages or [], skills=list(skills), capacity=capacity,
    )  # fmt: skip
    AgentRoutingProfile.objects.create(agent=user.agent, **profile)
    return user


def set_availability(user: Any, availability: str) -> None:
    Agent.objects.filter(user=user).update(availability=availability)


def client_for(user: Any) -> Client:
    """A test client signed in as `user`."""
    client = Client()
    client.force_login(user)
    return client
