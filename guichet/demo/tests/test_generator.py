"""Generated tickets: deterministic, plausible, consistent with the real actions."""

from __future__ import annotations

import collections
import datetime as dt
import statistics

from guichet.demo.generator import build_timeline, build_world, generate_ticket
from guichet.demo.logins import CUSTOMER, CUSTOMER_BRAND
from guichet.demo.timeline import PARIS
from guichet.demo.vocabulary import BRANDS

from .conftest import ANCHOR, generate


def _fingerprint(plan):
    return (plan.reference, plan.subject, plan.status, plan.created_at, plan.assignee,
            [(m.kind, m.at, m.body) for m in plan.messages], [(e.verb, e.at) for e in plan.events])  # fmt: skip


def test_the_same_seed_generates_the_same_tickets(plans):
    again = generate(42, 600)
    for slug, brand_plans in plans.items():
        assert [_fingerprint(p) for p in again[slug][2]] == [_fingerprint(p) for p in brand_plans]


def test_another_seed_generates_other_tickets(plans):
    spec = BRANDS[0]
    world, timeline = build_world(spec, 7, 600), build_timeline(spec, 7, 600, ANCHOR)
    other = [generate_ticket(world, timeline, i, ANCHOR) for i in range(20)]
    assert [p.subject for p in other] != [p.subject for p in plans[spec.slug][:20]]


def test_a_ticket_does_not_depend_on_which_slice_generated_it(generated):
    # The core and history phases generate different slices in different processes.
    world, timeline, brand_plans = generated["telvia"]
    assert _fingerprint(generate_ticket(world, timeline, 123, ANCHOR)) == _fingerprint(
        brand_plans[123]
    )


def test_numbers_follow_arrival_order(plans):
    for brand_plans in plans.values():
        assert [p.number for p in brand_plans] == list(range(1, len(brand_plans) + 1))
        assert [p.created_at for p in brand_plans] == sorted(p.created_at for p in brand_plans)


def test_status_and_timestamps_agree(plans):
    for brand_plans in plans.values():
        for p in brand_plans:
            assert (p.solved_at is not None) == (p.status in ("solved", "closed")), p.reference
            assert (p.closed_at is not None) == (p.status == "closed"), p.reference
            moments = [p.created_at, p.first_reply_at, p.solved_at, p.closed_at]
            known = [m for m in moments if m is not None]
            assert known == sorted(known) and known[-1] <= ANCHOR, p.reference
            assert p.updated_at is not None and p.updated_at <= ANCHOR


def test_messages_and_events_are_in_order_and_start_with_the_request(plans):
    for brand_plans in plans.values():
        for p in brand_plans:
            assert p.messages[0].kind == "customer" and p.messages[0].at == p.created_at
            assert p.events[0].verb == "ticket_created"
            assert [m.at for m in p.messages] == sorted(m.at for m in p.messages)
            assert [e.at for e in p.events] == sorted(e.at for e in p.events)


def test_reopen_count_matches_the_reopening_events(plans):
    for brand_plans in plans.values():
        for p in brand_plans:
            reopenings = [
                e for e in p.events if e.changes and e.changes[0] == ("status", "solved", "open")
            ]
            assert p.reopen_count == len(reopenings)


def test_some_tickets_are_reopened_but_not_many(plans):
    for slug, brand_plans in plans.items():
        share = sum(p.reopen_count > 0 for p in brand_plans) / len(brand_plans)
        assert 0.02 < share < 0.15, slug


def test_escalations_go_up_one_tier_at_a_time_with_a_reason(plans):
    for brand_plans in plans.values():
        for p in brand_plans:
            for e in p.events:
                if e.verb == "ticket_escalated":
                    data = dict(e.data)
                    assert data["reason"] and data["to_tier"] == data["from_tier"] + 1


def test_escalations_reach_n2_and_n3_in_plausible_shares(plans):
    for slug, brand_plans in plans.items():
        escalated = [p for p in brand_plans if any(e.verb == "ticket_escalated" for e in p.events)]
        assert 0.08 < len(escalated) / len(brand_plans) < 0.4, slug
        assert any(p.tier == 3 for p in escalated), slug


def test_only_recent_tickets_are_still_open(plans):
    for slug, brand_plans in plans.items():
        still_open = [p for p in brand_plans if p.status not in ("solved", "closed")]
        assert still_open, slug
        assert all(ANCHOR - p.created_at < dt.timedelta(days=60) for p in still_open), slug
        assert any(p.status == "new" or p.status == "open" for p in still_open), slug


def test_urgent_tickets_are_answered_and_solved_faster_than_low_ones(plans):
    everything = [p for brand_plans in plans.values() for p in brand_plans]

    def median_hours(priority, field):
        values = [(getattr(p, field) - p.created_at).total_seconds() / 3600
                  for p in everything if p.priority == priority and getattr(p, field)]  # fmt: skip
        return statistics.median(values)

    assert median_hours("urgent", "first_reply_at") < median_hours("low", "first_reply_at")
    assert median_hours("urgent", "solved_at") < median_hours("low", "solved_at")


def test_categories_are_mixed(plans):
    for spec in BRANDS:
        counts = collections.Counter(p.category for p in plans[spec.slug])
        leaves = {c.slug for c in spec.categories if c.parent}
        assert len(set(counts) & leaves) >= 0.8 * len(leaves), spec.slug
        assert max(counts.values()) / len(plans[spec.slug]) < 0.25, spec.slug


def test_tickets_come_in_french_and_english(plans):
    for slug, brand_plans in plans.items():
        languages = collections.Counter(p.language for p in brand_plans)
        assert languages["fr"] > languages["en"] > 0.02 * len(brand_plans), slug


def test_priorities_types_and_sentiments_all_occur(plans):
    for slug, brand_plans in plans.items():
        assert {p.priority for p in brand_plans} == {"low", "normal", "high", "urgent"}, slug
        assert {p.sentiment for p in brand_plans} == {"negative", "neutral", "positive"}, slug
        assert len({p.type for p in brand_plans}) >= 4, slug


def test_customer_replies_arrive_at_any_hour_but_agents_reply_in_opening_hours(plans):
    for spec in BRANDS:
        hours = spec.traffic.open_hours
        for p in plans[spec.slug]:
            for m in p.messages:
                if m.kind == "reply":
                    local = m.at.astimezone(PARIS)
                    opening = hours[local.weekday()]
                    assert opening is not None and opening[0] <= local.hour < opening[1], (
                        p.reference
                    )


def test_the_demo_customer_has_old_and_recent_tickets(generated):
    world, timeline, brand_plans = generated[CUSTOMER_BRAND]
    mine = [p for p in brand_plans if p.requester == world.customer_key]
    assert len(mine) == 8
    assert any(p.index >= timeline.recent_from for p in mine)
    assert all(p.channel == "portal" for p in mine)
    assert world.population.contacts[world.customer_key].username == CUSTOMER.username
