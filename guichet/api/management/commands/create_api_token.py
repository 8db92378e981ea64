"""`manage.py create_api_token <username> --name ... --scopes read,write [--days 90]`."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from guichet.api.token_actions import do_create_api_token
from guichet.core.errors import ActionError


class Command(BaseCommand):
    help = "Create an API token for a user and print it (it is shown only once)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", default="CLI token")
        parser.add_argument("--scopes", default="read", help="Comma-separated: read,write,admin")
        parser.add_argument("--days", type=int, default=None, help="Expire after N days")

    def handle(self, *args: Any, **options: Any) -> None:
        users = get_user_model()
        try:
            owner = users.objects.get(username=options["username"])
        except users.DoesNotExist:
            raise CommandError(f"No user {options['username']!r}.") from None
        scopes = [s.strip() for s in options["scopes"].split(",") if s.strip()]
        days = options["days"]
        expires_at = timezone.now() + dt.timedelta(days=days) if days else None
        try:
            token, raw = do_create_api_token(
                None, owner=owner, name=options["name"], scopes=scopes, expires_at=expires_at
            )
        except ActionError as error:
            raise CommandError(error.message) from None
        self.stderr.write(f"Token {token.prefix} for {owner.get_username()}: {token.scopes}")
        self.stdout.write(raw)
