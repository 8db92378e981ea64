"""Test data builders shared by every app's tests. Plain functions, no magic."""

from __future__ import annotations

import itertools
from typing import Any

from django.contrib.auth import get_user_model

from guichet.brands.models import Brand, Category
from guichet.people.models import Agent, Contact, ContactIdentity, Organisation, Team
from guichet.tickets.actions import do_create_ticket
from guichet.tickets.models import Ticket

_seq = itertools.count(1)
PASSWORD = "correct-horse-battery-staple"


def brand(**kwargs: Any) -> Brand:
    n = next(_seq)
    defaults = {"name": f"Brand {n}", "slug": f"brand-{n}", "ticket_prefix": f"B{n}",
                "languages": ["fr", "en"]}  # fmt: skip
    defaults.update(kwargs)
    return Brand.objects.create(**defaults)


def category(brand_: Brand, **kwargs: Any) -> Category:
    n = next(_seq)
    defaults = {"name": f"Category {n}", "slug": f"category-{n}"}
    defaults.update(kwargs)
    return Category.objects.create(brand=brand_, **defaults)


def team(tier: int = 1, brand_: Brand | None = None, **kwargs: Any) -> Team:
    n = next(_seq)
    defaults = {"name": f"Team {n}", "slug": f"team-{n}", "tier": tier, "brand": brand_}
    defaults.update(kwargs)
    return Team.objects.create(**defaults)


def user(username: str | None = None, **kwargs: Any) -> Any:
    username = username or f"user{next(_seq)}"
    kwargs.setdefault("email", f"{username}@example.test")
    return get_user_model().objects.create_user(username=username, password=PASSWORD, **kwargs)


def agent(
    role: str = "agent",
    tier: int = 1,
    username: str | None = None,
    brands: list[Brand] | None = None,
    teams: list[Team] | None = None,
    **kwargs: Any,
) -> Any:
    account = user(username or f"{role}{next(_seq)}")
    profile = Agent.objects.create(user=account, role=role, tier=tier, **kwargs)
    if brands:
        profile.brands.set(brands)
    if teams:
        profile.teams.set(teams)
    return account


def organisation(brand_: Brand, **kwargs: Any) -> Organisation:
    kwargs.setdefault("name", f"Org {next(_seq)}")
    return Organisation.objects.create(brand=brand_, **kwargs)


def contact(
    brand_: Brand,
    organisation_: Organisation | None = None,
    *,
    with_user: bool = False,
    email: str | None = None,
    **kwargs: Any,
) -> Contact:
    n = next(_seq)
    account = user(f"customer{n}") if with_user else None
    person = Contact.objects.create(
        brand=brand_,
        organisation=organisation_,
        user=account,
        name=kwargs.pop("name", f"Customer {n}"),
        **kwargs,
    )
    ContactIdentity.objects.create(
        contact=person, brand=brand_, kind="email", value=email or f"customer{n}@example.test"
    )
    return person


def customer(brand_: Brand, organisation_: Organisation | None = None, **kwargs: Any) -> Any:
    """A user account that is a customer (contact) of `brand_`."""
    return contact(brand_, organisation_, with_user=True, **kwargs).user


def ticket(
    brand_: Brand, requester: Contact | None = None, *, actor: Any = None, **kwargs: Any
) -> Ticket:
    requester = requester or contact(brand_)
    actor = actor or agent("admin")
    kwargs.setdefault("subject", "Printer does not print")
    kwargs.setdefault("body", "Since this morning nothing prints.")
    return do_create_ticket(actor, brand=brand_, requester=requester, **kwargs)
