"""Running automations: triggers after an event, time-based automations on a schedule.

See docs/automations.md ("How triggers run", "Time-based automations").

A trigger cycle, for one audit event (a job after commit):

1. Pass 1 evaluates, in position order, the active triggers of the ticket's brand that listen
   to the event's verb; each sees the ticket as the previous ones left it. A trigger whose
   conditions hold fires: its actions run through the ticket actions as the system actor, in
   one transaction with its `AutomationFiring` row (unique per trigger and event, so a job run
   twice fires nothing twice) and an `automation_fired` audit event on the ticket.
2. If fields changed, the next pass evaluates the triggers listening to that verb or to
   `ticket_updated`, minus those that already fired: a trigger never fires twice in a cycle,
   so it cannot loop on its own changes, and chains stop after `MAX_PASSES` (depth guard).
3. Events recorded during the cycle are not queued as new cycles (see `hooks.py`).
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Exists, F, OuterRef, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from guichet.audit.actions import diff, record_event
from guichet.audit.models import Event
from guichet.automations import performers
from guichet.automations.conditions import TicketView, holds
from guichet.automations.context import trigger_cycle
from guichet.automations.models import Automation, AutomationFiring
from guichet.core.errors import ActionError
from guichet.sla.system import system_actor
from guichet.tickets.actions import snapshot
from guichet.tickets.models import Status, Ticket

logger = logging.getLogger("guichet.automations")
MAX_PASSES = 5
SCHEDULED_BATCH = 500
HOUR = dt.timedelta(hours=1)


def run_event_triggers(event_id: int) -> list[int]:
    """Run the trigger cycle of one event; the ids of the triggers that fired, in order."""
    event = Event.objects.filter(pk=event_id).first()
    if event is None or event.ticket_id is None:
        return []
    fired: list[int] = []
    verbs = [event.verb]
    changed = frozenset(str(c.get("field")) for c in event.changes or [])
    metric = str((event.data or {}).get("metric", ""))
    with trigger_cycle():
        for _pass in range(MAX_PASSES):
            made: set[str] = set()
            for automation in _triggers(event.ticket_id, verbs, exclude=fired):
                ticket = load_ticket(event.ticket_id)
                if ticket is None:
                    return fired
                view = ticket_view(ticket, event.created_at, event=event.verb, changed=changed,
                                   sla_metric=metric)  # fmt: skip
                if not holds(automation.conditions, view):
                    continue
                changes = fire(automation, ticket, event=event)
                if changes is not None:
                    fired.append(automation.pk)
                    made |= changes
            if not made:
                return fired
            verbs, changed = [event.verb, "ticket_updated"], frozenset(made)
    logger.warning("Trigger cycle of event %s stopped after %d passes", event_id, MAX_PASSES)
    ticket = load_ticket(event.ticket_id)
    if ticket is not None:
        record_event(system_actor(), "automation_loop_stopped", ticket, ticket=ticket,
                     data={"event": event.pk, "fired": fired})  # fmt: skip
    return fired


def _triggers(ticket_id: int, verbs: list[str], exclude: list[int]) -> list[Automation]:
    brand_id = Ticket.objects.values_list("brand_id", flat=True).get(pk=ticket_id)
    return list(
        Automation.objects.filter(kind=Automation.Kind.TRIGGER, active=True, event__in=verbs)
        .filter(Q(brand__isnull=True) | Q(brand_id=brand_id))
        .exclude(pk__in=exclude)
        .order_by("position", "id")
    )


def fire(
    automation: Automation,
    ticket: Ticket,
    *,
    event: Event | None = None,
    episode_at: dt.datetime | None = None,
) -> set[str] | None:
    """Run one automation's actions on a ticket, once per event (or status episode).

    Returns the fields that changed, or None when it had already fired or failed (a failed
    run is rolled back and recorded as failed)."""
    system = system_actor()
    now = timezone.now()
    with transaction.atomic():
        try:
            with transaction.atomic():
                firing = AutomationFiring.objects.create(
                    automation=automation, ticket=ticket, event=event, episode_at=episode_at,
                    created_at=now,
                )  # fmt: skip
        except IntegrityError:
            return None
        before = snapshot(ticket)
        try:
            with transaction.atomic():
                for action in automation.actions:
                    performers.perform(action, load_ticket(ticket.pk) or ticket, system, firing)
        except ActionError as error:
            firing.outcome = AutomationFiring.Outcome.FAILED
            firing.detail = {"error": error.message}
            firing.save(update_fields=["outcome", "detail"])
            record_event(system, "automation_failed", automation, ticket=ticket,
                         data={"automation": automation.pk, "name": automation.name,
                               "error": error.message})  # fmt: skip
            return None
        after = load_ticket(ticket.pk)
        changes = diff(before, snapshot(after)) if after is not None else []
        firing.detail = {"actions": [a["type"] for a in automation.actions], "changes": changes}
        firing.save(update_fields=["detail"])
        record_event(
            system, "automation_fired", automation, ticket=ticket, changes=changes,
            data={"automation": automation.pk, "name": automation.name, "kind": automation.kind,
                  "event": event.pk if event else None},
        )  # fmt: skip
    return {str(change["field"]) for change in changes}


# --- Time-based automations ------------------------------------------------------------


def run_scheduled(now: dt.datetime | None = None) -> int:
    """Run every active time-based automation over the open tickets it matches; how many
    firings. Each fires once per ticket and status episode (e.g. once per pending spell)."""
    now = now or timezone.now()
    fired = 0
    scheduled = Automation.objects.filter(kind=Automation.Kind.SCHEDULED, active=True)
    for automation in scheduled.order_by("position", "id"):
        for ticket in _candidates(automation, now):
            if holds(automation.conditions, ticket_view(ticket, now)):
                fired += fire(automation, ticket, episode_at=ticket.status_since) is not None
    return fired


def _candidates(automation: Automation, now: dt.datetime) -> list[Any]:
    """Tickets worth evaluating: not closed or merged, the status and the time in status the
    conditions require, not already fired on in this status episode; oldest first, bounded."""
    qs = Ticket.objects.filter(merged_into__isnull=True).exclude(status=Status.CLOSED)
    if automation.brand_id is not None:
        qs = qs.filter(brand_id=automation.brand_id)
    qs = qs.annotate(status_since=Coalesce(F("sla__status_since"), F("updated_at")))
    for condition in automation.conditions.get("all", []):
        name, op, value = condition["field"], condition["op"], condition["value"]
        if name == "status" and op in ("is", "in"):
            qs = qs.filter(status__in=value if op == "in" else [value])
        elif name == "hours_in_status" and op in ("gte", "gt"):
            qs = qs.filter(status_since__lte=now - value * HOUR)
    done = AutomationFiring.objects.filter(
        automation=automation, ticket=OuterRef("pk"), episode_at=OuterRef("status_since")
    )
    qs = qs.filter(~Exists(done)).order_by("status_since", "id")
    return list(_with_relations(qs)[:SCHEDULED_BATCH])


# --- Reading tickets -----------------------------------------------------------------------


def _with_relations(qs: Any) -> Any:
    return qs.select_related(
        "organisation", "team", "assignee", "brand", "requester", "sla"
    ).prefetch_related("tags")


def load_ticket(ticket_id: int) -> Ticket | None:
    ticket = _with_relations(Ticket.objects.filter(pk=ticket_id)).first()
    return ticket if ticket is not None and ticket.merged_into_id is None else None


def ticket_view(
    ticket: Any,
    now: dt.datetime,
    *,
    event: str = "",
    changed: frozenset[str] = frozenset(),
    sla_metric: str = "",
) -> TicketView:
    since = getattr(ticket, "status_since", None) or _status_since(ticket)
    return TicketView(
        status=ticket.status, priority=ticket.priority, type=ticket.type,
        channel=ticket.channel, tier=ticket.tier,
        team=ticket.team.slug if ticket.team else "",
        assignee=ticket.assignee.get_username() if ticket.assignee else "",
        brand=ticket.brand.slug,
        segment=ticket.organisation.segment if ticket.organisation else "",
        language=ticket.language, vip=bool(ticket.requester.vip),
        tags=frozenset(tag.name for tag in ticket.tags.all()),
        hours_in_status=_hours(now - since),
        hours_since_created=_hours(now - ticket.created_at),
        hours_since_updated=_hours(now - ticket.updated_at),
        event=event, changed=changed, sla_metric=sla_metric,
    )  # fmt: skip


def _status_since(ticket: Any) -> dt.datetime:
    try:
        return ticket.sla.status_since  # type: ignore[no-any-return]
    except Exception:  # no SLA state (a ticket older than the SLA app)
        return ticket.updated_at  # type: ignore[no-any-return]


def _hours(delta: dt.timedelta) -> float:
    return max(0.0, delta / HOUR)
