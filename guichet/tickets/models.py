"""Tickets, their messages, attachments, links, tags, time and macros. See docs/domain.md."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from guichet.people.models import Tier


class Status(models.TextChoices):
    NEW = "new", "New"
    OPEN = "open", "Open"
    PENDING = "pending", "Pending"
    ON_HOLD = "on_hold", "On hold"
    SOLVED = "solved", "Solved"
    CLOSED = "closed", "Closed"


class Priority(models.TextChoices):
    LOW = "low", "Low"
    NORMAL = "normal", "Normal"
    HIGH = "high", "High"
    URGENT = "urgent", "Urgent"


class TicketType(models.TextChoices):
    QUESTION = "question", "Question"
    INCIDENT = "incident", "Incident"
    PROBLEM = "problem", "Problem / bug"
    REQUEST = "request", "Request"
    COMPLAINT = "complaint", "Complaint"


class Channel(models.TextChoices):
    EMAIL = "email", "Email"
    PORTAL = "portal", "Web portal"
    CHAT = "chat", "Live chat"
    WHATSAPP = "whatsapp", "WhatsApp"
    PHONE = "phone", "Phone"
    SLACK = "slack", "Slack"
    TEAMS = "teams", "Teams"
    API = "api", "API"


class Tag(models.Model):
    name = models.SlugField(max_length=60, unique=True, allow_unicode=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Ticket(models.Model):
    brand = models.ForeignKey("brands.Brand", on_delete=models.PROTECT, related_name="tickets")
    number = models.PositiveIntegerField()
    reference = models.CharField(max_length=24, unique=True)
    subject = models.CharField(max_length=250)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.NEW)
    priority = models.CharField(max_length=8, choices=Priority.choices, default=Priority.NORMAL)
    type = models.CharField(max_length=10, choices=TicketType.choices, default=TicketType.QUESTION)
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.PORTAL)
    category = models.ForeignKey(
        "brands.Category", null=True, blank=True, on_delete=models.SET_NULL, related_name="tickets"
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="tickets")
    language = models.CharField(max_length=8, default="fr")
    requester = models.ForeignKey(
        "people.Contact", on_delete=models.PROTECT, related_name="requested_tickets"
    )
    organisation = models.ForeignKey(
        "people.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tickets",
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_tickets",
    )
    team = models.ForeignKey(
        "people.Team", null=True, blank=True, on_delete=models.SET_NULL, related_name="tickets"
    )
    tier = models.PositiveSmallIntegerField(choices=Tier.choices, default=Tier.N1)
    custom_fields = models.JSONField(default=dict, blank=True)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged_tickets"
    )
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()
    first_reply_at = models.DateTimeField(null=True, blank=True)
    solved_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    reopen_count = models.PositiveSmallIntegerField(default=0)
    time_spent_seconds = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["brand", "number"], name="ticket_unique_number")
        ]
        indexes = [
            models.Index(fields=["status", "-created_at", "-id"], name="ticket_status_created"),
            models.Index(fields=["organisation", "-created_at", "-id"], name="ticket_org_created"),
            models.Index(fields=["requester", "-created_at", "-id"], name="ticket_req_created"),
            models.Index(fields=["assignee", "status"], name="ticket_assignee_status"),
            models.Index(fields=["team", "status"], name="ticket_team_status"),
            models.Index(fields=["brand", "-created_at", "-id"], name="ticket_brand_created"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.subject}"

    @property
    def is_open(self) -> bool:
        return self.status not in (Status.SOLVED, Status.CLOSED)


class TicketParticipant(models.Model):
    """Someone other than the requester who follows a ticket: a CC'd contact or a following agent."""

    class Role(models.TextChoices):
        CC = "cc", "CC"
        FOLLOWER = "follower", "Follower"

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="participants")
    contact = models.ForeignKey(
        "people.Contact", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.CC)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(contact__isnull=False) | models.Q(user__isnull=False),
                name="participant_is_someone",
            ),
            models.UniqueConstraint(
                fields=["ticket", "contact"],
                condition=models.Q(contact__isnull=False),
                name="participant_unique_contact",
            ),
            models.UniqueConstraint(
                fields=["ticket", "user"],
                condition=models.Q(user__isnull=False),
                name="participant_unique_user",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.role} on {self.ticket_id}"


class Message(models.Model):
    class Kind(models.TextChoices):
        CUSTOMER = "customer", "Customer message"
        REPLY = "reply", "Public reply"
        NOTE = "note", "Internal note"

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="messages")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.PORTAL)
    author_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    author_contact = models.ForeignKey(
        "people.Contact", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    body_text = models.TextField(blank=True)
    body_html = models.TextField(blank=True, help_text="Already sanitised")
    mentions = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")
    external_id = models.CharField(max_length=255, blank=True, db_index=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["ticket", "created_at"], name="message_ticket_created")]

    def __str__(self) -> str:
        return f"{self.kind} on {self.ticket_id}"

    @property
    def is_public(self) -> bool:
        return self.kind != self.Kind.NOTE


def attachment_path(instance: Attachment, filename: str) -> str:
    return f"attachments/{instance.sha256[:2]}/{instance.sha256}"


class Attachment(models.Model):
    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path, max_length=255)
    filename = models.CharField(max_length=255)
    content_type = models.CharField(max_length=120, help_text="Sniffed from the content")
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    inline = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.filename


class TicketLink(models.Model):
    class Kind(models.TextChoices):
        DUPLICATE_OF = "duplicate_of", "Duplicate of"
        CAUSED_BY = "caused_by", "Caused by problem"
        RELATED = "related", "Related"

    source = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="links_out")
    target = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="links_in")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["source", "target", "kind"], name="link_unique"),
            models.CheckConstraint(
                condition=~models.Q(source=models.F("target")), name="link_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source_id} {self.kind} {self.target_id}"


class TimeEntry(models.Model):
    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="time_entries")
    agent = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    seconds = models.PositiveIntegerField()
    note = models.CharField(max_length=250, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name_plural = "time entries"

    def __str__(self) -> str:
        return f"{self.seconds}s on {self.ticket_id}"


class Macro(models.Model):
    """A canned reply with {{placeholders}} that may also set fields (see tickets/macros.py)."""

    brand = models.ForeignKey(
        "brands.Brand", null=True, blank=True, on_delete=models.CASCADE, related_name="macros"
    )
    name = models.CharField(max_length=120)
    body = models.TextField(blank=True)
    kind = models.CharField(
        max_length=10,
        choices=[("reply", "Public reply"), ("note", "Internal note")],
        default="reply",
    )
    set_fields = models.JSONField(default=dict, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
