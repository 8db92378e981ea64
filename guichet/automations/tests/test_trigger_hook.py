"""The trigger hook knows, once per transaction, which brands listen to which events."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from guichet.automations.models import Automation
from guichet.core.tests import factories
from guichet.sla.tests.support import jobs

pytestmark = pytest.mark.django_db


@pytest.fixture
def brand():
    return factories.brand()


def trigger(brand=None, event="ticket_created"):
    return Automation.objects.create(
        kind="trigger", event=event, brand=brand, name="T",
        actions=[{"type": "add_tags", "tags": ["vu"]}],
    )  # fmt: skip


def queued():
    return len(jobs("run_event_triggers"))


def test_no_trigger_listening_queues_nothing_and_reads_automations_once(brand):
    factories.ticket(brand)
    requester = factories.contact(brand)

    with CaptureQueriesContext(connection) as queries:
        factories.ticket(brand, requester=requester)

    assert not [q for q in queries.captured_queries if "automations_automation" in q["sql"]]
    assert queued() == 0


def test_a_trigger_created_in_the_transaction_hears_the_next_event(brand):
    factories.ticket(brand)
    trigger(brand)

    factories.ticket(brand)

    assert queued() == 1


def test_a_trigger_of_another_brand_is_not_queued(brand):
    trigger(factories.brand())

    factories.ticket(brand)

    assert queued() == 0


def test_a_trigger_for_every_brand_is_queued(brand):
    trigger(None)

    factories.ticket(brand)

    assert queued() == 1


def test_a_trigger_deactivated_in_the_transaction_is_no_longer_queued(brand):
    listening = trigger(brand)
    factories.ticket(brand)
    listening.active = False
    listening.save()

    factories.ticket(brand)

    assert queued() == 1
