"""Mailboxes are set up by admins in the Django admin; stored and sent mail can be read there."""

from django.contrib import admin

from .models import BounceRecord, InboundEmail, Mailbox, OutboundEmail


@admin.register(Mailbox)
class MailboxAdmin(admin.ModelAdmin):
    list_display = ["address", "brand", "kind", "team", "language", "active", "last_polled_at"]
    list_filter = ["kind", "active", "brand"]
    readonly_fields = ["imap_uidvalidity", "imap_last_uid", "last_polled_at", "last_error"]


@admin.register(InboundEmail)
class InboundEmailAdmin(admin.ModelAdmin):
    list_display = ["received_at", "mailbox", "sender", "subject", "status", "received_via"]
    list_filter = ["status", "received_via", "mailbox"]
    search_fields = ["message_id", "sender", "subject"]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(OutboundEmail)
class OutboundEmailAdmin(admin.ModelAdmin):
    list_display = ["created_at", "ticket", "kind", "subject", "status", "attempts"]
    list_filter = ["status", "kind"]
    search_fields = ["message_id", "subject"]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(BounceRecord)
class BounceRecordAdmin(admin.ModelAdmin):
    list_display = ["created_at", "address", "status", "action", "permanent"]
    search_fields = ["address"]
