"""Deflection: a customer reads a suggested article and submits no ticket within the window."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from guichet.core.tests import factories
from guichet.knowledge import deflection
from guichet.knowledge.actions.analytics import settle_outcomes
from guichet.knowledge.models import Outcome, SearchEvent, SuggestionSession
from guichet.knowledge.tests import factories as kb

pytestmark = pytest.mark.django_db
T0 = dt.datetime(2026, 5, 4, 10, 0, tzinfo=dt.UTC)
MIN = dt.timedelta(minutes=1)


# --- The rule (pure) ---------------------------------------------------------------------------


def outcome(opened=None, ticket=None, now=T0 + 40 * MIN, last=T0):
    return deflection.session_outcome(opened_at=opened, last_seen=last, ticket_at=ticket, now=now)


def test_read_and_no_ticket_within_the_window_is_a_deflection():
    assert outcome(opened=T0 + MIN) == Outcome.DEFLECTED


def test_read_then_ticket_within_the_window_is_not():
    assert outcome(opened=T0 + MIN, ticket=T0 + 10 * MIN) == Outcome.TICKET


def test_a_ticket_long_after_reading_does_not_undo_the_deflection():
    assert outcome(opened=T0 + MIN, ticket=T0 + 90 * MIN, now=T0 + 100 * MIN) == Outcome.DEFLECTED


def test_nothing_read_and_nothing_sent_is_abandoned_not_deflected():
    assert outcome() == Outcome.ABANDONED


def test_before_the_window_ends_the_session_is_pending():
    assert outcome(opened=T0 + MIN, now=T0 + 5 * MIN) == Outcome.PENDING
    assert outcome(now=T0 + 5 * MIN) == Outcome.PENDING


def test_a_ticket_without_reading_is_a_ticket():
    assert outcome(ticket=T0 + 2 * MIN, now=T0 + 3 * MIN) == Outcome.TICKET


# --- End to end ---------------------------------------------------------------------------------


@pytest.fixture
def printer(brand):
    return kb.article(brand, "Configurer l'imprimante", "L'ordonnance ne s'imprime pas.")


def suggest(client, token="tok1"):
    return client.get(f"/help/asclepia/suggest/?subject=ordonnance+imprime&session={token}")


def test_suggestions_shown_to_a_customer_open_a_session(client, customer, printer):
    client.force_login(customer)
    page = suggest(client).content.decode()
    assert f"/help/asclepia/fr/articles/{printer.pk}-" in page and "?s=tok1" in page
    session = SuggestionSession.objects.get()
    assert (session.token, session.suggested, session.outcome) == ("tok1", [printer.pk], "pending")


def test_reading_a_suggestion_then_leaving_counts_as_a_deflection(client, customer, printer):
    with time_machine.travel(T0, tick=False):
        client.force_login(customer)
        suggest(client)
        client.get(f"/help/asclepia/fr/articles/{printer.pk}-{printer.slug}?s=tok1")
    session = SuggestionSession.objects.get()
    assert session.opened_article == printer
    settle_outcomes(now=T0 + 10 * MIN)
    assert SuggestionSession.objects.get().outcome == Outcome.PENDING
    settle_outcomes(now=T0 + 31 * MIN)
    assert SuggestionSession.objects.get().outcome == Outcome.DEFLECTED


def test_reading_a_suggestion_then_submitting_is_not_a_deflection(client, customer, printer):
    with time_machine.travel(T0, tick=False):
        client.force_login(customer)
        suggest(client)
        client.get(f"/help/asclepia/fr/articles/{printer.pk}-{printer.slug}?s=tok1")
    with time_machine.travel(T0 + 5 * MIN, tick=False):
        response = client.post(
            "/portal/asclepia/tickets/new/",
            {"subject": "Imprimante", "description": "Toujours bloqué"},
        )
        assert response.status_code == 302
    settle_outcomes(now=T0 + 6 * MIN)
    session = SuggestionSession.objects.get()
    assert session.outcome == Outcome.TICKET and session.ticket is not None


def test_another_customers_token_is_not_hijacked(client, brand, customer, printer):
    client.force_login(customer)
    suggest(client)
    client.force_login(factories.customer(brand))
    client.get(f"/help/asclepia/fr/articles/{printer.pk}-{printer.slug}?s=tok1")
    assert SuggestionSession.objects.get().opened_at is None


def test_a_search_followed_by_a_ticket_is_linked_to_it(client, brand, customer, printer):
    contact = customer.contact
    with time_machine.travel(T0, tick=False):
        client.get("/help/asclepia/fr/search/?q=imprimante")  # anonymous first
        client.force_login(customer)
        client.get("/help/asclepia/fr/")  # signing in ties the search to the contact
    with time_machine.travel(T0 + 3 * MIN, tick=False):
        ticket = factories.ticket(brand, requester=contact)
    settle_outcomes(now=T0 + 31 * MIN)
    event = SearchEvent.objects.get()
    assert event.contact == contact and event.ticket == ticket and event.settled_at is not None


def test_a_search_with_no_ticket_settles_without_one(client, printer):
    with time_machine.travel(T0, tick=False):
        client.get("/help/asclepia/fr/search/?q=imprimante")
    settle_outcomes(now=T0 + 31 * MIN)
    event = SearchEvent.objects.get()
    assert event.ticket is None and event.settled_at is not None


def test_the_periodic_job_is_registered():
    from guichet.jobs.periodic import registry
    from guichet.knowledge import tasks

    assert any(entry.task is tasks.settle_kb_outcomes for entry in registry)
    assert timezone.now()  # the module imports without a worker
