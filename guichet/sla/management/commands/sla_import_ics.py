"""`manage.py sla_import_ics CALENDAR FILE`: import an iCal file's closures into a business
calendar (the same as the upload on the calendar's settings page). See docs/sla.md ("iCal").

CALENDAR is the calendar's id or its exact name. The import replaces the calendar's previous
iCal closures, is audited as done by the system actor, and recomputes the running clocks on
that calendar. Prints one JSON line: closed days, timed closures, skipped events.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from guichet.core.errors import ActionError
from guichet.sla.admin_actions import do_import_ics
from guichet.sla.models import BusinessCalendar
from guichet.sla.system import system_actor


class Command(BaseCommand):
    help = "Import the closures of an iCal (.ics) file into a business calendar."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("calendar", help="The calendar's id or exact name")
        parser.add_argument("file", type=Path, help="The .ics file ('-' is not accepted)")

    def handle(self, *args: Any, **options: Any) -> None:
        calendar = _calendar(options["calendar"])
        path: Path = options["file"]
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}") from None
        try:
            imported = do_import_ics(system_actor(), calendar, path.name, data)
        except ActionError as error:
            raise CommandError(str(error.message)) from None
        self.stdout.write(
            json.dumps(
                {
                    "calendar": calendar.pk,
                    "closed_days": len(imported.closed_days),
                    "closures": len(imported.closures),
                    "skipped": list(imported.skipped),
                }
            )  # fmt: skip
        )


def _calendar(key: str) -> BusinessCalendar:
    found = BusinessCalendar.objects.filter(pk=int(key)) if key.isdigit() else None
    if not found or not found.exists():
        found = BusinessCalendar.objects.filter(name=key)
    if found.count() != 1:
        raise CommandError(f"No single business calendar with id or name {key!r}.")
    return found.get()
