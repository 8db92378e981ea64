"""Routing tickets end to end: rules, model, strategies, capacity, availability, the queue."""

import datetime as dt

import pytest

from guichet.api.admin_actions import do_update_agent
from guichet.core.tests import factories
from guichet.people.models import Agent
from guichet.routing.actions import (
    do_drain_all,
    do_drain_team,
    do_route_ticket,
    route_after_triage,
)
from guichet.routing.models import Assignment, CategoryThreshold, QueueEntry, RoutingRule
from guichet.routing.tests import builders
from guichet.tickets.actions import do_change_status
from guichet.tickets.models import Ticket

pytestmark = pytest.mark.django_db


def routed(ticket):
    ticket.refresh_from_db()
    return ticket.assignee_id


def test_rule_sets_team_and_an_available_agent_takes_the_ticket(brand):
    # given a rule sending "facture" tickets to billing, where one agent is online
    billing = builders.team(brand)
    alice = builders.agent(billing)
    rule = RoutingRule.objects.create(
        brand=brand, name="Billing", keywords=["facture"], set_team=billing, set_priority="high"
    )
    ticket = factories.ticket(brand, subject="Ma facture est fausse")
    # when routed
    outcome = do_route_ticket(ticket.pk, predictions={})
    # then
    ticket.refresh_from_db()
    assert (ticket.team_id, ticket.assignee_id, ticket.priority) == (billing.pk, alice.pk, "high")
    assert outcome.decision.rule_id == rule.pk
    row = Assignment.objects.get(ticket=ticket)
    assert (row.reason, row.rule_id, row.to_assignee_id) == ("rule", rule.pk, alice.pk)


def test_rule_conditions_read_the_first_message_and_the_organisation(brand):
    vip_team = builders.team(brand)
    builders.agent(vip_team)
    RoutingRule.objects.create(
        brand=brand, name="Grands comptes", segments=["enterprise"], keywords=["panne"],
        set_team=vip_team, set_tier=2,
    )  # fmt: skip
    org = factories.organisation(brand, segment="enterprise")
    ticket = factories.ticket(
        brand, factories.contact(brand, org), subject="Aide", body="Grosse panne chez nous"
    )
    do_route_ticket(ticket.pk, predictions={})
    ticket.refresh_from_db()
    assert (ticket.team_id, ticket.tier) == (vip_team.pk, 2)


def test_rule_takes_precedence_over_a_confident_model(brand):
    rule_team, model_team = builders.team(brand), builders.team(brand)
    builders.agent(rule_team), builders.agent(model_team)
    category = factories.category(brand, default_team=model_team)
    RoutingRule.objects.create(brand=brand, name="Chat", channels=["chat"], set_team=rule_team)
    ticket = factories.ticket(brand, channel="chat")
    do_route_ticket(ticket.pk, predictions={"category": (str(category.pk), 0.99)})
    ticket.refresh_from_db()
    assert ticket.team_id == rule_team.pk


def test_rule_of_another_brand_is_ignored(brand):
    other_team = builders.team(brand)
    builders.agent(other_team)
    RoutingRule.objects.create(brand=factories.brand(), name="Other", set_team=other_team)
    ticket = factories.ticket(brand)
    outcome = do_route_ticket(ticket.pk, predictions={})
    assert outcome.decision.reason == "default"


def test_model_suggestion_is_followed_above_its_category_threshold(brand):
    team = builders.team(brand)
    bob = builders.agent(team)
    category = factories.category(brand, default_team=team, default_tier=2)
    CategoryThreshold.objects.create(category=category, threshold=0.9)
    builders.agent(team, tier=2)
    low = factories.ticket(brand)
    high = factories.ticket(brand)
    do_route_ticket(low.pk, predictions={"category": (str(category.pk), 0.85)})
    do_route_ticket(high.pk, predictions={"category": (str(category.pk), 0.95)})
    low.refresh_from_db(), high.refresh_from_db()
    assert low.team_id is None and low.assignee_id is None
    assert (high.team_id, high.tier) == (team.pk, 2)
    assert Assignment.objects.get(ticket=high).reason == "model"
    assert bob.pk  # bob exists but any agent of the team may take it


def test_route_after_triage_reads_triage_predictions(brand, monkeypatch):
    support = builders.team(brand)
    bob = builders.agent(support)
    category = factories.category(brand, default_team=support)
    monkeypatch.setattr(
        "guichet.routing.queries.read_predictions",
        lambda ticket_id: {"category": (str(category.pk), 0.95)},
    )
    ticket = factories.ticket(brand)
    route_after_triage(ticket.pk)
    assert routed(ticket) == bob.pk
    assert Assignment.objects.get(ticket=ticket).reason == "model"


def test_route_after_triage_never_raises(brand, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("guichet.routing.actions.do_route_ticket", broken)
    route_after_triage(factories.ticket(brand).pk)  # logged, not raised


def test_missing_or_broken_triage_means_no_predictions(brand, monkeypatch):
    from guichet.routing.queries import read_predictions

    def broken(ticket_id):
        raise RuntimeError("model file missing")

    monkeypatch.setattr("guichet.triage.queries.ticket_predictions", broken, raising=False)
    assert read_predictions(factories.ticket(brand).pk) == {}


def test_already_assigned_or_solved_tickets_are_left_alone(brand):
    team = builders.team(brand)
    builders.agent(team)
    mine = factories.ticket(brand)
    person = factories.agent("agent")
    from guichet.tickets.actions import do_assign_ticket

    do_assign_ticket(factories.agent("admin"), mine, assignee=person)
    assert do_route_ticket(mine.pk, predictions={}).decision is None
    solved = factories.ticket(brand)
    do_change_status(factories.agent("admin"), solved, "solved")
    assert do_route_ticket(solved.pk, predictions={}).decision is None


# --- Strategies, capacity and availability -----------------------------------


def rule_to(brand, team):
    RoutingRule.objects.create(brand=brand, name=f"to {team.pk}", set_team=team)


def test_round_robin_takes_turns(brand):
    team = builders.team(brand, "round_robin")
    a, b, c = builders.agent(team), builders.agent(team), builders.agent(team)
    rule_to(brand, team)
    owners = [routed_ticket(brand) for _ in range(6)]
    assert owners == [a.pk, b.pk, c.pk, a.pk, b.pk, c.pk]


def routed_ticket(brand, **kwargs):
    ticket = factories.ticket(brand, **kwargs)
    do_route_ticket(ticket.pk, predictions={})
    return routed(ticket)


def test_least_loaded_fills_the_emptiest_agent(brand):
    team = builders.team(brand, "least_loaded")
    busy, free = builders.agent(team), builders.agent(team)
    for _ in range(2):
        ticket = factories.ticket(brand)
        Ticket.objects.filter(pk=ticket.pk).update(assignee=busy)
    rule_to(brand, team)
    assert routed_ticket(brand) == free.pk
    assert routed_ticket(brand) == free.pk
    assert routed_ticket(brand) in {free.pk, busy.pk}


def test_skills_routes_by_category_and_language(brand):
    team = builders.team(brand, "skills")
    category = factories.category(brand)
    builders.agent(team, languages=["fr"])
    english = builders.agent(team, languages=["en"])
    expert = builders.agent(team, languages=["fr", "en"], skills=[category.slug])
    rule_to(brand, team)
    assert routed_ticket(brand, language="en") in {english.pk, expert.pk}
    assert routed_ticket(brand, language="en", category=category) == expert.pk


def test_a_skill_in_a_category_covers_its_subcategories(brand):
    # given a billing expert and a colleague, in a team routing by skills
    team = builders.team(brand, "skills")
    billing = factories.category(brand, slug="billing")
    refunds = factories.category(brand, slug="refunds", parent=billing)
    builders.agent(team)
    expert = builders.agent(team, skills=["billing"])
    rule_to(brand, team)
    # then a refund ticket (a subcategory of billing) goes to the expert, twice over
    assert routed_ticket(brand, category=refunds) == expert.pk
    assert routed_ticket(brand, category=refunds) == expert.pk


def test_skills_set_through_the_api_steer_the_skills_strategy(brand):
    team = builders.team(brand, "skills")
    category = factories.category(brand, slug="fibre")
    builders.agent(team)
    expert = builders.agent(team)
    do_update_agent(factories.agent("admin"), expert.agent, skills=["Fibre"])
    rule_to(brand, team)
    assert routed_ticket(brand, category=category) == expert.pk


def test_no_agent_is_given_more_than_their_capacity(brand):
    team = builders.team(brand, "round_robin")
    agent = builders.agent(team, capacity=2)
    rule_to(brand, team)
    owners = [routed_ticket(brand) for _ in range(3)]
    assert owners == [agent.pk, agent.pk, None]
    assert QueueEntry.objects.filter(team=team).count() == 1


def test_capacity_set_through_the_api_is_the_limit_routing_uses(brand):
    # given an agent whose admin lowered their capacity to 1 through the REST API's action
    team = builders.team(brand, "round_robin")
    agent = builders.agent(team)
    do_update_agent(factories.agent("admin"), agent.agent, capacity=1)
    rule_to(brand, team)
    # then routing hands them one ticket and queues the next
    assert [routed_ticket(brand) for _ in range(2)] == [agent.pk, None]


def test_chats_have_their_own_limit(brand):
    team = builders.team(brand, "round_robin")
    agent = builders.agent(team, max_chats=1)
    rule_to(brand, team)
    assert routed_ticket(brand, channel="chat") == agent.pk
    assert routed_ticket(brand, channel="chat") is None
    assert routed_ticket(brand, channel="email") is None  # the chat ahead waits first


@pytest.mark.parametrize("availability", ["away", "offline", "ooo"])
def test_unavailable_agents_receive_nothing(brand, availability):
    team = builders.team(brand)
    builders.agent(team, availability=availability)
    rule_to(brand, team)
    assert routed_ticket(brand) is None


def test_agents_inside_out_of_office_dates_receive_nothing(brand):
    team = builders.team(brand)
    today = dt.date(2026, 11, 23)
    builders.agent(team, out_of_office_from=today, out_of_office_until=today)
    rule_to(brand, team)
    ticket = factories.ticket(brand)
    assert do_route_ticket(ticket.pk, predictions={}, today=today).queued


def test_agents_of_another_brand_receive_nothing(brand):
    team = builders.team(brand)
    stranger = builders.agent(team)
    stranger.agent.brands.set([factories.brand()])
    rule_to(brand, team)
    assert routed_ticket(brand) is None


# --- Waiting tickets ---------------------------------------------------------


def test_waiting_tickets_go_out_enterprise_and_vip_first(brand):
    # given a team with nobody online and three waiting tickets
    team = builders.team(brand, "round_robin")
    agent = builders.agent(team, availability="offline", capacity=1)
    rule_to(brand, team)
    plain = factories.ticket(brand)
    vip = factories.ticket(brand, factories.contact(brand, vip=True))
    big = factories.ticket(
        brand, factories.contact(brand, factories.organisation(brand, segment="enterprise"))
    )
    for ticket in (plain, vip, big):
        assert do_route_ticket(ticket.pk, predictions={}).queued
    # when the agent comes online with room for one ticket
    builders.set_availability(agent, "online")
    assert do_drain_team(team.pk) == 1
    # then the earliest of the VIP/enterprise tickets went first
    assert routed(vip) == agent.pk
    assert routed(plain) is None and routed(big) is None


def test_urgent_before_normal_within_the_same_rank(brand):
    team = builders.team(brand, "round_robin")
    agent = builders.agent(team, availability="offline", capacity=1)
    rule_to(brand, team)
    normal = factories.ticket(brand)
    urgent = factories.ticket(brand, priority="urgent")
    do_route_ticket(normal.pk, predictions={}), do_route_ticket(urgent.pk, predictions={})
    builders.set_availability(agent, "online")
    do_drain_all()
    assert (routed(urgent), routed(normal)) == (agent.pk, None)


def test_solving_a_ticket_frees_capacity_for_the_queue(brand, committed):
    team = builders.team(brand, "round_robin")
    agent = builders.agent(team, capacity=1)
    rule_to(brand, team)
    first, second = factories.ticket(brand), factories.ticket(brand)
    do_route_ticket(first.pk, predictions={})
    assert do_route_ticket(second.pk, predictions={}).queued
    with committed():
        do_change_status(agent, first, "solved")
    assert do_drain_team(team.pk) == 1
    assert routed(second) == agent.pk
    reasons = list(Assignment.objects.filter(ticket=second).values_list("reason", flat=True))
    assert reasons == ["rule", "queue"]  # placed in the team, then handed out


def test_a_new_ticket_waits_behind_the_queue(brand, monkeypatch):
    team = builders.team(brand, "round_robin")
    agent = builders.agent(team, availability="offline", capacity=1)
    rule_to(brand, team)
    early = factories.ticket(brand)
    do_route_ticket(early.pk, predictions={})
    builders.set_availability(agent, "online")
    late = factories.ticket(brand)
    monkeypatch.setattr("guichet.routing.queries.read_predictions", lambda ticket_id: {})
    route_after_triage(late.pk)  # queues behind `early`, then serves the queue in order
    assert (routed(early), routed(late)) == (agent.pk, None)


def test_queue_entry_goes_when_someone_assigns_the_ticket_by_hand(brand):
    team = builders.team(brand)
    builders.agent(team, availability="offline")
    rule_to(brand, team)
    ticket = factories.ticket(brand)
    do_route_ticket(ticket.pk, predictions={})
    from guichet.tickets.actions import do_assign_ticket

    do_assign_ticket(factories.agent("supervisor"), ticket, assignee=factories.agent("agent"))
    assert not QueueEntry.objects.filter(ticket=ticket).exists()


def test_queue_entry_of_a_closed_ticket_is_dropped(brand):
    team = builders.team(brand)
    agent = builders.agent(team, availability="offline")
    rule_to(brand, team)
    ticket = factories.ticket(brand)
    do_route_ticket(ticket.pk, predictions={})
    Agent.objects.filter(user=agent).update(availability="online")
    Ticket.objects.filter(pk=ticket.pk).update(status="closed")
    assert do_drain_team(team.pk) == 0
    assert not QueueEntry.objects.exists()


def test_route_after_triage_follows_stored_triage_predictions(brand):
    from guichet.triage.models import TicketPrediction

    support = builders.team(brand)
    bob = builders.agent(support)
    category = factories.category(brand, default_team=support)
    ticket = factories.ticket(brand)
    TicketPrediction.objects.create(
        ticket=ticket, target="category", label=str(category.pk), confidence=0.93
    )
    route_after_triage(ticket.pk)
    assert routed(ticket) == bob.pk


def test_routing_a_waiting_ticket_again_keeps_its_place(brand):
    team = builders.team(brand)
    builders.agent(team, availability="offline")
    rule_to(brand, team)
    ticket = factories.ticket(brand)
    do_route_ticket(ticket.pk, predictions={})
    first = QueueEntry.objects.get(ticket=ticket).enqueued_at
    do_route_ticket(ticket.pk, predictions={})  # a later message triggers triage again
    assert QueueEntry.objects.get(ticket=ticket).enqueued_at == first


def test_an_email_behind_a_chat_that_does_not_fit_is_served(brand):
    # given an agent with room for tickets but not for another chat
    team = builders.team(brand, "round_robin")
    agent = builders.agent(team, max_chats=1)
    rule_to(brand, team)
    assert routed_ticket(brand, channel="chat") == agent.pk
    chat, email = factories.ticket(brand, channel="chat"), factories.ticket(brand)
    do_route_ticket(chat.pk, predictions={}), do_route_ticket(email.pk, predictions={})
    # when the queue is served
    assert do_drain_team(team.pk) == 1
    # then the e-mail went out and the chat keeps its place
    assert (routed(chat), routed(email)) == (None, agent.pk)
    assert QueueEntry.objects.filter(ticket=chat).exists()


def test_a_stale_entry_does_not_block_the_queue(brand):
    team = builders.team(brand)
    agent = builders.agent(team, availability="offline")
    rule_to(brand, team)
    closed, waiting = factories.ticket(brand), factories.ticket(brand)
    do_route_ticket(closed.pk, predictions={}), do_route_ticket(waiting.pk, predictions={})
    Ticket.objects.filter(pk=closed.pk).update(status="closed")
    builders.set_availability(agent, "online")
    assert do_drain_team(team.pk) == 1
    assert routed(waiting) == agent.pk


def test_manual_teams_keep_their_queue(brand):
    team = builders.team(brand, "manual")
    builders.agent(team)
    rule_to(brand, team)
    assert routed_ticket(brand) is None
    assert do_drain_team(team.pk) == 0


# --- What triage predicts ----------------------------------------------------

ENGLISH = {"subject": "My printer does not work",
           "body": "Hello, since this morning the printer prints nothing at all."}  # fmt: skip


def test_skills_route_by_the_detected_language(brand):
    from guichet.triage.ticket_actions import do_triage_ticket

    # given a skills team with a French-only and an English-only agent
    team = builders.team(brand, "skills")
    builders.agent(team, languages=["fr"])
    english = builders.agent(team, languages=["en"])
    rule_to(brand, team)
    # when an English e-mail reaches a French mailbox and triage runs
    ticket = factories.ticket(brand, language="fr", **ENGLISH)
    do_triage_ticket(ticket.pk)
    # then the English-speaking agent has it, and the log says why
    assert routed(ticket) == english.pk
    assert ticket.language == "fr"  # the field itself is triage's to apply (docs/triage.md)
    row = Assignment.objects.get(ticket=ticket)
    assert row.detail["language"]["to"] == "en"


def test_a_waiting_ticket_is_served_in_its_detected_language(brand):
    from guichet.triage.models import TicketPrediction

    # given an English ticket of a French mailbox and only the French agent online
    team = builders.team(brand, "skills")
    builders.agent(team, languages=["fr"])
    english = builders.agent(team, languages=["en"], availability="offline")
    rule_to(brand, team)
    ticket = factories.ticket(brand, language="fr", **ENGLISH)
    TicketPrediction.objects.create(ticket=ticket, target="language", label="en", confidence=1)
    route_after_triage(ticket.pk)
    assert routed(ticket) is None
    # when the English agent comes online, then the queue gives it to them
    builders.set_availability(english, "online")
    do_drain_team(team.pk)
    assert routed(ticket) == english.pk


def test_a_predicted_urgent_ticket_is_served_before_older_normal_ones(brand):
    # given a team whose only agent is away, an older normal ticket waiting
    team = builders.team(brand, "round_robin")
    agent = builders.agent(team, availability="offline", capacity=1)
    rule_to(brand, team)
    older = factories.ticket(brand)
    do_route_ticket(older.pk, predictions={})
    # when a newer ticket is predicted urgent with confidence
    newer = factories.ticket(brand)
    do_route_ticket(newer.pk, predictions={"priority": ("urgent", 0.9)})
    builders.set_availability(agent, "online")
    do_drain_team(team.pk)
    # then it is urgent and served first; the log says why
    newer.refresh_from_db()
    assert (newer.priority, routed(newer), routed(older)) == ("urgent", agent.pk, None)
    placed = Assignment.objects.filter(ticket=newer).first()
    assert placed.detail["raised"]["priority"] == {"from": "normal", "to": "urgent",
                                                   "confidence": 0.9}  # fmt: skip


def test_a_prediction_below_the_categorys_threshold_raises_nothing(brand):
    team = builders.team(brand)
    builders.agent(team)
    category = factories.category(brand, default_team=team)
    CategoryThreshold.objects.create(category=category, threshold=0.95)
    ticket = factories.ticket(brand, category=category)
    do_route_ticket(ticket.pk, predictions={"priority": ("urgent", 0.9), "tier": ("2", 0.9)})
    ticket.refresh_from_db()
    assert (ticket.priority, ticket.tier) == ("normal", 1)
