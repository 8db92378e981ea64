"""parse_message: envelope, bodies, attachments, forwarded mail, limits and refusals."""

from __future__ import annotations

import base64
import hashlib
from datetime import UTC, datetime, timedelta, timezone

import pytest

from guichet.channels.email import (
    DEFAULT_MAX_BYTES,
    MessageRejected,
    MessageTooLarge,
    UnparseableMessage,
    check_size,
    parse_message,
)
from guichet.channels.email.message import Address

from .paths import corpus_bytes, fixture_bytes

SIMPLE = (
    b"From: Jean <jean@exemple.fr>\r\nTo: support@guichet.example\r\n"
    b"Subject: Bonjour\r\nDate: Mon, 3 Mar 2025 10:12:00 +0100\r\n\r\nCorps\r\n"
)


def test_envelope_of_a_reply_is_read():
    parsed = parse_message(fixture_bytes("outlook_fr.eml"))
    assert parsed.message_id == "AM0PR01MB1234ABCD@AM0PR01MB1234.eurprd01.prod.outlook.com"
    assert parsed.in_reply_to == "ticket-1234.1@guichet.example"
    assert parsed.references == ("ticket-1234.0@guichet.example", "ticket-1234.1@guichet.example")
    assert parsed.subject == "RE: Problème de connexion [#1234]"
    assert parsed.from_ == Address("Jean Dupont", "jean.dupont@exemple.fr")
    assert parsed.to == (Address("Support Guichet", "support@guichet.example"),)
    assert parsed.date == datetime(2025, 3, 3, 10, 30, tzinfo=timezone(timedelta(hours=1)))
    assert parsed.headers["content-language"] == "fr-FR"


def test_missing_message_id_becomes_the_sha256_of_the_raw_bytes():
    parsed = parse_message(SIMPLE)
    assert parsed.message_id == "sha256:" + hashlib.sha256(SIMPLE).hexdigest()
    assert parsed.message_id_is_synthetic
    assert parse_message(SIMPLE).message_id == parsed.message_id  # stable


def test_raw_size_and_digest_describe_the_input():
    parsed = parse_message(SIMPLE)
    assert parsed.raw_size == len(SIMPLE)
    assert parsed.raw_sha256 == hashlib.sha256(SIMPLE).hexdigest()


def test_text_and_html_alternatives_are_both_kept():
    parsed = parse_message(fixture_bytes("gmail_fr.eml"))
    assert parsed.text_body.startswith("Bonjour,\n\nJe n'ai toujours pas reçu")
    assert parsed.html_body is not None and "gmail_quote" in parsed.html_body
    assert not parsed.text_from_html


def test_html_only_mail_gets_readable_text():
    parsed = parse_message(fixture_bytes("html_only_inline_image.eml"))
    assert parsed.text_from_html
    assert parsed.text_body == (
        "Bonjour,\n\nVoici la capture :\n[capture]\n\n- premier point\n- second point\n\n"
        "Voir la page d'aide (https://exemple.fr/aide)."
    )


def test_inline_image_is_kept_with_its_content_id():
    parsed = parse_message(fixture_bytes("html_only_inline_image.eml"))
    inline = [a for a in parsed.attachments if a.inline]
    assert [(a.content_id, a.content_type) for a in inline] == [("capture@exemple.fr", "image/png")]
    assert inline[0].data.startswith(b"\x89PNG")


def test_attachment_type_is_sniffed_when_declared_wrong_or_generic():
    parsed = parse_message(fixture_bytes("html_only_inline_image.eml"))
    by_name = {a.filename: a for a in parsed.attachments}
    assert by_name["photo.jpg"].declared_content_type == "image/jpeg"
    assert by_name["photo.jpg"].content_type == "image/png"  # the bytes are a PNG
    assert by_name["relevé de compte.pdf"].content_type == "application/pdf"  # RFC 2231 name


def test_rfc_2047_encoded_attachment_name_is_decoded():
    parsed = parse_message(
        corpus_bytes("mikel-mail/attachment_emails/attachment_nonascii_filename.eml")
    )
    assert [a.filename for a in parsed.attachments] == ["ciële.txt"]


def test_unquoted_rfc_2047_attachment_name_is_decoded():
    raw = corpus_bytes("mikel-mail/attachment_emails/attachment_with_base64_encoded_name.eml")
    assert [a.filename for a in parse_message(raw).attachments] == ["This is a test.pdf"]


def test_unquoted_attachment_name_with_spaces_is_kept_whole():
    raw = corpus_bytes("mikel-mail/attachment_emails/attachment_with_unquoted_name.eml")
    assert [a.filename for a in parse_message(raw).attachments] == ["This is a test.txt"]


def test_attachment_name_cannot_carry_a_path():
    raw = (
        b"From: a@x.fr\r\nSubject: x\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n"
        b"--b\r\nContent-Type: text/plain\r\n\r\nhi\r\n--b\r\n"
        b'Content-Type: application/pdf\r\nContent-Disposition: attachment; filename="../../etc/passwd"\r\n\r\n'
        b"data\r\n--b--\r\n"
    )
    assert [a.filename for a in parse_message(raw).attachments] == ["passwd"]


def test_tnef_winmail_dat_is_kept_as_an_attachment():
    parsed = parse_message(fixture_bytes("tnef_winmail.eml"))
    assert parsed.text_body == "Voir le rapport joint."
    [winmail] = parsed.attachments
    assert (winmail.filename, winmail.content_type) == ("winmail.dat", "application/ms-tnef")
    assert winmail.data.startswith(b"\x78\x9f\x3e\x22")


def test_forwarded_message_is_kept_as_eml_and_its_text_is_readable():
    parsed = parse_message(fixture_bytes("forwarded_rfc822.eml"))
    assert parsed.text_body == "Pouvez-vous regarder le message ci-joint ?"
    [eml] = parsed.attachments
    assert (eml.filename, eml.content_type) == ("Commande 5521 non livrée.eml", "message/rfc822")
    assert b"Message-ID: <commande-5521@client.example>" in eml.data
    [inner] = parsed.forwarded
    assert inner.from_ == Address("Hélène Petit", "helene@client.example")
    assert inner.text_body == "Bonjour, ma commande 5521 n'est jamais arrivée."
    assert "---------- Forwarded message ----------" in parsed.readable_text
    assert parsed.readable_text.endswith("Bonjour, ma commande 5521 n'est jamais arrivée.")


def test_base64_encoded_forwarded_message_is_parsed():
    inner = (
        b"From: c@client.fr\r\nSubject: Panne\r\nMessage-ID: <p@c>\r\n\r\nTout est en panne.\r\n"
    )
    raw = (
        b"From: a@x.fr\r\nSubject: Fwd: Panne\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n"
        b"--b\r\nContent-Type: text/plain\r\n\r\nVoir\r\n--b\r\nContent-Type: message/rfc822\r\n"
        b"Content-Transfer-Encoding: base64\r\n\r\n" + base64.encodebytes(inner) + b"--b--\r\n"
    )
    parsed = parse_message(raw)
    assert [(a.filename, a.data) for a in parsed.attachments] == [("Panne.eml", inner)]
    assert [m.text_body for m in parsed.forwarded] == ["Tout est en panne."]


def test_forwarded_message_in_the_corpus_is_walked():
    raw = corpus_bytes("mikel-mail/attachment_emails/attachment_message_rfc822.eml")
    parsed = parse_message(raw)
    assert [(a.filename, a.content_type) for a in parsed.attachments] == [
        ("ForwardedMessage.eml", "message/rfc822")
    ]
    [inner] = parsed.forwarded
    assert inner.subject == "Another PDF"
    assert [a.filename for a in inner.attachments] == ["broken.pdf"]


def test_multipart_with_a_wrong_boundary_is_recovered():
    parsed = parse_message(corpus_bytes("mail-parser/mail_malformed_3"))
    assert "Content-Type:" not in parsed.text_body
    assert parsed.html_body is not None and "<html>" in parsed.html_body.lower()


def test_obsolete_header_syntax_is_repaired():
    parsed = parse_message(corpus_bytes("mikel-mail/rfc2822/example13.eml"))
    assert parsed.subject == "Saying Hello"
    assert parsed.from_ == Address("John Doe", "jdoe@machine.example")
    assert parsed.text_body.startswith("This is a message just to say hello.")


def test_stray_line_inside_the_header_block_is_skipped():
    parsed = parse_message(corpus_bytes("mikel-mail/plain_emails/raw_email_incorrect_header.eml"))
    assert parsed.subject == "Stop adware/spyware once and for all."
    assert parsed.text_body.startswith("You are infected with:")


def test_mbox_from_line_is_skipped():
    parsed = parse_message(b"From jean@exemple.fr Mon Mar  3 10:12:00 2025\n" + SIMPLE)
    assert parsed.subject == "Bonjour"


def test_date_falls_back_to_the_newest_received_header():
    raw = (
        b"Received: from a by b; Tue, 4 Mar 2025 08:00:00 +0000\r\n"
        b"Received: from c by a; Tue, 4 Mar 2025 07:59:00 +0000\r\n"
        b"From: x@y.fr\r\nSubject: no date\r\n\r\nbody\r\n"
    )
    assert parse_message(raw).date == datetime(2025, 3, 4, 8, 0, tzinfo=UTC)


def test_delivery_status_notification_is_detected():
    parsed = parse_message(corpus_bytes("mikel-mail/multipart_report_emails/report_530.eml"))
    assert parsed.is_dsn
    assert parsed.dsn is not None
    [recipient] = parsed.dsn.recipients
    assert recipient.final_recipient == "edwin@zzzzzzz.com"
    assert (recipient.action, recipient.status) == ("failed", "5.3.0")
    assert recipient.diagnostic_code == "553 5.3.0 <edwin@zzzzzzz.com>... Unknown E-Mail Address"
    assert parsed.dsn.original_message_id == "200712232303.lBNN3jDq002941@mail12.rrrr.com.au"


def test_ordinary_mail_is_not_a_dsn():
    assert not parse_message(SIMPLE).is_dsn


def test_outlook_msg_file_is_read():
    parsed = parse_message(corpus_bytes("mail-parser/mail_outlook_1"))
    assert parsed.source_format == "outlook-msg"
    assert parsed.subject == "Newsletter Prüfung Personalwesen / Prüfung Eröffnungsbilanz"
    assert parsed.message_id == "20170918100018.6AE0948009C@www.w-vwa.de"
    assert parsed.from_ is not None and parsed.from_.address == "NueblingV@w-vwa.de"
    assert "Sehr geehrte Frau Gaiser-Schönenborn" in parsed.text_body
    assert parsed.html_body is not None
    assert [a.content_type for a in parsed.attachments][:2] == ["image/png", "image/gif"]


def test_corrupt_outlook_msg_is_refused():
    raw = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 2000
    with pytest.raises(UnparseableMessage, match="Outlook"):
        parse_message(raw)


@pytest.mark.parametrize("raw", [b"", b"   \r\n\r\n  ", b"\n"])
def test_empty_input_is_unparseable(raw):
    with pytest.raises(UnparseableMessage, match="empty"):
        parse_message(raw)


@pytest.mark.parametrize("raw", [b"just some text\nwith no headers\n", b"\x00\x01\x02\xff"])
def test_input_without_a_header_block_is_unparseable(raw):
    with pytest.raises(UnparseableMessage, match="no header block"):
        parse_message(raw)


def test_message_over_the_limit_is_refused_before_parsing():
    with pytest.raises(MessageTooLarge) as refused:
        parse_message(SIMPLE, max_bytes=10)
    assert (refused.value.size, refused.value.limit) == (len(SIMPLE), 10)
    assert isinstance(refused.value, MessageRejected)


def test_check_size_defaults_to_30_mb():
    assert DEFAULT_MAX_BYTES == 30 * 1024 * 1024
    check_size(b"x" * 10)
    with pytest.raises(MessageTooLarge):
        check_size(b"x" * (DEFAULT_MAX_BYTES + 1))


def test_deeply_nested_multiparts_do_not_crash():
    depth = 200
    head = b"".join(
        b"Content-Type: multipart/mixed; boundary=b%d\r\n\r\n--b%d\r\n" % (i, i)
        for i in range(depth)
    )
    raw = (
        b"From: a@x.fr\r\nSubject: deep\r\n"
        + head
        + b"Content-Type: text/plain\r\n\r\ndeep text\r\n"
    )
    try:
        parsed = parse_message(raw)
    except UnparseableMessage:
        return
    assert parsed.subject == "deep"


def test_internal_errors_become_unparseable_with_the_reason(monkeypatch):
    import guichet.channels.email.parse as parse_module

    def broken(raw):
        raise KeyError("boom")

    monkeypatch.setattr(parse_module, "message_from_raw", broken)
    with pytest.raises(UnparseableMessage, match="parser error: KeyError"):
        parse_message(SIMPLE)
