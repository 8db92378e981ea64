"""Rebuild the hybrid search index (re-analyse and re-embed every entry). See docs/search.md."""

from __future__ import annotations

import sys
import time
from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand

from guichet.search.hybrid import engine, pgvector, refresh
from guichet.search.hybrid.models import SearchEntry

BAR_WIDTH = 30


def progress_bar(stream: Any) -> Any:
    def show(done: int, total: int) -> None:
        filled = BAR_WIDTH * done // total if total else BAR_WIDTH
        stream.write(f"\r[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {done}/{total}")
        if done >= total:
            stream.write("\n")
        stream.flush()

    return show


def stale_report() -> str:
    model = engine.embedder()
    if model is None:
        return "No embedder is configured: search is lexical only, nothing to re-embed."
    total = SearchEntry.objects.count()
    return (
        f"{refresh.stale_count(model)} of {total} entries wait for re-embedding with "
        f"{model.model_version} (the periodic job re-embeds up to {refresh.MAX_ENTRIES} every "
        "2 minutes; this command without --stale does them all now)."
    )


class Command(BaseCommand):
    help = "Rebuild the hybrid (lexical + dense) search index, with a progress bar on stderr."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--kind", default=engine.ARTICLE, help="Kind of entries (article).")
        parser.add_argument(
            "--stale",
            action="store_true",
            help="Only say how many entries (every kind) wait for the periodic job to re-embed "
            "them with the current model; rebuild nothing.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["stale"]:
            self.stdout.write(stale_report())
            return
        started = time.monotonic()
        stream = self.stderr if self.stderr else sys.stderr
        kind = options["kind"]
        documents, total = None, None
        if kind == engine.ARTICLE and apps.is_installed("guichet.knowledge"):
            from guichet.search.hybrid.articles import published_documents, published_total

            documents, total = published_documents(), published_total()
        count = engine.rebuild(kind, documents, progress=progress_bar(stream), total=total)
        model = engine.embedder()
        if model is not None and pgvector.build_ann_index_when_large(
            model.model_version, model.dimension
        ):
            self.stdout.write(f"Built pgvector's HNSW index for {model.dimension} dimensions.")
        elapsed = time.monotonic() - started
        self.stdout.write(f"Indexed {count} {options['kind']} entries in {elapsed:.1f} s.")
