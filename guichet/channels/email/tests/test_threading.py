"""The pure threading rules: hints read from a message, and what to do with it."""

import datetime as dt

from django.test import override_settings

from guichet.channels.email import tokens
from guichet.channels.email.parse import parse_message
from guichet.channels.email.threading import (
    Action,
    TicketFacts,
    decide,
    subject_references,
    tag_subject,
    thread_hints,
)

from .intake_support import raw_email

NOW = dt.datetime(2026, 3, 10, 12, 0, tzinfo=dt.UTC)


def facts(status="open", solved_days_ago=None, participant=True):
    solved_at = NOW - dt.timedelta(days=solved_days_ago) if solved_days_ago is not None else None
    return TicketFacts(status, solved_at, participant, "TEL-1042")


def test_no_ticket_opens_a_new_one():
    assert decide(None, now=NOW, reopen_days=14, hold_strangers=False).action is Action.NEW


def test_participant_reply_to_open_ticket_is_appended():
    assert decide(facts(), now=NOW, reopen_days=14, hold_strangers=False).action is Action.APPEND


def test_stranger_reply_opens_a_linked_ticket_by_default():
    decision = decide(facts(participant=False), now=NOW, reopen_days=14, hold_strangers=False)
    assert decision.action is Action.NEW_LINKED
    assert "not a participant of TEL-1042" in decision.reason


def test_stranger_reply_is_held_when_the_mailbox_says_so():
    decision = decide(facts(participant=False), now=NOW, reopen_days=14, hold_strangers=True)
    assert decision.action is Action.HOLD


def test_reply_to_recently_solved_ticket_reopens_it():
    decision = decide(facts("solved", 3), now=NOW, reopen_days=14, hold_strangers=False)
    assert decision.action is Action.REOPEN


def test_reply_to_long_solved_ticket_opens_a_linked_ticket():
    decision = decide(facts("solved", 30), now=NOW, reopen_days=14, hold_strangers=False)
    assert decision.action is Action.NEW_LINKED


def test_reply_to_closed_ticket_opens_a_linked_ticket():
    decision = decide(facts("closed"), now=NOW, reopen_days=14, hold_strangers=False)
    assert decision.action is Action.NEW_LINKED


def test_auto_reply_never_opens_or_reopens():
    for ticket in (None, facts("solved", 1), facts("closed"), facts(participant=False)):
        decision = decide(ticket, now=NOW, reopen_days=14, hold_strangers=False, automatic=True)
        assert decision.action is Action.IGNORE


def test_auto_reply_to_open_ticket_is_appended():
    decision = decide(facts(), now=NOW, reopen_days=14, hold_strangers=False, automatic=True)
    assert decision.action is Action.APPEND


def test_subject_references_are_read_in_brackets_only():
    assert subject_references("Re: imprimante [tel-1042] et [ABC-7]") == ("TEL-1042", "ABC-7")
    assert subject_references("TEL-1042 sans crochets") == ()


def test_tag_subject_keeps_one_reference_and_one_re():
    assert tag_subject("RE: Re: Imprimante [TEL-1042]", "TEL-1042") == "Re: Imprimante [TEL-1042]"
    assert tag_subject("", "TEL-9") == "[TEL-9]"


@override_settings(SECRET_KEY="threading-tests")
def test_hints_read_ids_tokens_and_subject_in_order_of_trust():
    token_id = tokens.make_message_id(42, "help.example")
    raw = raw_email(
        to=tokens.plus_address("support@help.example", 7),
        subject="Re: imprimante [TEL-1042]",
        in_reply_to=token_id,
        references="<first@customer.example> <" + token_id + ">",
    )
    hints = thread_hints(parse_message(raw))
    assert hints.message_ids == (token_id, "first@customer.example")
    assert hints.token_ticket_ids == (7, 42)  # the Reply-To address first, then the ids
    assert hints.subject_references == ("TEL-1042",)
