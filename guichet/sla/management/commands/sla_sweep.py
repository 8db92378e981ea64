"""`manage.py sla_sweep`: run one SLA sweep now (the worker runs it every minute by itself)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from guichet.sla.sweep import sweep


class Command(BaseCommand):
    help = "Claim and fire every due SLA warning, breach and escalation timer, once."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--at", help="Sweep as of this ISO instant (tests, replays)")

    def handle(self, *args: Any, **options: Any) -> None:
        at = dt.datetime.fromisoformat(options["at"]) if options.get("at") else None
        result = sweep(now=at)
        self.stdout.write(
            json.dumps(
                {"breached": result.breached, "warned": result.warned, "timers": result.timers}
            )  # fmt: skip
        )
