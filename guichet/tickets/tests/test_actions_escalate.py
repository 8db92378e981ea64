"""do_escalate_ticket: a higher tier, with a reason, to that tier's team."""

import pytest

from guichet.audit.models import Event
from guichet.core.errors import ActionError
from guichet.core.tests import factories
from guichet.notifications.models import Notification
from guichet.people.models import Tier
from guichet.tickets.actions import do_assign_ticket, do_change_status, do_escalate_ticket
from guichet.tickets.models import Ticket

pytestmark = pytest.mark.django_db


@pytest.fixture
def brand():
    return factories.brand()


@pytest.fixture
def agent():
    return factories.agent()


@pytest.fixture
def ticket(brand, agent):
    return factories.ticket(brand, actor=agent)


def test_escalation_moves_to_the_tier_team_unassigns_and_records_why(brand, ticket, agent):
    global_n2 = factories.team(tier=Tier.N2, brand_=None)
    brand_n2 = factories.team(tier=Tier.N2, brand_=brand)
    do_assign_ticket(agent, ticket, assignee=agent)
    escalated = do_escalate_ticket(agent, ticket, tier=Tier.N2, reason="Panne réseau confirmée")
    escalated.refresh_from_db()
    assert (escalated.tier, escalated.team, escalated.assignee) == (Tier.N2, brand_n2, None)
    assert escalated.status == "open"
    event = Event.objects.get(verb="ticket_escalated")
    assert (event.actor, event.ticket) == (agent, ticket)
    assert event.data == {"reason": "Panne réseau confirmée", "from_tier": 1, "to_tier": 2}
    assert event.changes == [
        {"field": "tier", "old": 1, "new": 2},
        {"field": "team", "old": None, "new": brand_n2.pk},
        {"field": "assignee", "old": agent.pk, "new": None},
    ]
    assert global_n2 != escalated.team


def test_escalation_notifies_the_team(brand, ticket, agent):
    team = factories.team(tier=Tier.N3, brand_=brand)
    expert = factories.agent(tier=Tier.N3, teams=[team])
    do_escalate_ticket(agent, ticket, tier=Tier.N3, reason="Bug du firmware")
    notification = Notification.objects.get(kind="escalated")
    assert (notification.user, notification.ticket) == (expert, ticket)


def test_a_global_team_serves_brands_without_their_own(ticket, agent):
    global_n2 = factories.team(tier=Tier.N2, brand_=None)
    assert do_escalate_ticket(agent, ticket, tier=2, reason="x").team == global_n2


def test_without_a_team_at_that_tier_the_ticket_waits_unteamed(ticket, agent):
    assert do_escalate_ticket(agent, ticket, tier=4, reason="R&D").team is None


def test_an_explicit_team_of_the_tier_is_used(brand, ticket, agent):
    factories.team(tier=Tier.N2, brand_=brand)
    chosen = factories.team(tier=Tier.N2, brand_=brand)
    assert do_escalate_ticket(agent, ticket, tier=2, reason="x", team=chosen).team == chosen


@pytest.mark.parametrize("reason", ["", "   ", None])
def test_a_reason_is_required(ticket, agent, reason):
    with pytest.raises(ActionError) as error:
        do_escalate_ticket(agent, ticket, tier=2, reason=reason)
    assert (error.value.field, error.value.code) == ("reason", "required")


@pytest.mark.parametrize("tier", [0, 1])
def test_only_a_higher_tier_is_an_escalation(ticket, agent, tier):
    with pytest.raises(ActionError) as error:
        do_escalate_ticket(agent, ticket, tier=tier, reason="x")
    assert error.value.field == "tier"


def test_unknown_tier_is_refused(ticket, agent):
    with pytest.raises(ActionError) as error:
        do_escalate_ticket(agent, ticket, tier=7, reason="x")
    assert error.value.field == "tier"


def test_team_of_another_tier_is_refused(brand, ticket, agent):
    with pytest.raises(ActionError) as error:
        do_escalate_ticket(
            agent, ticket, tier=2, reason="x", team=factories.team(tier=3, brand_=brand)
        )
    assert error.value.field == "team"


def test_team_of_another_brand_is_refused(ticket, agent):
    other = factories.team(tier=2, brand_=factories.brand())
    with pytest.raises(ActionError) as error:
        do_escalate_ticket(agent, ticket, tier=2, reason="x", team=other)
    assert error.value.field == "team"


@pytest.mark.parametrize("status", ["solved", "closed"])
def test_finished_tickets_cannot_be_escalated(ticket, agent, status):
    do_change_status(agent, ticket, "solved")
    if status == "closed":
        do_change_status(agent, ticket, "closed")
    with pytest.raises(ActionError):
        do_escalate_ticket(agent, ticket, tier=2, reason="x")
    assert Ticket.objects.get(pk=ticket.pk).tier == 1
