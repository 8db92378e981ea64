"""Configuring SLAs: validation with reasons, and running clocks following edits."""

import pytest
import time_machine

from guichet.core.errors import ActionError, NotAllowed
from guichet.core.tests import factories
from guichet.jobs.tests.support import drain
from guichet.sla import admin_actions
from guichet.sla.models import SlaPolicy
from guichet.sla.tests.support import calendar, clock, paris, policy, ticket_at

pytestmark = pytest.mark.django_db

MONDAY_10 = paris(2025, 3, 3, 10, 0)
ICS = (b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:1\r\nDTSTART;VALUE=DATE:20250303\r\n"
       b"SUMMARY:Inventaire\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:2\r\nDTSTART:20250304T090000\r\n"
       b"RRULE:FREQ=DAILY\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")  # fmt: skip


@pytest.fixture
def admin():
    return factories.agent("admin")


def test_editing_a_policy_target_moves_the_running_clocks(brand, admin):
    standard = policy(brand)
    ticket = ticket_at(MONDAY_10, brand)

    with time_machine.travel(paris(2025, 3, 3, 10, 30), tick=False):
        admin_actions.do_save_policy(
            admin, standard, brand=brand, name="Standard", calendar=standard.calendar,
            is_default=True, targets={("first_reply", "normal"): 60, ("resolution", "normal"): 2400},
        )  # fmt: skip
        drain()

    first = clock(ticket, "first_reply")
    assert first.due_at == paris(2025, 3, 3, 11, 0)
    assert first.history[-1]["what"] == "policy_edited"


def test_importing_ical_closures_moves_the_clocks_on_that_calendar(brand, admin):
    standard = policy(brand, {("first_reply", "normal"): 60})
    ticket = ticket_at(paris(2025, 3, 2, 12, 0), brand)  # a Sunday: due Monday 10:00
    assert clock(ticket, "first_reply").due_at == paris(2025, 3, 3, 10, 0)

    imported = admin_actions.do_import_ics(admin, standard.calendar, "fermetures.ics", ICS)
    drain()

    assert imported.skipped and "RRULE" in imported.skipped[0]
    assert clock(ticket, "first_reply").due_at == paris(2025, 3, 4, 10, 0)


def test_a_brand_has_one_default_policy(brand, admin):
    first = policy(brand)

    with pytest.raises(ActionError, match="déjà une politique par défaut"):
        admin_actions.do_save_policy(admin, None, brand=brand, name="Autre", calendar=first.calendar,
                                     is_default=True)  # fmt: skip
    assert SlaPolicy.objects.count() == 1


@pytest.mark.parametrize(
    ("fields", "field"),
    [({"weekly_hours": {"mon": "9h-18h"}}, "weekly_hours"),
     ({"weekly_hours": {"mon": "09:00-18:00"}, "timezone": "Paris"}, "timezone"),
     ({"weekly_hours": {"mon": "09:00-18:00"}, "holidays": ["25/12/2025"]}, "holidays"),
     ({"weekly_hours": {}}, "weekly_hours"), ({"name": "", "weekly_hours": {"mon": "09:00-10:00"}}, "name")],
)  # fmt: skip
def test_calendar_validation_names_the_field(admin, fields, field):
    with pytest.raises(ActionError) as error:
        admin_actions.do_save_calendar(admin, None, **{"name": "C", **fields})

    assert error.value.field == field


def test_only_admins_configure_slas(brand):
    with pytest.raises(NotAllowed):
        admin_actions.do_save_calendar(factories.agent("supervisor"), None, name="C",
                                       weekly_hours={"mon": "09:00-18:00"})  # fmt: skip


def test_rule_must_do_something(brand, admin):
    with pytest.raises(ActionError, match="doit faire quelque chose"):
        admin_actions.do_save_rule(admin, None, brand=brand, name="Rien", trigger="breach")


def test_calendar_of_another_brand_is_refused_for_a_policy(brand, admin):
    other = calendar(brand=factories.brand())

    with pytest.raises(ActionError, match="autre marque"):
        admin_actions.do_save_policy(admin, None, brand=brand, name="P", calendar=other)
