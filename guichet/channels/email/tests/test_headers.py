"""Header decoding: RFC 2047 words, addresses, message ids and dates, all lenient."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from guichet.channels.email import headers
from guichet.channels.email.headers import (
    decode_header_text,
    parse_addresses,
    parse_date,
    parse_message_id,
    parse_message_ids,
)
from guichet.channels.email.message import Address


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("=?utf-8?q?Probl=C3=A8me?=", "Problème"),
        ("=?UTF-8?B?UHJvYmzDqG1l?=", "Problème"),
        ("Re: =?iso-8859-1?q?d=E9j=E0?= vu", "Re: déjà vu"),
        ("=?utf-8?q?a?= =?utf-8?q?b?=", "ab"),  # whitespace between words is dropped
        ("=?utf-8?b?5Lit?= =?utf-8?b?5paH?=", "中文"),
        ("=?utf-8?b?5Lg=?= =?utf-8?b?rQ==?=", "中"),  # one character split across two words
        ("=?utf-8?q?caf=C3=A9?=\r\n =?utf-8?q?_cr=C3=A8me?=", "café crème"),
        ("=?utf-8*fr?q?langue?=", "langue"),  # RFC 2231 language tag
        ("=?unknown-charset?q?caf=E9?=", "café"),
        ("=?NONE?B?VEVTVA=?=", "TEST"),
        ("no encoding at all", "no encoding at all"),
        ("line\r\n folded", "line folded"),
        ("control\x00chars\x07", "controlchars"),
    ],
)
def test_decode_header_text(raw, expected):
    assert decode_header_text(raw) == expected


def test_decode_header_text_degrades_broken_base64_without_raising():
    assert isinstance(decode_header_text("=?utf-8?b?not base64!!?="), str)


def test_decode_header_text_reads_raw_8bit_as_utf8():
    raw = "Probl\udcc3\udca8me"  # how the parser stores the bytes b"Probl\xc3\xa8me"
    assert decode_header_text(raw) == "Problème"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Jean Dupont <jean@exemple.fr>", [("Jean Dupont", "jean@exemple.fr")]),
        (
            '"Dupont, Jean" <jean@exemple.fr>, b@c.fr',
            [("Dupont, Jean", "jean@exemple.fr"), ("", "b@c.fr")],
        ),
        ("=?utf-8?q?Dupont=2C_Jean?= <jean@exemple.fr>", [("Dupont, Jean", "jean@exemple.fr")]),
        ("=?utf-8?b?SsOpcsO0bWU=?= <j@x.fr>", [("Jérôme", "j@x.fr")]),
        ("Big Bug bb@bug.com", [("Big Bug", "bb@bug.com")]),  # no angle brackets
        ("undisclosed-recipients:;", []),
        ("Team: a@x.fr, b@x.fr;", [("", "a@x.fr"), ("", "b@x.fr")]),  # a group is flattened
        ("a@x.fr, A@X.FR", [("", "a@x.fr")]),  # duplicates dropped
        ("", []),
        ("<>", []),
        ("MAILER-DAEMON (Mail Delivery System)", [("", "MAILER-DAEMON")]),
    ],
)
def test_parse_addresses(raw, expected):
    assert parse_addresses(raw) == tuple(Address(name, address) for name, address in expected)


def test_parse_addresses_survives_a_huge_hostile_header():
    raw = "(" * 50_000 + "a@b.fr"
    assert [address.address for address in parse_addresses(raw)] == ["a@b.fr"]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("<abc@def>", "abc@def"),
        ("  <abc@def> (comment)", "abc@def"),
        ("<1234   @   local(blah)  .machine .example>", "1234@local.machine.example"),
        ("abc@def", "abc@def"),
        ("bare-token", "bare-token"),
        ("", None),
        ("<>", None),
        ("two words", None),
    ],
)
def test_parse_message_id(raw, expected):
    assert parse_message_id(raw) == expected


def test_parse_message_ids_keeps_order_and_drops_duplicates_and_junk():
    raw = "<a@x> <b@x>\r\n <a@x> junk <c@x>"
    assert parse_message_ids(raw) == ("a@x", "b@x", "c@x")


def test_parse_message_ids_accepts_ids_without_brackets():
    assert parse_message_ids("a@x, b@x") == ("a@x", "b@x")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (
            "Mon, 03 Mar 2025 10:12:00 +0100",
            datetime(2025, 3, 3, 10, 12, tzinfo=timezone(timedelta(hours=1))),
        ),
        ("Mon, 03 Mar 2025 10:12:00 -0000", datetime(2025, 3, 3, 10, 12, tzinfo=UTC)),
        ("Mon, 03 Mar 2025 10:12:00", datetime(2025, 3, 3, 10, 12, tzinfo=UTC)),  # no zone
        (
            "Mon, 03 Mar 2025 10:12:00 +0100 (CET)",
            datetime(2025, 3, 3, 10, 12, tzinfo=timezone(timedelta(hours=1))),
        ),
        (
            "Fri, 21 Nov 1997 09(comment):   55  :  06 -0600",
            datetime(1997, 11, 21, 9, 55, 6, tzinfo=timezone(timedelta(hours=-6))),
        ),
        ("not a date", None),
        ("", None),
        ("Mon, 99 Foo 99999 99:99:99 +9999", None),
    ],
)
def test_parse_date(raw, expected):
    assert parse_date(raw) == expected


# --- The fast path for plain address headers gives what the stdlib parser gives -----------

_PIECES = [
    "a@b.fr", "jean.dupont@exemple.fr", "x+tag@sub.exemple.co.uk", "Jean Dupont", "Jean",
    '"Dupont, Jean"', '" spaced  out "', '"a@b.fr"', "<a@b.fr>", "<c.d@e-f.org>", " ", "  ",
    ",", ", ", "\t", "<", ">", '"', "(comment)", "=?utf-8?q?J=C3=A9r=C3=B4me?=", "é", "O'Neil",
    "@", ".", "..", "a..b@c.d", "x@y", "x@-y.z", "group:", ";", "\\", "[1.2.3.4]", "<>",
]  # fmt: skip


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=8))
def test_plain_address_headers_read_the_same_with_or_without_the_fast_path(pieces):
    text = "".join(pieces)
    fast = headers._addresses_simple(text.strip())
    with mock.patch.object(headers, "_addresses_simple", return_value=None):
        slow = headers.parse_addresses(text)
    assert headers.parse_addresses(text) == slow, (text, fast)


@pytest.mark.parametrize(
    "text",
    [
        "a@b.fr",
        "Jean Dupont <jean@exemple.fr>",
        '"Dupont, Jean" <jean@exemple.fr>, b@c.de',
        "Jean <j@x.fr>,Marie <m@x.fr>",
    ],
)
def test_common_address_headers_take_the_fast_path(text):
    assert headers._addresses_simple(text) is not None
