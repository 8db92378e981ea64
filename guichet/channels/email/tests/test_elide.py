"""Large base64 bodies cut out before parsing and put back (elide.py): the parse is the same."""

from email.message import Message
from email.parser import BytesParser

import pytest

from guichet.channels.email import elide
from guichet.channels.email.parse import _parse_mime, repair_header_block
from guichet.channels.email.parts import POLICY

from .intake_support import raw_email
from .paths import MAIL, corpus_files, require


def describe(message: Message) -> list[tuple[object, ...]]:
    """Everything a parse yields that intake reads: the tree, headers, bodies, defects."""
    return [
        (
            part.get_content_type(),
            [(name, str(value)) for name, value in part.raw_items()],
            "multipart" if part.is_multipart() else vars(part)["_payload"],  # stored, not decoded
            part.preamble,
            part.epilogue,
            [type(defect).__name__ for defect in part.defects],
        )
        for part in message.walk()
    ]


def plain(raw: bytes) -> Message:
    return BytesParser(policy=POLICY).parsebytes(repair_header_block(raw))


def test_every_corpus_message_parses_the_same_with_every_base64_body_cut_out(monkeypatch):
    monkeypatch.setattr(elide, "MIN_RAW", 0)
    monkeypatch.setattr(elide, "MIN_BODY", 1)
    require(MAIL)
    cut = 0
    for path in corpus_files():
        raw = path.read_bytes()
        if not raw.strip():
            continue
        elided = elide.elide_bodies(repair_header_block(raw))
        cut += len(elided.bodies) if elided else 0
        assert describe(_parse_mime(raw)) == describe(plain(raw)), path.name
    assert cut > 50  # the corpus has many base64 parts: the comparison means something


def test_a_large_attachment_is_cut_out_and_put_back():
    data = bytes(range(256)) * 400  # 100 KB: 137 KB of base64
    raw = raw_email(attachments=[("scan.pdf", data, "application/pdf")])
    elided = elide.elide_bodies(raw)
    assert elided is not None and len(elided.bodies) == 1 and len(elided.raw) < 2000
    message = _parse_mime(raw)
    attachment = next(part for part in message.walk() if part.get_filename() == "scan.pdf")
    assert attachment.get_payload(decode=True) == data
    assert describe(message) == describe(plain(raw))


@pytest.mark.parametrize(
    "trap",
    [
        "Content-Type: message/rfc822\r\nContent-Transfer-Encoding: base64\r\n\r\n",
        "Content-Type: text/plain\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n",
        "Content-Transfer-Encoding: base64\r\n\r\n",  # no Content-Type: a digest's would be
    ],
)
def test_bodies_the_parser_reads_into_or_not_base64_are_left_in(trap):
    body = ("QUJD" * 19 + "\r\n") * 1000
    raw = (
        'MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n'
        f"--b\r\n{trap}{body}--b--\r\n"
    ).encode()
    raw = raw.ljust(elide.MIN_RAW + 1, b"\n")
    assert elide.elide_bodies(raw) is None


def test_a_token_that_would_be_found_twice_falls_back_to_the_whole_parse(monkeypatch):
    raw = raw_email(attachments=[("a.bin", b"\x00" * 150_000, "application/octet-stream")])
    elided = elide.elide_bodies(raw)
    assert elided is not None
    token = next(iter(elided.bodies))
    message = plain(elided.raw)
    for part in message.walk():
        if not part.is_multipart() and token in part.get_payload():
            part.set_payload(part.get_payload() + token)
    assert not elided.restore(message)
