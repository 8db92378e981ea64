"""The handover note written on a ticket when it is escalated: a pure function over plain facts.

See docs/sla.md ("Escalation"). The next tier should not have to read the whole conversation
to know what is at stake: who escalated and why, the customer, the SLA clocks, what was tried.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

EXCERPT_CHARS = 400


@dataclass(frozen=True)
class HandoverFacts:
    reference: str
    from_tier: int
    to_tier: int
    reason: str
    escalated_by: str
    priority: str
    status: str
    requester: str
    organisation: str = ""
    segment: str = ""
    previous_assignee: str = ""
    tags: tuple[str, ...] = ()
    time_spent_minutes: int = 0
    replies_sent: int = 0
    clocks: tuple[str, ...] = ()
    last_customer_message: str = ""
    automatic_rule: str = ""
    extra: dict[str, str] = field(default_factory=dict)


def compose_handover(facts: HandoverFacts) -> str:
    """The note's text (plain text; the note action turns it into safe HTML)."""
    lines = [
        _("Note de passation (automatique) : %(ref)s escaladé de N%(a)s en N%(b)s.")
        % {"ref": facts.reference, "a": facts.from_tier, "b": facts.to_tier},
        _("Motif : %(reason)s") % {"reason": facts.reason or "—"},
        _("Escaladé par : %(who)s") % {"who": facts.escalated_by},
    ]
    if facts.automatic_rule:
        lines.append(_("Règle : %(rule)s") % {"rule": facts.automatic_rule})
    customer = facts.requester
    if facts.organisation:
        customer += f" — {facts.organisation}"
        if facts.segment:
            customer += f" ({facts.segment})"
    lines += [
        _("Client : %(who)s") % {"who": customer},
        _("Priorité : %(p)s · statut : %(s)s") % {"p": facts.priority, "s": facts.status},
    ]
    if facts.previous_assignee:
        lines.append(_("Suivi jusqu'ici par : %(who)s") % {"who": facts.previous_assignee})
    if facts.tags:
        lines.append(_("Étiquettes : %(tags)s") % {"tags": ", ".join(facts.tags)})
    lines.append(
        _("Déjà fait : %(n)s réponse(s) publique(s), %(m)s min passées.")
        % {"n": facts.replies_sent, "m": facts.time_spent_minutes}
    )
    for clock_line in facts.clocks:
        lines.append(_("SLA : %(clock)s") % {"clock": clock_line})
    if facts.last_customer_message:
        lines.append(
            _("Dernier message du client : « %(text)s »")
            % {"text": excerpt(facts.last_customer_message)}
        )
    return "\n".join(lines)


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    """One line, at most `limit` characters; '@' is neutralised so that quoting a customer
    never mentions (and notifies) a colleague."""
    flat = " ".join(text.split()).replace("@", "＠")
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"
