"""Property tests: hostile or broken input never raises anything but MessageRejected."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from guichet.channels.email import (
    MessageRejected,
    classify_noise,
    extract_reply,
    parse_message,
)
from guichet.channels.email.charsets import decode_text
from guichet.channels.email.headers import decode_header_text, parse_addresses, parse_date

from .paths import MAIL, corpus_files, require

# GUICHET_FUZZ_EXAMPLES=5000 for a deeper run than the default suite's
FUZZ = settings(
    max_examples=int(os.environ.get("GUICHET_FUZZ_EXAMPLES", "150")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
SEEDS = [path for path in corpus_files() if path.stat().st_size < 200_000]

HEADER_NAMES = st.sampled_from(
    [
        "From",
        "To",
        "Cc",
        "Reply-To",
        "Subject",
        "Date",
        "Message-ID",
        "In-Reply-To",
        "References",
        "Content-Type",
        "Content-Transfer-Encoding",
        "Content-Disposition",
        "Content-ID",
        "Auto-Submitted",
        "Precedence",
        "List-Id",
        "Return-Path",
        "MIME-Version",
        "X-Weird",
    ]  # fmt: skip
)
HEADER_VALUES = st.one_of(
    st.text(max_size=80),
    st.sampled_from(
        [
            "multipart/mixed; boundary=b",
            'multipart/alternative; boundary="b"',
            "multipart/report; report-type=delivery-status; boundary=b",
            "message/rfc822",
            "text/plain; charset=utf-7",
            "text/html; charset=x-unknown",
            "base64",
            "quoted-printable",
            "x-uuencode",
            "=?utf-8?b?w6k=?=",
            "=?bogus?q?=FF?=",
            "<a@b>",
            "attachment; filename*=utf-8''%E9%FF.txt",
            '"unterminated <a@b',
            "(((",
            ";;;=",
            "",
        ]  # fmt: skip
    ),
)
BODY_LINES = st.one_of(
    st.binary(max_size=60),
    st.sampled_from(
        [
            b"--b",
            b"--b--",
            b"Content-Type: text/plain",
            b"Content-Type: message/rfc822",
            b"Content-Transfer-Encoding: base64",
            b"",
            b"=C3=A9=",
            b"w6k",
            b"> quoted",
            b"Final-Recipient: rfc822; x@y",
            b"Action: failed",
            b"Status: 5.1.1",
            b"\xff\xfe",
        ]  # fmt: skip
    ),
)


@st.composite
def broken_mime(draw: st.DrawFn) -> bytes:
    headers = draw(st.lists(st.tuples(HEADER_NAMES, HEADER_VALUES), min_size=1, max_size=10))
    head = b"".join(
        name.encode() + b": " + value.encode("utf-8", "surrogateescape") + b"\r\n"
        for name, value in headers
    )
    separator = draw(st.sampled_from([b"\r\n", b"\n", b""]))
    body = b"\r\n".join(draw(st.lists(BODY_LINES, max_size=30)))
    return head + separator + body


def _exercise(raw: bytes) -> None:
    try:
        parsed = parse_message(raw)
    except MessageRejected as refused:
        assert refused.reason
        return
    assert parsed.message_id
    assert parsed.date is None or parsed.date.tzinfo is not None
    extract_reply(parsed.text_body, parsed.html_body, subject=parsed.subject)
    classify_noise(parsed)


@FUZZ
@given(st.binary(max_size=3000))
def test_arbitrary_bytes_never_crash_the_parser(raw):
    _exercise(raw)


@FUZZ
@given(broken_mime())
def test_broken_mime_never_crashes_the_parser(raw):
    _exercise(raw)


@FUZZ
@given(
    st.integers(min_value=0, max_value=max(0, len(SEEDS) - 1)),
    st.lists(
        st.tuples(
            st.floats(0, 1),
            st.sampled_from(["flip", "cut", "insert"]),
            st.binary(min_size=1, max_size=8),
        ),
        min_size=1,
        max_size=6,
    ),
)
def test_mutated_corpus_messages_never_crash_the_parser(index, mutations):
    require(MAIL)
    data = bytearray(SEEDS[index].read_bytes())
    for where, action, chunk in mutations:
        position = int(where * len(data))
        if action == "flip" and data:
            data[min(position, len(data) - 1)] ^= chunk[0]
        elif action == "cut":
            del data[position : position + len(chunk) * 16]
        else:
            data[position:position] = chunk
    _exercise(bytes(data))


@FUZZ
@given(st.binary(max_size=200), st.sampled_from(["utf-8", "utf-7", "utf-16", "iso-2022-jp", "shift_jis", "gb2312", "big5", "euc-kr", "koi8-r", "x-unknown", "", "unicode_escape", "base64", "3D", "ks_c_5601-1987"]))  # fmt: skip
def test_decode_text_never_raises(data, label):
    assert isinstance(decode_text(data, label), str)


@FUZZ
@given(st.text(max_size=200))
def test_header_decoders_never_raise(value):
    assert isinstance(decode_header_text(value), str)
    assert isinstance(parse_addresses(value), tuple)
    parse_date(value)


@FUZZ
@given(st.text(max_size=500), st.one_of(st.none(), st.text(max_size=300)))
def test_extract_reply_never_raises_and_never_empties_a_text(text, html):
    reply = extract_reply(text, html)
    if text.strip() and not html:
        assert reply.new_text.strip()
