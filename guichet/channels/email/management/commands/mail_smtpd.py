"""Run the built-in SMTP server for direct delivery (docs/email.md#smtp)."""

from __future__ import annotations

import ssl
from typing import Any

from django.core.management.base import BaseCommand

from guichet.channels.email.smtp_server import IntakeController, run_forever


class Command(BaseCommand):
    help = "Receive mail for the SMTP mailboxes (stores it, then answers 250)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=2525)
        parser.add_argument("--hostname", default=None, help="Name in the greeting")
        parser.add_argument("--tls-cert", default="", help="PEM certificate for STARTTLS")
        parser.add_argument("--tls-key", default="", help="PEM key for STARTTLS")

    def handle(self, *args: Any, **options: Any) -> None:
        context = None
        if options["tls_cert"]:
            context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            context.load_cert_chain(options["tls_cert"], options["tls_key"] or None)
        controller = IntakeController(
            options["host"], options["port"], tls=context, server_hostname=options["hostname"]
        )
        self.stdout.write(f"SMTP intake on {options['host']}:{options['port']}")
        run_forever(controller)
