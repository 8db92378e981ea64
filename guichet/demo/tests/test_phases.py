"""The core and history phases, run separately, interrupted and resumed."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from guichet.demo import loader
from guichet.demo.models import DemoDataset
from guichet.tickets.models import Ticket

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("demo")]
NOW = "2026-06-30T18:00:00+02:00"


@pytest.fixture(autouse=True)
def cheap_passwords(monkeypatch):
    """Logins are checked in test_demo_setup; here PBKDF2 would only slow things down."""
    monkeypatch.setattr(loader, "make_password", lambda raw: "!demo")


def _numbers(slug):
    return list(
        Ticket.objects.filter(brand__slug=slug).order_by("number").values_list("number", flat=True)
    )


def test_core_loads_the_recent_tickets_and_reserves_the_older_numbers():
    call_command("demo_setup", phase="core", tickets=30, now=NOW, verbosity=0)
    numbers = _numbers("telvia")
    assert 20 <= len(numbers) < 30
    assert numbers == list(range(31 - len(numbers), 31))
    assert DemoDataset.objects.get().history_loaded_at is None


def test_history_completes_the_timeline():
    call_command("demo_setup", phase="core", tickets=30, now=NOW, verbosity=0)
    call_command("demo_setup", phase="history", if_empty=True, verbosity=0)
    for slug in ("telvia", "kolibri", "asclepia"):
        assert _numbers(slug) == list(range(1, 31))
    assert DemoDataset.objects.get().history_loaded_at is not None


def test_an_interrupted_history_resumes_where_it_stopped(monkeypatch):
    call_command("demo_setup", phase="core", tickets=30, now=NOW, verbosity=0)
    real_insert, calls = loader.insert_tickets, []

    def failing_insert(plans, refs):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("killed")
        return real_insert(plans, refs)

    monkeypatch.setattr(loader, "insert_tickets", failing_insert)
    with pytest.raises(RuntimeError):
        loader.load_history(lambda line: None, batch=4)
    assert DemoDataset.objects.get().history_progress == {"telvia": 4}
    monkeypatch.setattr(loader, "insert_tickets", real_insert)
    call_command("demo_setup", phase="history", if_empty=True, verbosity=0)
    assert _numbers("telvia") == list(range(1, 31))


def test_history_without_core_is_a_clear_error():
    with pytest.raises(Exception, match="core phase first"):
        call_command("demo_setup", phase="history", verbosity=0)


def test_if_empty_does_not_add_demo_data_to_a_database_that_has_brands():
    from guichet.core.tests import factories

    factories.brand(slug="mine")
    call_command("demo_setup", phase="core", if_empty=True, tickets=30, now=NOW, verbosity=0)
    assert not Ticket.objects.exists()
