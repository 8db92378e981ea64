"""Store raw message files into a mailbox, as if delivered (imports, tests, benchmarks)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from guichet.channels.email import intake
from guichet.channels.email.models import InboundEmail, Mailbox


class Command(BaseCommand):
    help = "Store each file (or each file under a folder) as one raw message of MAILBOX."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("mailbox", help="Mailbox address")
        parser.add_argument("paths", nargs="+")
        parser.add_argument(
            "--now", action="store_true", help="Process here instead of by the worker"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        mailbox = Mailbox.objects.filter(address=options["mailbox"].lower()).first()
        if mailbox is None:
            raise CommandError(f"No mailbox {options['mailbox']}.")
        counts: dict[str, int] = {}
        for path in files(options["paths"]):
            inbound, _created = intake.store(
                mailbox, path.read_bytes(), via=InboundEmail.Via.UPLOAD
            )
            status = intake.process(inbound.pk) if options["now"] else inbound.status
            counts[status] = counts.get(status, 0) + 1
        self.stdout.write(", ".join(f"{k}: {v}" for k, v in sorted(counts.items())) or "nothing")


def files(paths: list[str]) -> list[Path]:
    found: list[Path] = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            found += sorted(p for p in path.rglob("*") if p.is_file())
        elif path.is_file():
            found.append(path)
    return [p for p in found if not p.name.startswith(("LICENSE", "NOTICE", "README"))]
