"""Choosing the agent: availability, capacity and each strategy."""

import datetime as dt

from guichet.routing.strategies import Candidate, Need, choose, has_room, is_available, queue_rank

TODAY = dt.date(2026, 11, 23)
T0 = dt.datetime(2026, 11, 23, 9, tzinfo=dt.UTC)


def at(minutes: int) -> dt.datetime:
    return T0 + dt.timedelta(minutes=minutes)


def test_only_online_agents_are_available():
    for availability in ("away", "offline", "ooo"):
        assert not is_available(Candidate(1, availability=availability), TODAY)
    assert is_available(Candidate(1), TODAY)


def test_an_out_of_office_period_excludes_an_online_agent_inside_its_dates():
    inside = Candidate(1, out_of_office_from=dt.date(2026, 11, 20), out_of_office_until=TODAY)
    before = Candidate(1, out_of_office_from=dt.date(2026, 11, 24))
    after = Candidate(1, out_of_office_until=dt.date(2026, 11, 22))
    assert not is_available(inside, TODAY)
    assert is_available(before, TODAY)
    assert is_available(after, TODAY)


def test_capacity_counts_open_tickets_and_chats_apart():
    full = Candidate(1, open_tickets=5, max_open_tickets=5)
    chatty = Candidate(1, open_tickets=3, open_chats=3, max_chats=3)
    assert not has_room(full, Need())
    assert has_room(chatty, Need(is_chat=False))
    assert not has_room(chatty, Need(is_chat=True))


def test_round_robin_picks_whoever_was_served_longest_ago_never_first():
    pool = [Candidate(1, last_assigned_at=at(5)), Candidate(2, last_assigned_at=at(1)),
            Candidate(3, last_assigned_at=None), Candidate(4, last_assigned_at=None)]  # fmt: skip
    assert choose("round_robin", pool, Need(), TODAY).user_id == 3
    assert choose("round_robin", pool[:2], Need(), TODAY).user_id == 2


def test_round_robin_skips_unavailable_and_full_agents():
    pool = [Candidate(1, availability="away"), Candidate(2, open_tickets=2, max_open_tickets=2),
            Candidate(3, last_assigned_at=at(9))]  # fmt: skip
    assert choose("round_robin", pool, Need(), TODAY).user_id == 3


def test_least_loaded_uses_the_share_of_each_agents_capacity():
    pool = [Candidate(1, open_tickets=4, max_open_tickets=10),  # 40 %
            Candidate(2, open_tickets=3, max_open_tickets=5)]  # 60 %  # fmt: skip
    assert choose("least_loaded", pool, Need(), TODAY).user_id == 1


def test_least_loaded_breaks_ties_by_turn():
    pool = [Candidate(1, open_tickets=1, last_assigned_at=at(3)),
            Candidate(2, open_tickets=1, last_assigned_at=at(2))]  # fmt: skip
    assert choose("least_loaded", pool, Need(), TODAY).user_id == 2


def test_skills_prefers_the_category_then_the_language():
    need = Need(category_slugs=frozenset({"refunds", "billing"}), language="en", tier=1)
    pool = [Candidate(1, languages=frozenset({"en"})),
            Candidate(2, languages=frozenset({"en", "fr"}), skills=frozenset({"billing"}), open_tickets=5),
            Candidate(3)]  # fmt: skip
    assert choose("skills", pool, need, TODAY).user_id == 2


def test_skills_requires_the_tier_and_a_listed_language():
    need = Need(language="de", tier=2)
    pool = [Candidate(1, tier=1), Candidate(2, tier=2, languages=frozenset({"fr"}))]
    assert choose("skills", pool, need, TODAY) is None
    assert choose("skills", [*pool, Candidate(3, tier=3)], need, TODAY).user_id == 3


def test_manual_teams_and_empty_pools_give_nobody():
    assert choose("manual", [Candidate(1)], Need(), TODAY) is None
    assert choose("round_robin", [], Need(), TODAY) is None


def test_enterprise_and_vip_rank_first_in_the_queue():
    assert queue_rank("enterprise", False) == queue_rank("smb", True) == 0
    assert queue_rank("smb", False) == queue_rank("", False) == 1


def test_least_loaded_balances_chats_by_open_chats():
    # given X with 2 of 3 chats but few tickets, and Y with no chat but more tickets
    x = Candidate(1, open_chats=2, max_chats=3, open_tickets=3, max_open_tickets=20)
    y = Candidate(2, open_chats=0, max_chats=3, open_tickets=5, max_open_tickets=20)
    # then a chat goes to Y, an e-mail still to X
    assert choose("least_loaded", [x, y], Need(is_chat=True), TODAY).user_id == 2
    assert choose("least_loaded", [x, y], Need(), TODAY).user_id == 1


def test_the_skills_tiebreak_balances_chats_by_open_chats():
    x = Candidate(1, open_chats=2, open_tickets=3, skills=frozenset({"billing"}))
    y = Candidate(2, open_chats=0, open_tickets=5, skills=frozenset({"billing"}))
    need = Need(is_chat=True, category_slugs=frozenset({"billing"}))
    assert choose("skills", [x, y], need, TODAY).user_id == 2
