"""Loading the demo data set in two phases: core (synchronous) and history (background).

1. core: brands, teams, categories, staff, logins, organisations, contacts, and the tickets
   of the last days, in one transaction; Brand.next_ticket_number already points past the
   whole timeline, so the older numbers are reserved for the history phase.
2. history: the older tickets, generated outside any transaction and inserted in short
   batches (so the web server can write between them), each batch recording its progress.
   An interrupted history phase resumes where it stopped.
See docs/demo.md.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from guichet.audit.models import Event
from guichet.brands.models import Brand, Category
from guichet.core.sanitise import text_to_html
from guichet.demo import logins, structure
from guichet.demo.generator import (
    BrandWorld,
    Timeline,
    build_timeline,
    build_world,
    generate_tickets,
)
from guichet.demo.models import DemoDataset, TicketLabel
from guichet.demo.plan import TicketPlan
from guichet.demo.vocabulary import BRANDS
from guichet.people.models import Contact, ContactIdentity, Team
from guichet.search.index import reindex_contacts, reindex_tickets
from guichet.tickets.models import Message, Tag, Ticket

HISTORY_BATCH = 250
Log = Callable[[str], None]


class DemoError(Exception):
    pass


@dataclass
class Refs:
    """Database ids for a brand's symbolic references (slugs, usernames, contact keys)."""

    brand_id: int
    teams: dict[str, int]
    categories: dict[str, int]
    users: dict[str, int]
    contacts: list[int]
    org_of_contact: dict[int, int | None]
    tags: dict[str, int]


def build_refs(world: BrandWorld, brand: Brand) -> Refs:
    emails = dict(
        ContactIdentity.objects.filter(brand=brand, kind="email").values_list("value", "contact_id")
    )
    try:
        contacts = [emails[c.email] for c in world.population.contacts]
    except KeyError as missing:
        raise DemoError(f"Demo contact {missing} is missing; regenerate the demo data.") from None
    usernames = [a.username for a in world.staff]
    usernames += [c.username for c in world.population.contacts if c.username]
    tags = {name: Tag.objects.get_or_create(name=name)[0].pk for name in TAGS}
    return Refs(
        brand_id=brand.pk,
        teams=dict(Team.objects.filter(brand=brand).values_list("slug", "id")),
        categories=dict(Category.objects.filter(brand=brand).values_list("slug", "id")),
        users=dict(
            get_user_model().objects.filter(username__in=usernames).values_list("username", "id")
        ),
        contacts=contacts,
        org_of_contact=dict(
            Contact.objects.filter(brand=brand).values_list("id", "organisation_id")
        ),
        tags=tags,
    )


TAGS = ("vip", "incident-majeur", "escalade", "reouvert")


def _ticket(plan: TicketPlan, refs: Refs) -> Ticket:
    requester = refs.contacts[plan.requester]
    return Ticket(
        brand_id=refs.brand_id, number=plan.number, reference=plan.reference, subject=plan.subject,
        status=plan.status, priority=plan.priority, type=plan.type, channel=plan.channel,
        category_id=refs.categories[plan.category], language=plan.language, requester_id=requester,
        organisation_id=refs.org_of_contact.get(requester), assignee_id=refs.users.get(plan.assignee),
        team_id=refs.teams.get(plan.team), tier=plan.tier, custom_fields=plan.custom_fields,
        created_at=plan.created_at, updated_at=plan.updated_at or plan.created_at,
        first_reply_at=plan.first_reply_at, solved_at=plan.solved_at, closed_at=plan.closed_at,
        reopen_count=plan.reopen_count,
    )  # fmt: skip


def _value(field: str, value: Any, refs: Refs) -> Any:
    if field == "team":
        return refs.teams.get(value)
    if field == "assignee":
        return refs.users.get(value) if value else None
    return value


def insert_tickets(plans: list[TicketPlan], refs: Refs) -> dict[str, int]:
    """Bulk insert tickets with their messages, events, labels and tags; returns row counts."""
    tickets = Ticket.objects.bulk_create([_ticket(p, refs) for p in plans])
    messages = []
    for plan, ticket in zip(plans, tickets, strict=True):
        requester = refs.contacts[plan.requester]
        for m in plan.messages:
            messages.append(
                Message(
                    ticket_id=ticket.pk, kind=m.kind, channel=plan.channel,
                    author_user_id=refs.users.get(m.author) if m.kind != "customer" else None,
                    author_contact_id=requester if m.kind == "customer" else None,
                    body_text=m.body, body_html=text_to_html(m.body), created_at=m.at,
                )
            )  # fmt: skip
    Message.objects.bulk_create(messages)
    events, position = [], 0
    for plan, ticket in zip(plans, tickets, strict=True):
        for e in plan.events:
            target = messages[position + e.message] if e.message is not None else ticket
            events.append(
                Event(
                    actor_id=refs.users.get(e.actor) if e.actor else None, verb=e.verb,
                    target_type=str(target._meta.model_name), target_id=target.pk, ticket_id=ticket.pk,
                    changes=[{"field": f, "old": _value(f, old, refs), "new": _value(f, new, refs)}
                             for f, old, new in e.changes],
                    data=dict(e.data), created_at=e.at,
                )
            )  # fmt: skip
        position += len(plan.messages)
    Event.objects.bulk_create(events)
    TicketLabel.objects.bulk_create(
        TicketLabel(ticket_id=t.pk, intent=p.intent, sentiment=p.sentiment, vague=p.vague)
        for p, t in zip(plans, tickets, strict=True)
    )
    Ticket.tags.through.objects.bulk_create(
        Ticket.tags.through(ticket_id=t.pk, tag_id=refs.tags[name])
        for p, t in zip(plans, tickets, strict=True)
        for name in p.tags
    )
    reindex_tickets([t.pk for t in tickets])  # bulk inserts bypass the actions that index
    return {"tickets": len(tickets), "messages": len(messages), "events": len(events)}


def _add(total: dict[str, int], counts: dict[str, int]) -> None:
    for key, value in counts.items():
        total[key] = total.get(key, 0) + value


def _timelines(
    dataset: DemoDataset, worlds: list[BrandWorld] | None = None
) -> Iterable[tuple[BrandWorld, Timeline]]:
    for position, spec in enumerate(BRANDS):
        world = (
            worlds[position]
            if worlds
            else build_world(spec, dataset.seed, dataset.tickets_per_brand)
        )
        timeline = build_timeline(spec, dataset.seed, dataset.tickets_per_brand, dataset.anchor)
        yield world, timeline


@transaction.atomic
def load_core(seed: int, tickets_per_brand: int, anchor: dt.datetime, log: Log) -> DemoDataset:
    started = time.monotonic()
    if Brand.objects.filter(slug__in=[s.slug for s in BRANDS]).exists():
        raise DemoError("Demo brands already exist; start from an empty database to regenerate.")
    dataset = DemoDataset.objects.create(
        seed=seed, tickets_per_brand=tickets_per_brand, anchor=anchor
    )
    password = make_password(logins.DEMO_PASSWORD)
    worlds = [build_world(spec, seed, tickets_per_brand) for spec in BRANDS]
    brands = {world.spec.slug: structure.load_brand(world.spec) for world in worlds}
    user_ids = structure.load_staff(worlds, brands, password)
    for world in worlds:
        structure.load_people(world, brands[world.spec.slug], user_ids, password)
    reindex_contacts(Contact.objects.filter(brand__in=brands.values()).values_list("pk", flat=True))
    log(f"core: structure and people in {time.monotonic() - started:.1f}s")
    total: dict[str, int] = {}
    for world, timeline in _timelines(dataset, worlds):
        brand = brands[world.spec.slug]
        refs = build_refs(world, brand)
        recent = range(timeline.recent_from, tickets_per_brand)
        _add(total, insert_tickets(list(generate_tickets(world, timeline, recent, anchor)), refs))
        Brand.objects.filter(pk=brand.pk).update(next_ticket_number=tickets_per_brand + 1)
    dataset.core_seconds = round(time.monotonic() - started, 2)
    dataset.core_loaded_at = timezone.now()
    dataset.save()
    log(f"core: {total} in {dataset.core_seconds}s")
    return dataset


def load_history(log: Log, batch: int = HISTORY_BATCH) -> DemoDataset:
    started = time.monotonic()
    dataset = DemoDataset.objects.filter(core_loaded_at__isnull=False).first()
    if dataset is None:
        raise DemoError("Load the core phase first (demo_setup --phase core).")
    total: dict[str, int] = {}
    for world, timeline in _timelines(dataset):
        refs = build_refs(world, Brand.objects.get(slug=world.spec.slug))
        done = int(dataset.history_progress.get(world.spec.slug, 0))
        for start in range(done, timeline.recent_from, batch):
            end = min(start + batch, timeline.recent_from)
            plans = list(generate_tickets(world, timeline, range(start, end), dataset.anchor))
            with transaction.atomic():
                _add(total, insert_tickets(plans, refs))
                dataset.history_progress[world.spec.slug] = end
                DemoDataset.objects.filter(pk=dataset.pk).update(
                    history_progress=dataset.history_progress
                )
        log(f"history: {world.spec.slug} done ({time.monotonic() - started:.1f}s)")
    dataset.history_seconds = round(time.monotonic() - started, 2)
    dataset.history_loaded_at = timezone.now()
    dataset.save(update_fields=["history_seconds", "history_loaded_at", "updated_at"])
    log(f"history: {total} in {dataset.history_seconds}s")
    return dataset
