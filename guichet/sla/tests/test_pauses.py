"""SLA pauses: business time with paused intervals removed, and the due instant of a target."""

from datetime import datetime

import pytest

from guichet.sla.clock import (
    add_business_minutes,
    business_minutes_between_excluding,
    due_at,
    merge_pauses,
)

from .helpers import LUNCH, OFFICE, paris

MONDAY_9 = paris(2025, 1, 6, 9)


def test_a_pause_pushes_the_due_instant_by_its_business_time():
    # Given a 4-hour target from Monday 09:00, paused 10:00-11:00
    pauses = [(paris(2025, 1, 6, 10), paris(2025, 1, 6, 11))]
    # Then it is due at 14:00, and 240 unpaused minutes separate start and due
    assert due_at(OFFICE, MONDAY_9, 240, pauses) == paris(2025, 1, 6, 14)
    assert (
        business_minutes_between_excluding(OFFICE, MONDAY_9, paris(2025, 1, 6, 14), pauses) == 240
    )


def test_a_pause_over_closed_hours_changes_nothing():
    pauses = [(paris(2025, 1, 10, 18), paris(2025, 1, 13, 9))]  # the weekend
    start = paris(2025, 1, 10, 17)
    assert due_at(OFFICE, start, 120, pauses) == add_business_minutes(OFFICE, start, 120)


def test_a_pause_across_lunch_only_removes_open_time():
    pauses = [(paris(2025, 1, 6, 11), paris(2025, 1, 6, 15))]  # 60 + 60 open minutes
    end = paris(2025, 1, 6, 18)
    assert business_minutes_between_excluding(LUNCH, MONDAY_9, end, pauses) == 420 - 120


def test_a_running_pause_before_the_target_means_no_due_instant_yet():
    pauses = [(paris(2025, 1, 6, 10), None)]
    assert due_at(OFFICE, MONDAY_9, 240, pauses) is None


def test_a_running_pause_after_the_target_does_not_matter():
    pauses = [(paris(2025, 1, 6, 15), None)]
    assert due_at(OFFICE, MONDAY_9, 240, pauses) == paris(2025, 1, 6, 13)


def test_business_time_stops_at_a_running_pause():
    pauses = [(paris(2025, 1, 6, 10), None)]
    assert business_minutes_between_excluding(OFFICE, MONDAY_9, paris(2025, 1, 8, 9), pauses) == 60


def test_overlapping_and_unsorted_pauses_are_merged():
    pauses = [
        (paris(2025, 1, 6, 11), paris(2025, 1, 6, 12)),
        (paris(2025, 1, 6, 10), paris(2025, 1, 6, 11, 30)),
    ]
    assert due_at(OFFICE, MONDAY_9, 240, pauses) == paris(2025, 1, 6, 15)


def test_pause_before_the_start_is_ignored_and_one_across_it_is_clipped():
    pauses = [
        (paris(2025, 1, 3, 10), paris(2025, 1, 3, 11)),
        (paris(2025, 1, 6, 8), paris(2025, 1, 6, 10)),
    ]
    assert due_at(OFFICE, MONDAY_9, 60, pauses) == paris(2025, 1, 6, 11)


def test_target_reached_exactly_when_a_pause_starts():
    pauses = [(paris(2025, 1, 6, 10), paris(2025, 1, 6, 12))]
    assert due_at(OFFICE, MONDAY_9, 60, pauses) == paris(2025, 1, 6, 10)


def test_zero_target_is_due_at_the_start():
    assert due_at(OFFICE, MONDAY_9, 0, [(MONDAY_9, None)]) == MONDAY_9


def test_without_pauses_due_at_is_add_business_minutes():
    assert due_at(LUNCH, MONDAY_9, 1_000) == add_business_minutes(LUNCH, MONDAY_9, 1_000)


def test_reversed_range_is_negative():
    pauses = [(paris(2025, 1, 6, 10), paris(2025, 1, 6, 11))]
    end = paris(2025, 1, 6, 12)
    assert business_minutes_between_excluding(OFFICE, end, MONDAY_9, pauses) == -120


def test_pause_ending_before_it_starts_is_refused():
    with pytest.raises(ValueError, match="pause ends"):
        merge_pauses([(paris(2025, 1, 6, 11), paris(2025, 1, 6, 10))])


def test_naive_pause_is_refused():
    with pytest.raises(ValueError, match="naive"):
        due_at(OFFICE, MONDAY_9, 60, [(datetime(2025, 1, 6, 10), None)])


def test_later_pauses_inside_a_running_one_are_absorbed():
    merged = merge_pauses(
        [(paris(2025, 1, 6, 10), None), (paris(2025, 1, 6, 11), paris(2025, 1, 6, 12))]
    )
    assert len(merged) == 1
    assert merged[0][1] is None
