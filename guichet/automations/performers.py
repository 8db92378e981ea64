"""Each automation action, carried out through the existing actions as the system actor.

See docs/automations.md ("Actions"). Ticket changes go through `guichet.tickets` actions (so
they are checked, audited and followed by the SLA clocks); emails and webhooks are rows sent
by jobs after commit.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext as _

from guichet.automations.models import AutomationEmail, AutomationFiring, Webhook
from guichet.automations.payloads import ticket_payload
from guichet.core.errors import ActionError
from guichet.jobs.enqueue import on_commit
from guichet.people.models import Team
from guichet.routing.hooks import assignment_context
from guichet.tickets import macros
from guichet.tickets.actions import do_escalate_ticket, do_update_ticket, tag_names
from guichet.tickets.message_actions import do_add_note
from guichet.tickets.models import Ticket


def perform(action: dict[str, Any], ticket: Ticket, system: Any, firing: AutomationFiring) -> None:
    # a team or assignee it changes is logged as the system's, naming the automation
    with assignment_context(automation=firing.automation_id):
        PERFORMERS[action["type"]](action, ticket, system, firing)


def _set(action: dict[str, Any], ticket: Ticket, system: Any, firing: AutomationFiring) -> None:
    if getattr(ticket, action["field"]) != action["value"]:
        do_update_ticket(system, ticket, **{action["field"]: action["value"]})


def _assign(action: dict[str, Any], ticket: Ticket, system: Any, firing: AutomationFiring) -> None:
    changes: dict[str, Any] = {}
    if "team" in action:
        changes["team"] = None if action["team"] is None else _team(action["team"])
    if "assignee" in action:
        changes["assignee"] = None if action["assignee"] is None else _agent(action["assignee"])
    do_update_ticket(system, ticket, **changes)


def _team(slug: str) -> Team:
    team = Team.objects.filter(slug=slug).first()
    if team is None:
        raise ActionError(_("L'équipe « %(s)s » n'existe plus.") % {"s": slug}, field="team")
    return team


def _agent(username: str) -> Any:
    user = get_user_model().objects.filter(username=username, agent__isnull=False).first()
    if user is None:
        raise ActionError(_("L'agent « %(u)s » n'existe plus.") % {"u": username}, field="assignee")
    return user


def _add_tags(
    action: dict[str, Any], ticket: Ticket, system: Any, firing: AutomationFiring
) -> None:
    current = tag_names(ticket)
    wanted = sorted(set(current) | set(action["tags"]))
    if wanted != current:
        do_update_ticket(system, ticket, tags=wanted)


def _remove_tags(
    action: dict[str, Any], ticket: Ticket, system: Any, firing: AutomationFiring
) -> None:
    current = tag_names(ticket)
    wanted = sorted(set(current) - set(action["tags"]))
    if wanted != current:
        do_update_ticket(system, ticket, tags=wanted)


def _note(action: dict[str, Any], ticket: Ticket, system: Any, firing: AutomationFiring) -> None:
    do_add_note(system, ticket, body=render(action["body"], ticket))


def _email_customer(
    action: dict[str, Any], ticket: Ticket, system: Any, firing: AutomationFiring
) -> None:
    address = ticket.requester.primary_email
    if address:
        _queue_email(firing, ticket, [address], action)


def _email_agent(
    action: dict[str, Any], ticket: Ticket, system: Any, firing: AutomationFiring
) -> None:
    to = action["to"]
    if to == "assignee":
        users = [ticket.assignee] if ticket.assignee else []
    elif to == "team":
        users = [a.user for a in ticket.team.agents.select_related("user")] if ticket.team else []
    else:
        users = [_agent(to)]
    addresses = [u.email for u in users if u is not None and u.is_active and u.email]
    _queue_email(firing, ticket, addresses, action)


def _queue_email(
    firing: AutomationFiring, ticket: Ticket, addresses: list[str], action: dict[str, Any]
) -> None:
    from guichet.automations.tasks import send_automation_email

    sender = ticket.brand.support_email or settings.DEFAULT_FROM_EMAIL
    for address in addresses:
        email = AutomationEmail.objects.create(
            firing=firing, ticket=ticket, to=address, from_email=sender,
            subject=render(action["subject"], ticket)[:250], body=render(action["body"], ticket),
            created_at=timezone.now(),
        )  # fmt: skip
        on_commit(send_automation_email, email.pk)


def _webhook(action: dict[str, Any], ticket: Ticket, system: Any, firing: AutomationFiring) -> None:
    from guichet.automations.webhook_actions import do_enqueue_delivery

    webhook = Webhook.objects.filter(pk=action["webhook"], active=True).first()
    if webhook is None:
        raise ActionError(
            _("Le webhook %(n)s n'existe plus ou est désactivé.") % {"n": action["webhook"]}
        )
    automation = firing.automation
    payload = {"automation": {"id": automation.pk, "name": automation.name},
               "ticket": ticket_payload(ticket)}  # fmt: skip
    do_enqueue_delivery(webhook, "automation.fired", payload, ticket=ticket)


def _escalate(
    action: dict[str, Any], ticket: Ticket, system: Any, firing: AutomationFiring
) -> None:
    if ticket.tier < action["tier"]:
        do_escalate_ticket(
            system, ticket, tier=action["tier"], reason=render(action["reason"], ticket)
        )


def template_values(ticket: Ticket) -> dict[str, str]:
    """Placeholders for notes and emails ({{ ticket.reference }} ...), as in macros."""
    requester = ticket.requester
    assignee = ticket.assignee
    return {
        "ticket.reference": ticket.reference,
        "ticket.subject": ticket.subject,
        "ticket.status": ticket.status,
        "ticket.priority": ticket.priority,
        "requester.name": requester.name,
        "requester.first_name": requester.name.split(" ")[0],
        "organisation.name": ticket.organisation.name if ticket.organisation else "",
        "agent.name": (assignee.get_full_name() or assignee.get_username()) if assignee else "",
        "brand.name": ticket.brand.name,
    }


def render(text: str, ticket: Ticket) -> str:
    return macros.render(text, template_values(ticket))


PERFORMERS: dict[str, Callable[[dict[str, Any], Ticket, Any, AutomationFiring], None]] = {
    "set": _set,
    "assign": _assign,
    "add_tags": _add_tags,
    "remove_tags": _remove_tags,
    "add_note": _note,
    "email_customer": _email_customer,
    "email_agent": _email_agent,
    "webhook": _webhook,
    "escalate": _escalate,
}
