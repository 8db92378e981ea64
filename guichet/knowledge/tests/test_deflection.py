"""Deflection: a customer reads a suggested article and leaves the ticket form unsent."""

import datetime as dt
import re

import pytest
import time_machine
from django.utils import timezone

from guichet.core.tests import factories
from guichet.knowledge import deflection
from guichet.knowledge.actions.analytics import settle_outcomes
from guichet.knowledge.models import Outcome, SearchEvent, SuggestionSession
from guichet.knowledge.tests import factories as kb
from guichet.tickets.models import Ticket

pytestmark = pytest.mark.django_db
T0 = dt.datetime(2026, 5, 4, 10, 0, tzinfo=dt.UTC)
MIN = dt.timedelta(minutes=1)


# --- The rule (pure) ---------------------------------------------------------------------------


def outcome(opened=None, submitted=False, now=T0 + 40 * MIN, last=T0):
    return deflection.session_outcome(
        opened_at=opened, last_seen=last, submitted=submitted, now=now
    )


def test_read_and_form_not_sent_within_the_window_is_a_deflection():
    assert outcome(opened=T0 + MIN) == Outcome.DEFLECTED


def test_read_then_the_same_form_sent_is_not():
    assert outcome(opened=T0 + MIN, submitted=True, now=T0 + 10 * MIN) == Outcome.TICKET


def test_the_same_form_sent_long_after_reading_is_still_a_ticket():
    # Changed in session 6: the form's own token decides, not the time since reading.
    assert outcome(opened=T0 + MIN, submitted=True, now=T0 + 100 * MIN) == Outcome.TICKET


def test_nothing_read_and_nothing_sent_is_abandoned_not_deflected():
    assert outcome() == Outcome.ABANDONED


def test_before_the_window_ends_the_session_is_pending():
    assert outcome(opened=T0 + MIN, now=T0 + 5 * MIN) == Outcome.PENDING
    assert outcome(now=T0 + 5 * MIN) == Outcome.PENDING


def test_the_window_runs_from_the_last_activity_on_the_form():
    # Read at T0+1, still typing at T0+20: not deflected before T0+50.
    assert outcome(opened=T0 + MIN, last=T0 + 20 * MIN, now=T0 + 40 * MIN) == Outcome.PENDING
    assert outcome(opened=T0 + MIN, last=T0 + 20 * MIN, now=T0 + 50 * MIN) == Outcome.DEFLECTED


def test_a_form_sent_without_reading_is_a_ticket():
    assert outcome(submitted=True, now=T0 + 3 * MIN) == Outcome.TICKET


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


def submit(client, token="tok1", **fields):
    data = {"subject": "Imprimante", "description": "Toujours bloqué", **fields}
    if token is not None:
        data["kb_suggestions"] = token
    return client.post("/portal/asclepia/tickets/new/", data)


def read_suggestion(client, customer, printer, token="tok1"):
    with time_machine.travel(T0, tick=False):
        client.force_login(customer)
        suggest(client, token)
        client.get(f"/help/asclepia/fr/articles/{printer.pk}-{printer.slug}?s={token}")


def test_the_ticket_form_posts_its_suggestion_token(client, customer):
    # Given the portal's ticket form
    client.force_login(customer)
    page = client.get("/portal/asclepia/tickets/new/").content.decode()
    # Then the token the suggestions are asked with is also a hidden field of the form
    token = form_token_of(page)
    assert f'"session": "{token}"' in page


def form_token_of(page):
    return re.search(r'name="kb_suggestions" value="([0-9a-f]{32})"', page).group(1)


def test_a_reloaded_form_keeps_its_token_while_its_suggestions_are_open(client, customer, printer):
    client.force_login(customer)
    first = form_token_of(client.get("/portal/asclepia/tickets/new/").content.decode())
    suggest(client, first)
    again = form_token_of(client.get("/portal/asclepia/tickets/new/").content.decode())
    assert again == first


def test_reading_a_suggestion_reloading_and_sending_is_not_a_deflection(client, customer, printer):
    # Given a customer who is shown suggestions on the form and reads one
    with time_machine.travel(T0, tick=False):
        client.force_login(customer)
        token = form_token_of(client.get("/portal/asclepia/tickets/new/").content.decode())
        suggest(client, token)
        client.get(f"/help/asclepia/fr/articles/{printer.pk}-{printer.slug}?s={token}")
    # When they come back, reload the form and send it
    with time_machine.travel(T0 + 5 * MIN, tick=False):
        reloaded = form_token_of(client.get("/portal/asclepia/tickets/new/").content.decode())
        assert submit(client, token=reloaded).status_code == 302
    # Then the suggestions did not deflect the ticket
    settle_outcomes(now=T0 + 40 * MIN)
    session = SuggestionSession.objects.get()
    assert session.outcome == Outcome.TICKET and session.ticket == Ticket.objects.get()


def test_a_form_opened_after_a_settled_one_gets_a_new_token(client, customer, printer):
    client.force_login(customer)
    first = form_token_of(client.get("/portal/asclepia/tickets/new/").content.decode())
    suggest(client, first)
    assert submit(client, token=first).status_code == 302
    after_ticket = form_token_of(client.get("/portal/asclepia/tickets/new/").content.decode())
    assert after_ticket != first
    suggest(client, after_ticket)
    settle_outcomes(now=timezone.now() + 31 * MIN)  # abandoned
    assert form_token_of(client.get("/portal/asclepia/tickets/new/").content.decode()) not in (
        first, after_ticket,
    )  # fmt: skip


def test_each_customer_session_has_its_own_form_token(client, brand, customer):
    client.force_login(customer)
    mine = form_token_of(client.get("/portal/asclepia/tickets/new/").content.decode())
    client.force_login(factories.customer(brand))
    theirs = form_token_of(client.get("/portal/asclepia/tickets/new/").content.decode())
    assert mine != theirs


def test_a_form_shown_again_with_errors_keeps_its_token(client, customer):
    client.force_login(customer)
    page = submit(client, token="abc123", subject="").content.decode()
    assert 'name="kb_suggestions" value="abc123"' in page


def test_reading_a_suggestion_then_submitting_is_not_a_deflection(client, customer, printer):
    read_suggestion(client, customer, printer)
    with time_machine.travel(T0 + 5 * MIN, tick=False):
        assert submit(client).status_code == 302
    session = SuggestionSession.objects.get()
    assert session.outcome == Outcome.TICKET and session.ticket == Ticket.objects.get()


def test_the_same_form_sent_hours_after_reading_is_a_ticket_not_a_deflection(
    client, customer, printer
):
    # Given a customer who read a suggestion, and the session settled as a deflection
    read_suggestion(client, customer, printer)
    settle_outcomes(now=T0 + 31 * MIN)
    assert SuggestionSession.objects.get().outcome == Outcome.DEFLECTED
    # When they come back to the same form two hours later and send it
    with time_machine.travel(T0 + 120 * MIN, tick=False):
        assert submit(client).status_code == 302
    # Then the session counts as a ticket, with that ticket
    settle_outcomes(now=T0 + 121 * MIN)
    session = SuggestionSession.objects.get()
    assert session.outcome == Outcome.TICKET and session.ticket == Ticket.objects.get()


def test_an_unrelated_ticket_within_the_window_does_not_cancel_the_deflection(
    client, brand, customer, printer
):
    # Given a customer who read a suggestion and left the form
    read_suggestion(client, customer, printer)
    # When they open another ticket by email ten minutes later
    with time_machine.travel(T0 + 10 * MIN, tick=False):
        factories.ticket(brand, requester=customer.contact)
    # Then the session is still a deflection
    settle_outcomes(now=T0 + 31 * MIN)
    session = SuggestionSession.objects.get()
    assert session.outcome == Outcome.DEFLECTED and session.ticket is None


def test_another_form_without_the_token_does_not_settle_the_session(client, customer, printer):
    read_suggestion(client, customer, printer)
    with time_machine.travel(T0 + 5 * MIN, tick=False):
        submit(client, token="other1")
        submit(client, token=None)
    settle_outcomes(now=T0 + 31 * MIN)
    assert SuggestionSession.objects.get().outcome == Outcome.DEFLECTED


def test_another_customer_cannot_settle_a_session_with_its_token(client, brand, customer, printer):
    read_suggestion(client, customer, printer)
    client.force_login(factories.customer(brand))
    with time_machine.travel(T0 + 5 * MIN, tick=False):
        assert submit(client).status_code == 302
    session = SuggestionSession.objects.get()
    assert session.outcome == Outcome.PENDING and session.ticket is None


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
