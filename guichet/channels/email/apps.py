"""The email channel as a Django app: mailboxes, stored raw mail, outgoing mail (docs/email.md)."""

from django.apps import AppConfig


class EmailChannelConfig(AppConfig):
    name = "guichet.channels.email"
    label = "email_channel"
    verbose_name = "Email"

    def ready(self) -> None:
        from django.db.models.signals import pre_delete

        from guichet.channels.email import hooks
        from guichet.tickets.models import Ticket

        uid = "email_channel.on_ticket_deleted"
        pre_delete.connect(hooks.on_ticket_deleted, sender=Ticket, dispatch_uid=uid)
