"""`manage.py kb_demo`: help-centre content for the demo brands (docs/knowledge.md, docs/demo.md).

Idempotent and harmless on other databases: brands that already have knowledge-base categories,
and brands that do not exist, are skipped; `make run` calls it on every start.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from guichet.brands.models import Brand
from guichet.knowledge.demo_content import activity
from guichet.knowledge.demo_content.loader import CONTENT, load_brand
from guichet.knowledge.models import Category
from guichet.people.models import Agent


class Command(BaseCommand):
    help = "Load demo knowledge-base content (articles, flows, widget rules, activity)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--brand", action="append", choices=sorted(CONTENT), help="only these")
        parser.add_argument("--no-activity", action="store_true", help="no searches, votes...")
        parser.add_argument("--seed", type=int, default=42)

    def handle(self, *args: Any, **options: Any) -> None:
        slugs = options["brand"] or sorted(CONTENT)
        brands = [b for b in Brand.objects.filter(slug__in=slugs).order_by("slug")
                  if not Category.objects.filter(brand=b).exists()]  # fmt: skip
        if not brands:
            self.stdout.write("kb_demo: nothing to load (no demo brand without a knowledge base)")
            return
        admin = (
            Agent.objects.filter(role="admin", brands__isnull=True).select_related("user").first()
        )
        if admin is None:
            self.stderr.write("kb_demo: no administrator for every brand; nothing loaded")
            return
        for brand in brands:
            loaded = load_brand(brand, CONTENT[brand.slug], admin.user)
            if loaded is None:
                continue
            counts = {} if options["no_activity"] else activity.generate(
                brand, CONTENT[brand.slug], options["seed"])  # fmt: skip
            extra = "".join(f", {n} {what}" for what, n in counts.items())
            self.stdout.write(f"{brand.slug}: {len(loaded.articles)} articles, "
                              f"{loaded.translations} translations, {loaded.flows} flows{extra}")  # fmt: skip
