"""List (default) or delete attachment files that no attachment row uses any more.

See docs/operations.md ("Attachment files"). Files left by versions before 2026-11 that did not
remove them when a ticket was deleted.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from guichet.tickets.files import delete_unused, orphaned_files


class Command(BaseCommand):
    help = "List attachment files no row uses (dry run); --delete removes them."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--delete", action="store_true", help="Remove them (default: list)")
        parser.add_argument(
            "--min-age-hours", type=float, default=24.0,
            help="Skip files younger than this (uploads in flight); default 24",
        )  # fmt: skip

    def handle(self, *args: Any, **options: Any) -> None:
        names = orphaned_files(dt.timedelta(hours=options["min_age_hours"]))
        for name in names:
            self.stdout.write(name)
        if not options["delete"]:
            self.stdout.write(f"{len(names)} orphaned file(s); dry run, nothing deleted.")
            return
        deleted = delete_unused(names)
        self.stdout.write(f"{len(deleted)} orphaned file(s) deleted.")
