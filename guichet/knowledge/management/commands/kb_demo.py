"""`manage.py kb_demo`: help-centre content for the demo brands (docs/knowledge.md, docs/demo.md).

Idempotent: brands that already have knowledge-base categories, and brands that do not exist,
are skipped.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from guichet.brands.models import Brand
from guichet.knowledge.demo_content import activity
from guichet.knowledge.demo_content.loader import CONTENT, load_brand
from guichet.people.models import Agent


class Command(BaseCommand):
    help = "Load demo knowledge-base content (articles, flows, widget rules, activity)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--brand", action="append", choices=sorted(CONTENT), help="only these")
        parser.add_argument("--no-activity", action="store_true", help="no searches, votes...")
        parser.add_argument("--seed", type=int, default=42)

    def handle(self, *args: Any, **options: Any) -> None:
        admin = Agent.objects.filter(role="admin", brands__isnull=True).select_related("user").first()
        if admin is None:
            raise CommandError("No administrator: run demo_setup first.")
        for slug in options["brand"] or sorted(CONTENT):
            brand = Brand.objects.filter(slug=slug).first()
            if brand is None:
                self.stdout.write(f"{slug}: no such brand, skipped")
                continue
            loaded = load_brand(brand, CONTENT[slug], admin.user)
            if loaded is None:
                self.stdout.write(f"{slug}: knowledge base already there, skipped")
                continue
            counts = {} if options["no_activity"] else activity.generate(
                brand, CONTENT[slug], options["seed"])  # fmt: skip
            extra = ", ".join(f"{n} {what}" for what, n in counts.items())
            self.stdout.write(f"{slug}: {len(loaded.articles)} articles, {loaded.translations} "
                              f"translations, {loaded.flows} flows{', ' + extra if extra else ''}")  # fmt: skip
