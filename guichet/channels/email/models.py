"""Mailboxes, every raw message received, every message sent, bounces (docs/email.md#intake).

No I/O here: transports (imap.py, smtp_server.py, webhook.py) store raw bytes through intake.py,
the `process_inbound_email` job applies them through actions.py.
"""

from __future__ import annotations

from typing import Any

from django.db import models

DEFAULT_MAX_BYTES = 30 * 1024 * 1024


class Mailbox(models.Model):
    """An address customers write to, and how its mail reaches Guichet.

    Secrets are never stored: the password, OAuth2 token, client secret, refresh token and
    webhook secret fields hold the NAME of an environment variable that holds the secret.
    """

    class Kind(models.TextChoices):
        IMAP = "imap", "IMAP"
        SMTP = "smtp", "SMTP (direct delivery)"
        WEBHOOK = "webhook", "Webhook"

    class Security(models.TextChoices):
        TLS = "tls", "TLS (IMAPS)"
        STARTTLS = "starttls", "STARTTLS"

    class AfterFetch(models.TextChoices):
        SEEN = "seen", "Mark as seen"
        DELETE = "delete", "Delete"
        MOVE = "move", "Move to a folder"

    class StrangerPolicy(models.TextChoices):
        NEW_TICKET = "new_ticket", "Open a new ticket"
        HOLD = "hold", "Hold for review"

    brand = models.ForeignKey("brands.Brand", on_delete=models.CASCADE, related_name="mailboxes")
    name = models.CharField(max_length=120, blank=True)
    address = models.EmailField(unique=True, help_text="Lower case; replies go out from it")
    team = models.ForeignKey(
        "people.Team", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    language = models.CharField(max_length=8, default="fr")
    kind = models.CharField(max_length=8, choices=Kind.choices, default=Kind.IMAP)
    active = models.BooleanField(default=True)

    imap_host = models.CharField(max_length=255, blank=True)
    imap_port = models.PositiveIntegerField(default=993)
    imap_security = models.CharField(max_length=8, choices=Security.choices, default=Security.TLS)
    imap_username = models.CharField(max_length=255, blank=True)
    imap_password_env = models.CharField(
        max_length=100, blank=True, help_text="Name of the environment variable with the password"
    )
    imap_oauth2_token_env = models.CharField(
        max_length=100,
        blank=True,
        help_text="Name of the environment variable with an OAuth2 access token (XOAUTH2)",
    )
    imap_oauth2_token_url = models.CharField(
        max_length=500,
        blank=True,
        help_text="OAuth2 token endpoint (https): access tokens are then refreshed from it",
    )
    imap_oauth2_client_id = models.CharField(max_length=255, blank=True)
    imap_oauth2_client_secret_env = models.CharField(
        max_length=100,
        blank=True,
        help_text="Name of the environment variable with the OAuth2 client secret",
    )
    imap_oauth2_refresh_token_env = models.CharField(
        max_length=100,
        blank=True,
        help_text="Name of the environment variable with the OAuth2 refresh token",
    )
    imap_oauth2_scope = models.CharField(max_length=500, blank=True)
    imap_folder = models.CharField(max_length=255, default="INBOX")
    imap_after_fetch = models.CharField(
        max_length=8, choices=AfterFetch.choices, default=AfterFetch.SEEN
    )
    imap_move_to = models.CharField(max_length=255, blank=True)
    imap_uidvalidity = models.BigIntegerField(null=True, blank=True)
    imap_last_uid = models.BigIntegerField(default=0)
    last_polled_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    webhook_secret_env = models.CharField(
        max_length=100, blank=True, help_text="Name of the environment variable with the secret"
    )

    max_bytes = models.PositiveIntegerField(default=DEFAULT_MAX_BYTES)
    plus_addressing = models.BooleanField(
        default=True, help_text="Replies go to address+<token>@domain (signed)"
    )
    stranger_policy = models.CharField(
        max_length=12, choices=StrangerPolicy.choices, default=StrangerPolicy.NEW_TICKET
    )
    reopen_days = models.PositiveIntegerField(
        default=14, help_text="A reply to a solved ticket reopens it within this many days"
    )
    rate_limit_per_hour = models.PositiveIntegerField(
        default=30, help_text="Messages per sender per hour; more are held (0: no limit)"
    )
    send_acknowledgement = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["address"]
        verbose_name_plural = "mailboxes"

    def __str__(self) -> str:
        return self.address

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.address = self.address.strip().lower()  # recipients are matched in lower case
        super().save(*args, **kwargs)

    @property
    def domain(self) -> str:
        return self.address.rsplit("@", 1)[-1]


class InboundEmail(models.Model):
    """One raw message as received, stored before anything else happens.

    Unique per (mailbox, dedupe_key): the Message-ID, or "sha256:<hash>" without one, so the
    same message fetched twice or delivered by two paths is stored, and applied, once.
    """

    class Status(models.TextChoices):
        RECEIVED = "received", "Received"
        PROCESSED = "processed", "Processed"
        IGNORED = "ignored", "Ignored"
        HELD = "held", "Held for review"
        QUARANTINED = "quarantined", "Quarantined"

    class Via(models.TextChoices):
        IMAP = "imap", "IMAP"
        SMTP = "smtp", "SMTP"
        WEBHOOK = "webhook", "Webhook"
        UPLOAD = "upload", "Upload"

    mailbox = models.ForeignKey(Mailbox, on_delete=models.PROTECT, related_name="inbound")
    received_via = models.CharField(max_length=8, choices=Via.choices)
    size = models.PositiveIntegerField(help_text="Of the whole message, even when not all stored")
    truncated = models.BooleanField(
        default=False, help_text="Over the size limit: only the header block is stored"
    )
    sha256 = models.CharField(max_length=64)
    message_id = models.CharField(max_length=255, blank=True)
    dedupe_key = models.CharField(max_length=255)
    subject = models.CharField(max_length=255, blank=True)
    sender = models.CharField(max_length=254, blank=True)
    envelope_from = models.CharField(max_length=254, blank=True)
    envelope_to = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.RECEIVED)
    reason = models.TextField(blank=True)
    noise = models.CharField(max_length=16, blank=True)
    override = models.CharField(
        max_length=12, blank=True, help_text="Set by an admin releasing held mail: attach or new"
    )
    ticket = models.ForeignKey(
        "tickets.Ticket", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    ticket_message = models.ForeignKey(
        "tickets.Message", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    imap_uidvalidity = models.BigIntegerField(null=True, blank=True)
    imap_uid = models.BigIntegerField(null=True, blank=True)
    imap_duplicate_uids = models.JSONField(
        default=list, blank=True, help_text="Other UIDs of the same message in the folder"
    )
    imap_settled = models.BooleanField(
        default=False, help_text="Marked seen, deleted or moved on the IMAP server"
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    received_at = models.DateTimeField()
    processed_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-received_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["mailbox", "dedupe_key"], name="inbound_email_unique_per_mailbox"
            )
        ]
        indexes = [
            models.Index(fields=["status", "-received_at"], name="inbound_status_received"),
            models.Index(fields=["message_id"], name="inbound_message_id"),
            models.Index(fields=["ticket_message"], name="inbound_ticket_message"),
            models.Index(
                fields=["mailbox", "imap_settled", "imap_uid"], name="inbound_imap_pending"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dedupe_key} ({self.status})"

    @property
    def raw_bytes(self) -> bytes:
        return bytes(self.raw_row.data)


class InboundRaw(models.Model):
    """The bytes of an InboundEmail as received (only its header block when it was over the
    size limit). Apart from the message's row so that updating its status or attempts never
    rewrites them: SQLite rewrites a whole row, blobs included, on any UPDATE."""

    inbound = models.OneToOneField(
        InboundEmail, primary_key=True, on_delete=models.CASCADE, related_name="raw_row"
    )
    data = models.BinaryField()

    def __str__(self) -> str:
        return f"raw bytes of inbound email {self.inbound_id}"


class OutboundEmail(models.Model):
    """One email we send: a public reply or an acknowledgement, with its delivery state."""

    class Kind(models.TextChoices):
        REPLY = "reply", "Public reply"
        ACKNOWLEDGEMENT = "ack", "Acknowledgement"

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"
        BOUNCED = "bounced", "Bounced"

    mailbox = models.ForeignKey(
        Mailbox, null=True, blank=True, on_delete=models.SET_NULL, related_name="outbound"
    )
    ticket = models.ForeignKey("tickets.Ticket", on_delete=models.CASCADE, related_name="+")
    ticket_message = models.ForeignKey(
        "tickets.Message", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=8, choices=Kind.choices)
    message_id = models.CharField(max_length=255, unique=True, help_text="Without angle brackets")
    in_reply_to = models.CharField(max_length=255, blank=True)
    references = models.JSONField(default=list, blank=True)
    from_address = models.CharField(max_length=254)
    reply_to = models.CharField(max_length=254, blank=True)
    to = models.JSONField(default=list)
    cc = models.JSONField(default=list, blank=True)
    subject = models.CharField(max_length=300)
    language = models.CharField(max_length=8, default="fr")
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    dsn_status = models.CharField(max_length=16, blank=True)
    dsn_diagnostic = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    bounced_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["ticket_message", "kind"], name="outbound_message_kind")]

    def __str__(self) -> str:
        return f"{self.kind} {self.message_id} ({self.status})"


class SenderRate(models.Model):
    """How many messages one sender sent to one mailbox in one hour (the mail storm brake)."""

    mailbox = models.ForeignKey(Mailbox, on_delete=models.CASCADE, related_name="+")
    sender = models.CharField(max_length=254)
    window_start = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-window_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["mailbox", "sender", "window_start"], name="sender_rate_unique_window"
            )
        ]

    def __str__(self) -> str:
        return f"{self.sender}: {self.count} since {self.window_start}"


class BounceRecord(models.Model):
    """A delivery status notification for one of a contact's addresses (RFC 3464)."""

    identity = models.ForeignKey(
        "people.ContactIdentity",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="bounces",
    )
    address = models.CharField(max_length=254)
    outbound = models.ForeignKey(
        OutboundEmail, null=True, blank=True, on_delete=models.SET_NULL, related_name="bounces"
    )
    inbound = models.ForeignKey(
        InboundEmail, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=16, blank=True)
    status = models.CharField(max_length=16, blank=True)
    diagnostic = models.TextField(blank=True)
    permanent = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.address} {self.status or self.action}"
