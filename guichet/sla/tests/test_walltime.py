"""Wall-clock spans to instants: offset transitions found by sampling and bisection."""

from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from guichet.sla.walltime import (
    HOUR_US,
    _zone_year,
    is_irregular_day,
    merge_spans,
    to_us,
    wall_span_instants,
)

PARIS = ZoneInfo("Europe/Paris")


def test_paris_2025_transitions_are_found_to_the_second():
    transitions = _zone_year(PARIS, 2025).transitions
    assert transitions == (
        (to_us(datetime(2025, 3, 30, 1, tzinfo=UTC)), 2 * HOUR_US),
        (to_us(datetime(2025, 10, 26, 1, tzinfo=UTC)), 1 * HOUR_US),
    )


def test_only_days_near_a_transition_are_irregular():
    assert is_irregular_day(PARIS, date(2025, 3, 30))
    assert is_irregular_day(PARIS, date(2025, 10, 26))
    assert not is_irregular_day(PARIS, date(2025, 3, 27))
    assert not is_irregular_day(PARIS, date(2025, 7, 14))


def test_spring_gap_contributes_nothing():
    # 01:00-04:00 on 30 March: 00:00Z-01:00Z then 01:00Z-02:00Z
    spans = wall_span_instants(PARIS, date(2025, 3, 30), 60, 240)
    assert spans == [
        (to_us(datetime(2025, 3, 30, 0, tzinfo=UTC)), to_us(datetime(2025, 3, 30, 2, tzinfo=UTC)))
    ]


def test_autumn_repeat_counts_twice():
    # 02:15-02:45 on 26 October happens at 00:15Z and again at 01:15Z
    spans = wall_span_instants(PARIS, date(2025, 10, 26), 135, 165)
    starts = [datetime.fromtimestamp(lo / 1e6, UTC).time().isoformat() for lo, _ in spans]
    assert starts == ["00:15:00", "01:15:00"]


@pytest.mark.parametrize("zone", [UTC, timezone(timedelta(hours=5, minutes=30))])
def test_fixed_offset_zones_work(zone):
    [(lo, hi)] = wall_span_instants(zone, date(2025, 3, 30), 0, 1440)
    assert hi - lo == 24 * HOUR_US


def test_naive_datetime_is_refused():
    with pytest.raises(ValueError, match="naive"):
        to_us(datetime(2025, 1, 1))


def test_merge_spans_joins_overlapping_and_touching():
    assert merge_spans([(5, 7), (0, 2), (2, 3), (6, 9)]) == [(0, 3), (5, 9)]
