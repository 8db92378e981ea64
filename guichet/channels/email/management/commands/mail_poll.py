"""Poll IMAP mailboxes once, now (what the worker's periodic job does every minute)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from guichet.channels.email import imap
from guichet.channels.email.models import Mailbox


class Command(BaseCommand):
    help = "Fetch new mail of the active IMAP mailboxes once."

    def handle(self, *args: Any, **options: Any) -> None:
        for mailbox in Mailbox.objects.filter(active=True, kind=Mailbox.Kind.IMAP):
            result = imap.poll_safely(mailbox)
            mailbox.refresh_from_db()
            if result is None:
                self.stderr.write(f"{mailbox}: {mailbox.last_error}")
            else:
                self.stdout.write(f"{mailbox}: {result.stored} new, {result.settled} settled")
