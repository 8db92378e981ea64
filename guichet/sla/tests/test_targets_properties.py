"""Property tests of one SLA clock (`targets.schedule`, `targets.result_at`) on random calendars,
pauses and completion instants: the warning never comes after the due time, completing at the
due time is met with no margin, and only completing after it can be a breach."""

from hypothesis import given
from hypothesis import strategies as st

from guichet.sla.choices import Outcome
from guichet.sla.targets import result_at, schedule
from guichet.sla.walltime import to_us

from .helpers import plus
from .test_clock_properties import PROPERTY, calendars, instants_near, minutes_for, pauses_for


@PROPERTY
@given(st.data())
def test_warning_comes_at_or_before_the_due_time(data):
    cal = data.draw(calendars())
    start = data.draw(instants_near(cal.tz))
    minutes = data.draw(minutes_for(cal).filter(bool))
    planned = schedule(cal, start, minutes, data.draw(st.integers(1, 99)),
                       data.draw(pauses_for(cal.tz)))  # fmt: skip
    if planned.due_at is not None:
        assert planned.warn_at is not None
        assert to_us(planned.warn_at) <= to_us(planned.due_at)


@PROPERTY
@given(st.data())
def test_completing_at_the_due_time_is_met_and_only_later_can_breach(data):
    cal = data.draw(calendars())
    start = data.draw(instants_near(cal.tz))
    minutes = data.draw(minutes_for(cal).filter(bool))
    pauses = data.draw(pauses_for(cal.tz))
    planned = schedule(cal, start, minutes, 75, pauses)
    done = plus(start, data.draw(st.integers(0, 400_000)))

    result = result_at(cal, start, minutes, pauses, done)

    assert abs(result.margin_minutes - (minutes - result.elapsed_minutes)) < 1e-3
    assert result.elapsed_minutes >= 0
    if result.outcome == Outcome.BREACHED:
        assert planned.due_at is not None and to_us(done) > to_us(planned.due_at)
        assert result.margin_minutes < 0
    if planned.due_at is not None:
        on_time = result_at(cal, start, minutes, pauses, planned.due_at)
        assert on_time.outcome == Outcome.MET and abs(on_time.margin_minutes) < 1e-3
        if to_us(done) <= to_us(planned.due_at):
            assert result.outcome == Outcome.MET
