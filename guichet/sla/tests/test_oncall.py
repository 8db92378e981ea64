"""Who is on call: turns on the rota's wall clock (DST-safe), overrides first."""

import datetime as dt
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from guichet.core.tests import factories
from guichet.sla.models import OnCallMember, OnCallOverride, OnCallRota
from guichet.sla.oncall import member_on_call, override_at, shift_index, who_is_on_call
from guichet.sla.tests.support import paris, utc

PARIS = ZoneInfo("Europe/Paris")
MONDAY_9 = paris(2025, 3, 24, 9, 0)  # the week before the spring DST change


def test_weekly_turns_follow_the_member_order():
    members = ["ana", "bob", "chloé"]

    assert member_on_call(members, MONDAY_9, 168, PARIS, paris(2025, 3, 24, 9, 0)) == "ana"
    assert member_on_call(members, MONDAY_9, 168, PARIS, paris(2025, 3, 31, 8, 59)) == "ana"
    assert member_on_call(members, MONDAY_9, 168, PARIS, paris(2025, 3, 31, 9, 0)) == "bob"
    assert member_on_call(members, MONDAY_9, 168, PARIS, paris(2025, 4, 14, 9, 0)) == "ana"


def test_hand_over_stays_at_9_paris_time_across_dst():
    # Monday 31 March 09:00 CEST is 07:00 UTC, one real hour less than a week after 08:00 UTC
    assert shift_index(MONDAY_9, utc(2025, 3, 31, 6, 59), 168, PARIS) == 0
    assert shift_index(MONDAY_9, utc(2025, 3, 31, 7, 0), 168, PARIS) == 1


def test_before_the_first_shift_the_turns_run_backwards():
    assert member_on_call(["ana", "bob"], MONDAY_9, 24, PARIS, paris(2025, 3, 23, 12, 0)) == "bob"


def test_no_member_means_nobody():
    assert member_on_call([], MONDAY_9, 24, PARIS, MONDAY_9) is None


def test_latest_override_covering_the_instant_wins():
    first = SimpleNamespace(pk=1, starts_at=utc(2025, 3, 1), ends_at=utc(2025, 4, 1),
                            created_at=utc(2025, 2, 1), user="x")  # fmt: skip
    second = SimpleNamespace(pk=2, starts_at=utc(2025, 3, 10), ends_at=utc(2025, 3, 11),
                             created_at=utc(2025, 2, 2), user="y")  # fmt: skip

    assert override_at([first, second], utc(2025, 3, 10, 12)).user == "y"
    assert override_at([first, second], utc(2025, 3, 12)).user == "x"
    assert override_at([first, second], utc(2025, 4, 1)) is None


@pytest.mark.django_db
def test_who_is_on_call_reads_the_rota_and_its_overrides():
    ana, bob, cleo = (
        factories.agent("incident_manager", username=n) for n in ("ana", "bob", "cleo")
    )
    rota = OnCallRota.objects.create(name="R", starts_at=MONDAY_9, shift_hours=168)
    OnCallMember.objects.create(rota=rota, user=ana, position=0)
    OnCallMember.objects.create(rota=rota, user=bob, position=1)
    OnCallOverride.objects.create(
        rota=rota, user=cleo, starts_at=paris(2025, 4, 2), ends_at=paris(2025, 4, 3)
    )

    assert who_is_on_call(rota, paris(2025, 3, 25)) == ana
    assert who_is_on_call(rota, paris(2025, 4, 1)) == bob
    assert who_is_on_call(rota, paris(2025, 4, 2, 12)) == cleo
    assert isinstance(rota.starts_at, dt.datetime)
