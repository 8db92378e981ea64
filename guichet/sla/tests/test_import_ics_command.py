"""`manage.py sla_import_ics`: the iCal import from the command line, as the settings page does."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from guichet.audit.models import Event
from guichet.core.tests import factories
from guichet.jobs.tests.support import drain
from guichet.sla.tests.support import clock, paris, policy, ticket_at
from guichet.sla.tests.test_admin_actions import ICS

pytestmark = pytest.mark.django_db


def test_command_imports_closures_by_calendar_name_and_moves_the_clocks(tmp_path):
    # Given a ticket due Monday 3 March 10:00 and a file closing that Monday
    brand = factories.brand()
    standard = policy(brand, {("first_reply", "normal"): 60})
    ticket = ticket_at(paris(2025, 3, 2, 12, 0), brand)
    path = tmp_path / "fermetures.ics"
    path.write_bytes(ICS)

    # When an admin imports it from the command line
    out = StringIO()
    call_command("sla_import_ics", standard.calendar.name, str(path), stdout=out)
    drain()

    # Then the day is closed, the recurring event reported, the import audited
    report = json.loads(out.getvalue())
    assert report["closed_days"] == 1 and "RRULE" in report["skipped"][0]
    standard.calendar.refresh_from_db()
    assert standard.calendar.ics_name == "fermetures.ics"
    assert Event.objects.filter(verb="sla_calendar_ics_imported").count() == 1
    assert clock(ticket, "first_reply").due_at == paris(2025, 3, 4, 10, 0)


def test_command_refuses_an_unknown_calendar_or_a_bad_file(tmp_path):
    cal = policy(factories.brand()).calendar
    bad = tmp_path / "x.ics"
    bad.write_bytes(b"not a calendar")

    with pytest.raises(CommandError, match="No single business calendar"):
        call_command("sla_import_ics", "Nowhere", str(bad))
    with pytest.raises(CommandError):
        call_command("sla_import_ics", str(cal.pk), str(bad))
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("sla_import_ics", str(cal.pk), str(tmp_path / "missing.ics"))
