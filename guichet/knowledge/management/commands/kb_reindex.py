"""`manage.py kb_reindex`: rebuild the lexical index of every article (docs/knowledge.md)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from guichet.knowledge.index import rebuild


class Command(BaseCommand):
    help = "Rebuild the knowledge-base search documents."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"{rebuild()} articles indexed")
