"""One clock's maths (schedule, result, pauses) and how it is shown, as pure functions."""

import datetime as dt
from types import SimpleNamespace

from guichet.sla.countdown import countdown, describe, span
from guichet.sla.handover import HandoverFacts, compose_handover, excerpt
from guichet.sla.targets import (
    close_pause,
    dump_pauses,
    load_pauses,
    open_pause,
    result_at,
    schedule,
)
from guichet.sla.tests.helpers import LUNCH
from guichet.sla.tests.support import paris

MONDAY_10 = paris(2025, 3, 3, 10, 0)


def test_schedule_puts_the_warning_at_its_share_of_business_time():
    planned = schedule(LUNCH, MONDAY_10, 240, 50, [])

    assert planned.warn_at == paris(2025, 3, 3, 12, 0)  # 2 h: 10-12, the end of the stretch
    assert planned.due_at == paris(2025, 3, 3, 16, 0)


def test_a_running_pause_holds_the_due_time_but_not_a_warning_already_reached():
    planned = schedule(LUNCH, MONDAY_10, 240, 25, [(paris(2025, 3, 3, 11, 30), None)])

    assert planned.due_at is None
    assert planned.warn_at == paris(2025, 3, 3, 11, 0)


def test_result_counts_business_minutes_outside_pauses():
    pauses = [(paris(2025, 3, 3, 10, 30), paris(2025, 3, 3, 14, 30))]

    result = result_at(LUNCH, MONDAY_10, 60, pauses, paris(2025, 3, 3, 15, 0))

    assert (result.outcome, result.elapsed_minutes, result.margin_minutes) == ("met", 60, 0)


def test_result_one_minute_late_is_a_breach_by_one_minute():
    result = result_at(LUNCH, MONDAY_10, 60, [], paris(2025, 3, 3, 11, 1))

    assert (result.outcome, result.margin_minutes) == ("breached", -1)


def test_pauses_open_close_and_survive_json():
    pauses = open_pause([], MONDAY_10)
    assert open_pause(pauses, paris(2025, 3, 3, 11)) == pauses
    closed = close_pause(pauses, paris(2025, 3, 3, 11))

    assert load_pauses(dump_pauses(closed)) == closed
    assert dump_pauses(closed) == [["2025-03-03T09:00:00+00:00", "2025-03-03T10:00:00+00:00"]]


def clock(**fields):
    base = {"pk": 1, "ticket_id": 1, "metric": "first_reply", "completed_at": None, "outcome": "",
            "due_at": None, "warn_at": None, "margin_minutes": None}  # fmt: skip
    return SimpleNamespace(**{**base, **fields})


def test_countdown_states():
    now = paris(2025, 3, 3, 15, 0)
    hour = dt.timedelta(hours=1)

    assert countdown(clock(due_at=now + 2 * hour, warn_at=now + hour), now).state == "ok"
    assert countdown(clock(due_at=now + hour, warn_at=now - hour), now).state == "at_risk"
    assert countdown(clock(due_at=now - hour), now).state == "breached"
    assert countdown(clock(), now).state == "paused"
    assert countdown(clock(completed_at=now, outcome="breached"), now).state == "late"


def test_countdown_texts():
    now = paris(2025, 3, 3, 15, 0)

    assert (
        describe(countdown(clock(due_at=now + dt.timedelta(minutes=95)), now))
        == "1re réponse : 1 h 35 restantes"
    )
    assert (
        describe(countdown(clock(due_at=now - dt.timedelta(days=2, hours=3)), now))
        == "1re réponse : dépassée de 2 j 3 h"
    )
    late = clock(completed_at=now, outcome="breached", margin_minutes=-12.5)
    assert describe(countdown(late, now)) == "1re réponse : respectée avec 12 min de retard"
    assert span(59) == "0 min"


def test_handover_note_lists_what_the_next_tier_needs():
    text = compose_handover(HandoverFacts(
        reference="TEL-7", from_tier=1, to_tier=3, reason="Bug", escalated_by="Alice",
        priority="urgent", status="open", requester="Jean", organisation="Acme", segment="enterprise",
        tags=("fibre",), time_spent_minutes=25, replies_sent=2, clocks=("Résolution : 3 h 00 restantes",),
        last_customer_message="Écrivez à @bob " + "x" * 500, automatic_rule="Règle 2 h",
    ))  # fmt: skip

    assert text.splitlines()[0] == "Note de passation (automatique) : TEL-7 escaladé de N1 en N3."
    assert "Client : Jean — Acme (enterprise)" in text
    assert "SLA : Résolution : 3 h 00 restantes" in text
    assert "Règle : Règle 2 h" in text
    assert "@" not in text
    assert len(excerpt("y" * 1000)) == 400
