"""The email channel as a Django app: mailboxes, stored raw mail, outgoing mail (docs/email.md)."""

from django.apps import AppConfig


class EmailChannelConfig(AppConfig):
    name = "guichet.channels.email"
    label = "email_channel"
    verbose_name = "Email"
