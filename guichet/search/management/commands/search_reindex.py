"""Rebuild the whole search index in batches (after a bulk load or a restore). See docs/search.md."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from guichet.search.index import rebuild


class Command(BaseCommand):
    help = "Rebuild the full-text search index of tickets and contacts."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--clear", action="store_true", help="Empty the index before rebuilding it."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        tickets, contacts = rebuild(clear=options["clear"])
        elapsed = time.monotonic() - started
        self.stdout.write(f"Indexed {tickets} tickets and {contacts} contacts in {elapsed:.1f} s.")
