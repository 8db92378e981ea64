"""`make bench-api`: REST API latency on 100,000 tickets, on SQLite and PostgreSQL.

For each database: a fresh one (var/bench/api.sqlite3; database guichet_bench on the server of
GUICHET_PG_URL when set), migrations, a bulk load (brands, teams, categories, organisations,
contacts, agents, tickets with a first message and tags), then gunicorn with 2 workers on a free
loopback port. After 100 warm-up requests: 2,000 `GET /api/v1/tickets?status=open` (50 per
page, newest first) as an N1 agent, 2,000 as a customer who administers their organisation,
then 500 ticket creations. Logs go to stderr; the last line of stdout is one JSON object.
See docs/api.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import sys
from pathlib import Path
from typing import Any

# Import from the project root, never from bench/ itself: a bench/<name>.py could shadow a
# standard module.
_ROOT = Path(__file__).resolve().parent.parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _ROOT / "bench"]
sys.path.insert(0, str(_ROOT))

from bench.common import (  # noqa: E402
    Request,
    Result,
    django_env,
    fresh_postgresql,
    fresh_sqlite,
    gunicorn,
    log,
    run_load,
    run_python,
    timed,
)

TICKETS = 100_000
WARM_UP = 100
LISTS = 2_000
CREATES = 500
CLIENT_THREADS = 4
PAGE_SIZE = 50
LIST_PATH = f"/api/v1/tickets?status=open&page_size={PAGE_SIZE}"
# The throttle still runs on every request, with a limit the benchmark never reaches.
SERVER_ENV = {"GUICHET_API_RATE": "100000000/min", "GUICHET_LOG_LEVEL": "WARNING"}

STATUSES = [("new", 10), ("open", 25), ("pending", 15), ("on_hold", 5), ("solved", 25),
            ("closed", 20)]  # fmt: skip
PRIORITIES = [("low", 20), ("normal", 60), ("high", 15), ("urgent", 5)]
TYPES = [("question", 50), ("incident", 25), ("problem", 5), ("request", 15), ("complaint", 5)]
CHANNELS = [("email", 55), ("portal", 25), ("chat", 10), ("phone", 5), ("whatsapp", 5)]
SUBJECTS = ["Impossible de me connecter", "Facture en double", "L'imprimante ne répond plus",
            "Export CSV vide", "Erreur 500 sur le tableau de bord", "Changer d'offre",
            "Accès VPN refusé", "Synchronisation bloquée", "Question sur la TVA",
            "Mot de passe oublié"]  # fmt: skip


# --- Loading (runs in a child process, where GUICHET_DB_URL names the fresh database) ------


def pick(rng: random.Random, weighted: list[tuple[str, int]]) -> str:
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights)[0]


def load(tickets: int) -> dict[str, Any]:
    """Bulk-create a realistic support history; the tokens and ids the benchmark needs."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "guichet.settings")
    django.setup()
    from django.db import connection, transaction

    with transaction.atomic():
        world = load_people(random.Random(7))
        load_tickets(random.Random(42), world, tickets)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return make_tokens(world)


def load_people(rng: random.Random) -> dict[str, Any]:
    from django.contrib.auth import get_user_model

    from guichet.brands.models import Brand, Category
    from guichet.people.models import Agent, Contact, ContactIdentity, Organisation, Team

    brands = Brand.objects.bulk_create(
        Brand(name=name, slug=name.lower(), ticket_prefix=prefix, languages=["fr", "en"])
        for name, prefix in [("Acme", "ACME"), ("Globex", "GLX"), ("Initech", "INI")]
    )
    teams = Team.objects.bulk_create(
        Team(name=f"{b.name} N{tier}", slug=f"{b.slug}-n{tier}", brand=b, tier=tier)
        for b in brands
        for tier in (1, 2, 3)
    )
    categories = Category.objects.bulk_create(
        Category(brand=b, name=f"Catégorie {i}", slug=f"cat-{i}") for b in brands for i in range(8)
    )
    orgs = Organisation.objects.bulk_create(
        Organisation(
            brand=b, name=f"{b.name} client {i}", segment=rng.choice(["smb", "enterprise"])
        )
        for b in brands
        for i in range(100)
    )
    contacts = Contact.objects.bulk_create(
        Contact(brand=org.brand, organisation=org, name=f"Contact {n}")
        for n, org in enumerate(rng.choice(orgs) for _ in range(5_000))
    )
    ContactIdentity.objects.bulk_create(
        ContactIdentity(contact=c, brand_id=c.brand_id, kind="email", value=f"c{c.pk}@example.test")
        for c in contacts
    )
    users = get_user_model()
    agent_user = users.objects.create_user("bench-agent", email="agent@example.test")
    Agent.objects.create(user=agent_user, role="agent", tier=1)  # every brand
    for n in range(19):
        helper = users.objects.create_user(f"agent{n}", email=f"agent{n}@example.test")
        Agent.objects.create(user=helper, role="agent", tier=rng.choice([1, 1, 2, 3]))
    customer = contacts[0]
    customer.user = users.objects.create_user("bench-customer", email="boss@example.test")
    customer.is_org_admin = True
    customer.save()
    return {"brands": brands, "teams": teams, "categories": categories, "contacts": contacts,
            "agent": agent_user, "customer": customer.user,
            "assignees": list(users.objects.filter(agent__isnull=False))}  # fmt: skip


def load_tickets(rng: random.Random, world: dict[str, Any], count: int) -> None:
    from guichet.brands.models import Brand
    from guichet.tickets.models import Message, Tag, Ticket

    now = dt.datetime.now(dt.UTC)
    numbers = {brand.pk: 0 for brand in world["brands"]}
    prefixes = {brand.pk: brand.ticket_prefix for brand in world["brands"]}
    tags = Tag.objects.bulk_create(Tag(name=f"tag-{i}") for i in range(20))
    contacts = world["contacts"]
    batch = 5_000
    for start in range(0, count, batch):
        rows = []
        for _ in range(min(batch, count - start)):
            requester = rng.choice(contacts)
            numbers[requester.brand_id] += 1
            rows.append(ticket_row(rng, world, requester, numbers, prefixes, now))
        rows.sort(key=lambda t: t.created_at)
        created = Ticket.objects.bulk_create(rows, batch_size=1_000)
        Message.objects.bulk_create(
            (Message(ticket=t, kind="customer", channel=t.channel, author_contact_id=t.requester_id,
                     body_text=f"{t.subject}, merci de votre aide.", created_at=t.created_at)
             for t in created),
            batch_size=1_000,
        )  # fmt: skip
        through = Ticket.tags.through
        through.objects.bulk_create(
            (through(ticket_id=t.pk, tag_id=tag.pk)
             for t in created if rng.random() < 0.3
             for tag in rng.sample(tags, rng.randint(1, 2))),
            batch_size=1_000,
        )  # fmt: skip
        log(f"loaded {start + len(rows)} tickets")
    for brand_id, last in numbers.items():
        Brand.objects.filter(pk=brand_id).update(next_ticket_number=last + 1)


def ticket_row(rng: random.Random, world: dict[str, Any], requester: Any, numbers: dict,
               prefixes: dict, now: dt.datetime) -> Any:  # fmt: skip
    from guichet.tickets.models import Ticket

    status = pick(rng, STATUSES)
    created = now - dt.timedelta(seconds=rng.randint(0, 730 * 86400))
    updated = min(now, created + dt.timedelta(seconds=rng.randint(60, 20 * 86400)))
    assigned = status != "new" and rng.random() < 0.8
    category = rng.choice(world["categories"]) if rng.random() < 0.7 else None
    return Ticket(
        brand_id=requester.brand_id, number=numbers[requester.brand_id],
        reference=f"{prefixes[requester.brand_id]}-{numbers[requester.brand_id]}",
        subject=rng.choice(SUBJECTS), status=status, priority=pick(rng, PRIORITIES),
        type=pick(rng, TYPES), channel=pick(rng, CHANNELS),
        category=category if category and category.brand_id == requester.brand_id else None,
        requester_id=requester.pk, organisation_id=requester.organisation_id,
        assignee=rng.choice(world["assignees"]) if assigned else None,
        team=rng.choice(world["teams"][:3]) if assigned else None,
        tier=rng.choice([1, 1, 1, 2, 3]), created_at=created, updated_at=updated,
        first_reply_at=updated if status != "new" else None,
        solved_at=updated if status in ("solved", "closed") else None,
        closed_at=updated if status == "closed" else None,
    )  # fmt: skip


def make_tokens(world: dict[str, Any]) -> dict[str, Any]:
    from guichet.api.token_actions import do_create_api_token

    _, agent = do_create_api_token(
        None, owner=world["agent"], name="bench", scopes=["read", "write"]
    )
    _, customer = do_create_api_token(None, owner=world["customer"], name="bench",
                                      scopes=["read", "write"])  # fmt: skip
    brand = world["brands"][0]
    requesters = [c.pk for c in world["contacts"] if c.brand_id == brand.pk][:50]
    return {"agent_token": agent, "customer_token": customer, "brand": brand.pk,
            "requesters": requesters}  # fmt: skip


# --- Measuring (the parent process) --------------------------------------------------------


def create_requests(setup: dict[str, Any]) -> list[Request]:
    rng = random.Random(1)
    return [
        Request("POST", "/api/v1/tickets", {
            "brand": setup["brand"], "requester": rng.choice(setup["requesters"]),
            "subject": f"{rng.choice(SUBJECTS)} ({n})", "body": "Bonjour, pouvez-vous m'aider ?",
            "priority": pick(rng, PRIORITIES), "tags": ["bench"],
        })
        for n in range(CREATES)
    ]  # fmt: skip


def checked(label: str, result: Result) -> Result:
    log(f"{label}: {len(result.latencies_ms)} requests in {result.seconds:.1f} s, "
        f"{result.rps():.0f}/s, p50 {result.percentile(50):.1f} ms, "
        f"p99 {result.percentile(99):.1f} ms, errors {result.errors}")  # fmt: skip
    if result.errors:
        raise RuntimeError(f"{label}: {result.errors} requests did not succeed")
    return result


def measure(name: str, db_url: str, tickets: int) -> dict[str, float]:
    env = django_env(db_url, **SERVER_ENV)
    timed(f"{name}: migrate", lambda: run_python(["manage.py", "migrate", "-v", "0"], env))
    output = timed(f"{name}: load {tickets} tickets",
                   lambda: run_python([__file__, "--load", str(tickets)], env))  # fmt: skip
    setup = json.loads(output.strip().splitlines()[-1])
    agent, customer = setup["agent_token"], setup["customer_token"]
    list_once = [Request("GET", LIST_PATH)]
    with gunicorn(env, workers=2) as port:
        log(f"{name}: gunicorn on 127.0.0.1:{port}")
        checked("warm-up", run_load(port, agent, list_once * (WARM_UP // 2), CLIENT_THREADS))
        checked("warm-up", run_load(port, customer, list_once * (WARM_UP // 2), CLIENT_THREADS))
        lists = checked(
            f"{name} agent list", run_load(port, agent, list_once * LISTS, CLIENT_THREADS)
        )
        mine = checked(f"{name} customer list",
                       run_load(port, customer, list_once * LISTS, CLIENT_THREADS))  # fmt: skip
        creates = checked(f"{name} create",
                          run_load(port, agent, create_requests(setup), CLIENT_THREADS, expect=201))  # fmt: skip
    return {
        "list_rps": round(lists.rps(), 1),
        "list_p50_ms": round(lists.percentile(50), 1),
        "list_p99_ms": round(lists.percentile(99), 1),
        "customer_list_p99_ms": round(mine.percentile(99), 1),
        "create_rps": round(creates.rps(), 1),
        "create_p99_ms": round(creates.percentile(99), 1),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=TICKETS, help="how many to load")
    parser.add_argument("--load", type=int, metavar="TICKETS", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.load:
        print(json.dumps(load(args.load)))
        return 0
    results: dict[str, Any] = {"sqlite": None, "postgresql": None}
    try:
        targets = {"sqlite": fresh_sqlite("api")}
        pg_url = os.environ.get("GUICHET_PG_URL", "").strip()
        if pg_url:  # first, so that an unreachable server fails the run at once
            targets["postgresql"] = fresh_postgresql(pg_url, "guichet_bench")
        else:
            log("GUICHET_PG_URL is unset: PostgreSQL not measured")
        for name, url in targets.items():
            results[name] = measure(name, url, args.tickets)
    except Exception as error:  # noqa: BLE001 - any failure must end the run with a status
        log(f"benchmark failed: {error}")
        return 1
    print(json.dumps(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
