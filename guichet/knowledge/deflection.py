"""When a suggestion session or a search is settled, and how (pure). See docs/knowledge.md
("Deflection").

A customer typing on the portal's ticket form is shown articles (a suggestion session, named by a
token that the form also posts as a hidden field).
1. They submit that same form (it carries the session's token): outcome `ticket`, whatever the
   delay; a submit settles the session at once (actions/analytics.do_settle_suggestions_by_form),
   even one already settled as deflected or abandoned.
2. They open a suggested article and the form stays unsubmitted for WINDOW after their last
   activity on it: `deflected`. A ticket they open by another way (email, another form) does not
   cancel it: it did not come from the form the suggestions answered.
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
    submitted: bool,
    now: dt.datetime,
    window: dt.timedelta = WINDOW,
) -> str:
    """`submitted`: the session's own form was sent (a ticket carrying its token)."""
    if submitted:
        return Outcome.TICKET
    if opened_at is None:
        return Outcome.ABANDONED if now - last_seen >= window else Outcome.PENDING
    return Outcome.DEFLECTED if now - max(opened_at, last_seen) >= window else Outcome.PENDING


def rate(part: int, whole: int) -> float | None:
    return None if whole == 0 else part / whole
