"""When a suggestion session or a search is settled, and how (pure). See docs/knowledge.md
("Deflection").

A customer typing on the portal's ticket form is shown articles (a suggestion session).
1. They submit a ticket before reading any suggestion, or within WINDOW of opening one:
   outcome `ticket` (not deflected).
2. They open a suggested article and submit nothing within WINDOW: `deflected`.
3. They open nothing and submit nothing within WINDOW of the last suggestions: `abandoned`
   (they left, but not because an article answered them; not counted as a deflection).
Until then the session is pending. A search is "followed by a ticket" when the same contact
opens a ticket in the brand within WINDOW after it.
"""

from __future__ import annotations

import datetime as dt

from guichet.knowledge.models import Outcome

WINDOW = dt.timedelta(minutes=30)


def session_outcome(
    *,
    opened_at: dt.datetime | None,
    last_seen: dt.datetime,
    ticket_at: dt.datetime | None,
    now: dt.datetime,
    window: dt.timedelta = WINDOW,
) -> str:
    """`ticket_at`: the first ticket the contact opened in the brand since the session began."""
    if opened_at is None:
        if ticket_at is not None:
            return Outcome.TICKET
        return Outcome.ABANDONED if now - last_seen >= window else Outcome.PENDING
    if ticket_at is not None and ticket_at <= opened_at + window:
        return Outcome.TICKET
    return Outcome.DEFLECTED if now - opened_at >= window else Outcome.PENDING


def rate(part: int, whole: int) -> float | None:
    return None if whole == 0 else part / whole
