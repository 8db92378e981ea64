"""Recording events: several ticket events in one INSERT still reach the receivers of each."""

import pytest
from django.db.models.signals import post_save

from guichet.audit.actions import record_ticket_events
from guichet.audit.models import Event
from guichet.core.tests import factories

pytestmark = pytest.mark.django_db


def test_ticket_events_recorded_together_send_post_save_for_each():
    brand = factories.brand()
    tickets = [factories.ticket(brand, subject=f"T{n}") for n in range(3)]
    seen: list[tuple[int, bool]] = []

    def receiver(sender, instance, created, **kwargs):  # type: ignore[no-untyped-def]
        seen.append((instance.ticket_id, created))

    post_save.connect(receiver, sender=Event, dispatch_uid="test_record")
    try:
        events = record_ticket_events(
            None, "ticket_created", [(t, {"n": n}, t.created_at) for n, t in enumerate(tickets)]
        )
    finally:
        post_save.disconnect(dispatch_uid="test_record", sender=Event)
    assert seen == [(t.pk, True) for t in tickets]
    assert [e.pk is not None for e in events] == [True] * 3
    stored = Event.objects.filter(pk__in=[e.pk for e in events]).order_by("pk")
    assert [(e.verb, e.target_id, e.ticket_id, e.data) for e in stored] == [
        ("ticket_created", t.pk, t.pk, {"n": n}) for n, t in enumerate(tickets)
    ]
