"""Template tags for triage in the workspace: the ticket card and the queue marks.

See docs/triage.md ("In the workspace").
"""

from __future__ import annotations

from typing import Any

from django import template

from guichet.triage import display

register = template.Library()


@register.simple_tag
def ticket_triage(ticket: Any) -> list[display.PredictionView]:
    """The ticket's current predictions (two queries)."""
    return display.ticket_triage(ticket)


@register.simple_tag
def triage_marks(rows: Any) -> dict[int, display.QueueMark]:
    """Sentiment and urgency marks of a queue page's tickets (one query)."""
    return display.queue_marks(row.pk for row in rows)


@register.filter
def triage_mark_of(marks: dict[int, display.QueueMark], ticket_id: int) -> Any:
    return marks.get(ticket_id)
