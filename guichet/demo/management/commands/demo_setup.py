"""`manage.py demo_setup`: generate and load the demo data set. See docs/demo.md."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from guichet.brands.models import Brand
from guichet.demo import loader
from guichet.demo.logins import DEMO_PASSWORD, login_lines
from guichet.demo.models import DemoDataset


class Command(BaseCommand):
    help = "Load three demo brands with six months of support history (seeded, reproducible)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=42)
        parser.add_argument("--tickets", type=int, default=5000, help="Tickets per brand")
        parser.add_argument("--phase", choices=("all", "core", "history"), default="all")
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing for a phase already loaded"
        )
        parser.add_argument(
            "--now", help="ISO date-time the history ends at (default: now); for reproducible runs"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["tickets"] < 1:
            raise CommandError("--tickets must be at least 1.")
        self.verbosity = int(options["verbosity"])
        started = time.monotonic()
        try:
            if options["phase"] in ("all", "core"):
                self._core(options)
            if options["phase"] in ("all", "history"):
                self._history(options)
        except loader.DemoError as error:
            raise CommandError(str(error)) from None
        self._log(f"demo_setup {options['phase']}: {time.monotonic() - started:.1f}s")

    def _log(self, line: str) -> None:
        if self.verbosity:
            self.stdout.write(line)
            self.stdout.flush()

    def _core(self, options: dict[str, Any]) -> None:
        if options["if_empty"] and Brand.objects.exists():
            self._log("core: the database already has brands, nothing to do")
        else:
            anchor = self._anchor(options["now"])
            loader.load_core(options["seed"], options["tickets"], anchor, self._log)
        if DemoDataset.objects.exists():
            self._print_logins()

    def _history(self, options: dict[str, Any]) -> None:
        if options["if_empty"]:
            dataset = DemoDataset.objects.first()
            if dataset is None or dataset.history_loaded_at is not None:
                self._log("history: nothing to do")
                return
        loader.load_history(self._log)

    def _print_logins(self) -> None:
        self._log("")
        self._log(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for username, role in login_lines():
            self._log(f"  {username:<12} {role}")
        self._log("")

    @staticmethod
    def _anchor(value: str | None) -> dt.datetime:
        if not value:
            return timezone.now().replace(microsecond=0)
        try:
            moment = dt.datetime.fromisoformat(value)
        except ValueError:
            raise CommandError("--now must be an ISO date-time, e.g. 2026-06-30T18:00") from None
        return moment if timezone.is_aware(moment) else timezone.make_aware(moment)
