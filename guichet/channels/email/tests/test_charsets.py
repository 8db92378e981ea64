"""Charsets: every label Python knows, mislabelled and undeclared 8-bit text."""

from __future__ import annotations

import pytest

from guichet.channels.email import parse_message
from guichet.channels.email.charsets import codec_for, decode_text, decode_undeclared

from .paths import corpus_bytes, fixture_bytes


def test_iso_2022_jp_body_is_decoded():
    parsed = parse_message(corpus_bytes("mikel-mail/multi_charset/japanese_iso_2022.eml"))
    assert parsed.subject == "まみむめも"
    assert parsed.text_body == "すみません。"


def test_iso_2022_jp_encoded_words_in_subject_are_decoded():
    parsed = parse_message(corpus_bytes("mikel-mail/multi_charset/japanese.eml"))
    assert parsed.subject == "まみむめも"
    assert parsed.text_body.startswith("かきくえこ")


def test_shift_jis_body_is_decoded():
    parsed = parse_message(corpus_bytes("mikel-mail/multi_charset/japanese_shift_jis.eml"))
    assert parsed.text_body.startswith("あいうえお\n\nこのメールはテスト用のメールです。")


def test_ks_c_5601_1987_is_read_as_its_superset_cp949():
    parsed = parse_message(corpus_bytes("mikel-mail/multi_charset/ks_c_5601-1987.eml"))
    assert parsed.text_body == "스티해"


def test_rfc_2231_japanese_attachment_name_is_decoded():
    raw = corpus_bytes("mikel-mail/multi_charset/japanese_attachment_long_name.eml")
    parsed = parse_message(raw)
    assert [a.filename for a in parsed.attachments] == ["かきくけこ" * 5 + ".txt"]


def test_utf7_header_and_body_are_decoded():
    parsed = parse_message(fixture_bytes("utf7.eml"))
    assert parsed.subject == "Café"
    assert parsed.text_body == "Café crème à 2 €, merci !"


def test_windows_1252_sent_as_iso_8859_1_keeps_euro_and_curly_quotes():
    parsed = parse_message(fixture_bytes("cp1252_as_latin1.eml"))
    assert parsed.subject == "Facture € et “guillemets”"
    assert parsed.from_ is not None and parsed.from_.name == "Renée Côté"
    assert parsed.text_body == "Le montant est de 42 €, c’est “urgent” pour mon cœur."


def test_undeclared_8bit_parts_are_read_as_utf8_then_cp1252():
    parsed = parse_message(fixture_bytes("undeclared_8bit.eml"))
    assert parsed.subject == "Problème d'accès"
    assert parsed.from_ is not None and parsed.from_.name == "André"
    assert parsed.text_body == "Première partie : déjà vu.\n\nDeuxième partie : été – hiver."


def test_utf8_body_labelled_gb2312_is_read_as_utf8():
    parsed = parse_message(corpus_bytes("mail-parser/mail_test_12"))
    assert parsed.text_body.startswith("你好！我公司可代开各类增值税发票")


def test_raw_8bit_subject_takes_the_charset_the_body_declares():
    raw = (
        b"From: a@example.com\r\nSubject: \xa4\xa4\xa4\xe5\r\nMessage-ID: <big5@x>\r\n"
        b'Content-Type: text/plain; charset="big5"\r\n\r\n\xa4\xa4\xa4\xe5\r\n'
    )
    parsed = parse_message(raw)
    assert parsed.subject == "中文"
    assert parsed.text_body == "中文"


def test_unknown_charset_label_falls_back_to_utf8_then_cp1252():
    parsed = parse_message(corpus_bytes("mikel-mail/plain_emails/raw_email10.eml"))
    assert "Envoyé par le service" in parsed.text_body


def test_html_part_without_charset_uses_its_meta_charset():
    html = '<html><head><meta charset="windows-1251"></head><body>Привет</body></html>'
    raw = b"From: a@example.com\r\nSubject: x\r\nContent-Type: text/html\r\n\r\n" + html.encode(
        "cp1251"
    )
    assert parse_message(raw).text_body == "Привет"


@pytest.mark.parametrize(
    ("data", "label", "expected"),
    [
        ("déjà".encode(), "utf-8", "déjà"),
        ("déjà".encode("cp1252"), "utf-8", "déjà"),  # declared UTF-8, really cp1252
        ("déjà".encode(), "iso-8859-1", "déjà"),  # declared latin-1, really UTF-8
        (b"\x80 \x9c", "iso-8859-1", "€ œ"),  # cp1252 bytes under the latin-1 label
        (b"\x81", "windows-1252", "\x81"),  # unassigned in cp1252: kept as latin-1
        ("中文".encode("gb18030"), "gb2312", "中文"),
        ("①".encode("cp932"), "shift_jis", "①"),  # a cp932 extension under its ISO name
        ("ü".encode("cp1252"), "x-unknown", "ü"),
        ("ü".encode("cp1252"), "no-such-charset", "ü"),
        ("ü".encode("cp1252"), '"3Dutf-8"', "ü"),  # mangled label, bytes not UTF-8
        (b"\xef\xbb\xbfhello", "utf-8", "hello"),  # BOM dropped
        (b"abc", "unicode_escape", "abc"),  # a Python codec that is not a mail charset
        (b"\\x41", "unicode_escape", "\\x41"),
        (b"", "utf-8", ""),
    ],
)
def test_decode_text(data, label, expected):
    assert decode_text(data, label) == expected


def test_decode_undeclared_prefers_utf8_with_one_broken_byte_in_twenty_characters():
    data = ("éèàùçôêâîû" * 2).encode() + b"\xff"
    assert decode_undeclared(data) == "éèàùçôêâîû" * 2 + "\ufffd"


def test_decode_undeclared_reads_mostly_broken_utf8_as_cp1252():
    assert decode_undeclared(b"caf\xe9 \xe0 \xc3\xa9") == "café à Ã©"


def test_codec_for_refuses_non_text_codecs():
    assert codec_for("base64") is None
    assert codec_for("rot13") is None
    assert codec_for("undefined") is None
    assert codec_for("utf-8") == "utf-8"
