"""A generated ticket before it reaches the database: plain data with symbolic references.

Teams are slugs, people are usernames or contact keys; the loader turns them into ids.
See docs/demo.md.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class MessagePlan:
    kind: str
    at: dt.datetime
    body: str
    author: str = ""


@dataclass(frozen=True)
class EventPlan:
    verb: str
    at: dt.datetime
    actor: str = ""
    message: int | None = None
    changes: tuple[tuple[str, Any, Any], ...] = ()
    data: tuple[tuple[str, Any], ...] = ()


@dataclass
class TicketPlan:
    index: int
    number: int
    reference: str
    subject: str
    priority: str
    type: str
    channel: str
    category: str
    language: str
    requester: int
    organisation: int | None
    created_at: dt.datetime
    intent: str
    sentiment: str
    vague: bool
    custom_fields: dict[str, object] = field(default_factory=dict)
    tags: tuple[str, ...] = ()
    status: str = "new"
    tier: int = 1
    team: str = ""
    assignee: str = ""
    updated_at: dt.datetime | None = None
    first_reply_at: dt.datetime | None = None
    solved_at: dt.datetime | None = None
    closed_at: dt.datetime | None = None
    reopen_count: int = 0
    messages: list[MessagePlan] = field(default_factory=list)
    events: list[EventPlan] = field(default_factory=list)
