"""Watch IMAP mailboxes with IDLE: new mail is stored within seconds (docs/email.md#imap).

Without this command the worker's periodic job polls every minute; both may run together.
"""

from __future__ import annotations

import threading
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from guichet.channels.email import imap
from guichet.channels.email.models import Mailbox


class Command(BaseCommand):
    help = "Poll IMAP mailboxes, then wait for new mail with IDLE, for ever."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("addresses", nargs="*", help="Mailbox addresses (default: all IMAP)")
        parser.add_argument("--idle-seconds", type=float, default=25 * 60)
        parser.add_argument("--poll-seconds", type=float, default=60)

    def handle(self, *args: Any, **options: Any) -> None:
        mailboxes = Mailbox.objects.filter(active=True, kind=Mailbox.Kind.IMAP)
        if options["addresses"]:
            mailboxes = mailboxes.filter(address__in=[a.lower() for a in options["addresses"]])
        found = list(mailboxes)
        if not found:
            raise CommandError("No active IMAP mailbox to watch.")
        threads = [
            threading.Thread(
                target=imap.watch,
                args=(mailbox,),
                kwargs={
                    "idle_seconds": options["idle_seconds"],
                    "poll_seconds": options["poll_seconds"],
                },
                name=f"imap-{mailbox.address}",
                daemon=True,
            )
            for mailbox in found
        ]
        for thread in threads:
            thread.start()
        self.stdout.write(f"Watching {len(threads)} mailbox(es)")
        for thread in threads:
            thread.join()
