"""Signal receivers: the SLA clocks follow the audit events the ticket actions record.

See docs/adr/0008-sla-timers.md. Connected in `apps.SlaConfig.ready`.
"""

from __future__ import annotations

from typing import Any

from guichet.core import transaction_memo
from guichet.sla import actions


def on_event_saved(
    sender: Any, instance: Any, created: bool, raw: bool = False, **kwargs: Any
) -> None:
    """A new audit event about a ticket: update its SLA clocks in the same transaction."""
    if created and not raw and instance.verb in actions.HANDLED_VERBS:
        actions.on_ticket_event(instance)


def on_setup_changed(sender: Any, **kwargs: Any) -> None:
    """A policy, target, calendar or escalation rule was saved or deleted: what this
    transaction memoised about them is read again (see transaction_memo.py)."""
    transaction_memo.forget("sla")
