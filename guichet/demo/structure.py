"""Writing a demo brand's structure: teams, categories, fields, macros, staff and customers.

Bulk inserts on purpose (thousands of contacts in a second); the demo data is generated, not
entered by anyone, so no audit events are recorded for it. See docs/demo.md.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model

from guichet.brands.models import Brand, Category
from guichet.core.models import CustomField
from guichet.demo import logins
from guichet.demo.generator import BrandWorld
from guichet.demo.specs import AgentSpec, BrandSpec
from guichet.people.models import Agent, Contact, ContactIdentity, Organisation, Team
from guichet.routing.models import Strategy, TeamRouting
from guichet.tickets.models import Macro


def load_brand(spec: BrandSpec) -> Brand:
    brand = Brand.objects.create(
        name=spec.name, slug=spec.slug, host=spec.host, ticket_prefix=spec.prefix,
        languages=list(spec.languages), default_language="fr", timezone="Europe/Paris",
        legal_name=spec.legal_name, support_email=spec.support_email,
    )  # fmt: skip
    teams = Team.objects.bulk_create(
        Team(
            name=t.name,
            slug=t.slug,
            brand=brand,
            tier=t.tier,
            email=f"{t.slug}@{spec.slug}.example",
        )
        for t in spec.teams
    )
    team_ids = {team.slug: team.pk for team in teams}
    # N1 teams route by skills (their agents list category skills and, together, speak French
    # and English); the others hand tickets to the least loaded agent.
    TeamRouting.objects.bulk_create(
        TeamRouting(
            team=team, strategy=Strategy.SKILLS if team.tier == 1 else Strategy.LEAST_LOADED
        )
        for team in teams
    )
    parents = {c.slug: c for c in spec.categories if not c.parent}
    created = Category.objects.bulk_create(
        _category(brand, c, team_ids, None) for c in parents.values()
    )
    parent_ids = {c.slug: c.pk for c in created}
    Category.objects.bulk_create(
        _category(brand, c, team_ids, parent_ids[c.parent]) for c in spec.categories if c.parent
    )
    CustomField.objects.bulk_create(
        CustomField(
            brand=brand, target=f.target, key=f.key, label=f.label, kind=f.kind,
            choices=list(f.choices), visible_to_customers=f.visible_to_customers,
        )
        for f in spec.custom_fields
    )  # fmt: skip
    Macro.objects.bulk_create(
        Macro(brand=brand, name=m.name, body=m.body, kind=m.kind, set_fields=dict(m.set_fields))
        for m in spec.macros
    )
    return brand


def _category(brand: Brand, spec: Any, team_ids: dict[str, int], parent: int | None) -> Category:
    return Category(
        brand=brand, parent_id=parent, name=spec.name, slug=spec.slug, description=spec.description,
        default_team_id=team_ids[spec.team], default_tier=spec.tier,
    )  # fmt: skip


def load_staff(worlds: list[BrandWorld], brands: dict[str, Brand], password: str) -> dict[str, int]:
    """Users and Agent rows for every brand's staff and the demo logins; username -> user id.

    Every agent is online, with the capacity and skills (category slugs of their brand) of
    their spec, so that routing hands new demo tickets out (docs/routing.md).
    """
    specs: dict[str, tuple[AgentSpec, str]] = {a.username: (a, "") for a in logins.STAFF}
    for world in worlds:
        for agent in world.spec.agents:
            specs[agent.username] = (agent, world.spec.slug)
    user_model = get_user_model()
    users = user_model.objects.bulk_create(
        user_model(
            username=name, first_name=agent.first_name, last_name=agent.last_name,
            email=f"{name}@{brand or 'guichet'}.example", password=password,
            is_staff=agent.role == "admin", is_superuser=agent.role == "admin",
        )
        for name, (agent, brand) in specs.items()
    )  # fmt: skip
    user_ids = {user.get_username(): user.pk for user in users}
    agents = Agent.objects.bulk_create(
        Agent(
            user_id=user_ids[name], role=agent.role, tier=agent.tier, skills=list(agent.skills),
            languages=list(agent.languages), capacity=agent.capacity,
            availability=Agent.Availability.ONLINE,
        )
        for name, (agent, _) in specs.items()
    )  # fmt: skip
    team_ids = dict(Team.objects.filter(brand__in=brands.values()).values_list("slug", "id"))
    Agent.teams.through.objects.bulk_create(
        Agent.teams.through(agent_id=row.pk, team_id=team_ids[slug])
        for row, (agent, _) in zip(agents, specs.values(), strict=True)
        for slug in agent.teams
    )
    Agent.brands.through.objects.bulk_create(
        Agent.brands.through(agent_id=row.pk, brand_id=brands[brand].pk)
        for row, (_, brand) in zip(agents, specs.values(), strict=True)
        if brand
    )
    return user_ids


def load_people(world: BrandWorld, brand: Brand, user_ids: dict[str, int], password: str) -> None:
    """Organisations, contacts (one of them the demo customer login) and their identities."""
    population = world.population
    orgs = Organisation.objects.bulk_create(
        Organisation(
            brand=brand, name=o.name, segment=o.segment, plan=o.plan, arr=o.arr,
            csm_owner_id=user_ids.get(o.csm), language=o.language, domains=[o.domain],
            custom_fields=o.custom_fields,
        )
        for o in population.orgs
    )  # fmt: skip
    customer_users = _customer_users(world, password)
    contacts = Contact.objects.bulk_create(
        Contact(
            brand=brand, organisation_id=orgs[c.org].pk if c.org is not None else None,
            user_id=customer_users.get(c.username), name=c.name, preferred_language=c.language,
            is_org_admin=c.is_org_admin, vip=c.vip, custom_fields=c.custom_fields,
        )
        for c in population.contacts
    )  # fmt: skip
    identities = []
    for plan, row in zip(population.contacts, contacts, strict=True):
        identities.append(ContactIdentity(contact=row, brand=brand, kind="email", value=plan.email))
        if plan.org is None or plan.key % 3 == 0:
            identities.append(
                ContactIdentity(contact=row, brand=brand, kind="phone", value=plan.phone)
            )
    ContactIdentity.objects.bulk_create(identities, batch_size=2000)


def _customer_users(world: BrandWorld, password: str) -> dict[str, int]:
    user_model = get_user_model()
    ids = {}
    for contact in world.population.contacts:
        if contact.username:
            first, _, last = contact.name.partition(" ")
            user = user_model.objects.create(
                username=contact.username, email=contact.email, password=password,
                first_name=first, last_name=last,
            )  # fmt: skip
            ids[contact.username] = user.pk
    return ids
