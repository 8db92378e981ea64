"""extract_reply: quoted history and signatures of French and English mail clients."""

from __future__ import annotations

import re

import pytest

from guichet.channels.email import extract_reply, parse_message
from guichet.channels.email.quotes import find_signature

from .paths import EXPECTED, MAIL, fixture_bytes, require

TALON = "talon-replies/standard_replies"
HTML_REPLIES = ["gmail", "hotmail", "mail_ru", "ms_outlook_2003", "ms_outlook_2007",
                "ms_outlook_2010", "thunderbird", "windows_mail", "yandex_ru"]  # fmt: skip


def _normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _reply_of(raw: bytes):
    parsed = parse_message(raw)
    return extract_reply(parsed.text_body, parsed.html_body, subject=parsed.subject)


@pytest.mark.parametrize("client", ["iphone", "sparrow"])
def test_talon_reply_matches_the_expected_text(client):
    raw = require(MAIL / TALON / f"{client}.eml").read_bytes()
    expected = require(EXPECTED / "talon" / f"{client}_reply_text").read_text()
    assert _normalise(_reply_of(raw).new_text) == _normalise(expected)


@pytest.mark.parametrize(
    "client",
    [
        "android",
        "aol",
        "apple_mail",
        "apple_mail_2",
        "comcast",
        "gmail",
        "hotmail",
        "outlook",
        "thunderbird",
        "yahoo",
    ],  # fmt: skip
)
def test_talon_standard_reply_is_just_hello(client):
    raw = require(MAIL / TALON / f"{client}.eml").read_bytes()
    assert _normalise(_reply_of(raw).new_text) == "Hello"


@pytest.mark.parametrize("client", HTML_REPLIES)
def test_talon_html_reply_loses_its_quoted_history(client):
    html = require(EXPECTED / "talon" / "html_replies" / f"{client}.html").read_text()
    reply = extract_reply("", html)
    assert re.sub(r"\s", "", reply.new_text) == "Hi.Iamfine.Thanks,Alex"
    assert "How are you" in reply.quoted_text


def test_talon_reply_sharing_a_block_with_its_quote_keeps_the_reply_only():
    raw = require(MAIL / "talon-replies" / "reply-quotations-share-block.eml").read_bytes()
    reply = _reply_of(raw)
    assert reply.new_text.startswith("Hi Katharine.")
    assert reply.new_text.endswith("Joe XXX")
    assert "From" not in reply.new_text


def test_outlook_french_header_block_is_cut():
    reply = _reply_of(fixture_bytes("outlook_fr.eml"))
    assert reply.new_text == (
        "Bonjour,\n\nMerci, cela fonctionne de nouveau.\n\nCordialement,\nJean Dupont\n"
        "Service comptabilité"
    )
    assert reply.quoted_text.startswith("________________________________\nDe : Support Guichet")


def test_gmail_french_wrapped_attribution_is_cut():
    parsed = parse_message(fixture_bytes("gmail_fr.eml"))
    from_text = extract_reply(parsed.text_body, None)
    from_html = extract_reply("", parsed.html_body)
    expected = "Bonjour,\n\nJe n'ai toujours pas reçu mon remboursement.\n\nMarie"
    assert from_text.new_text == expected
    assert _normalise(from_html.new_text) == _normalise(expected)
    assert from_text.quoted_text.startswith("Le lun. 3 mars 2025 à 10:12, Support Guichet")


def test_apple_mail_french_quote_and_iphone_signature():
    parsed = parse_message(fixture_bytes("apple_mail_fr.eml"))
    expected = (
        "Bonjour,\n\nVoici la facture demandée.\n\nBien à vous,\nPaul\n\nEnvoyé de mon iPhone"
    )
    for reply in (extract_reply(parsed.text_body, None), extract_reply("", parsed.html_body)):
        assert _normalise(reply.new_text) == _normalise(expected)
        assert reply.signature == "Envoyé de mon iPhone"
        assert _normalise(reply.body) == "Bonjour, Voici la facture demandée. Bien à vous, Paul"


def test_thunderbird_french_attribution_is_cut_and_signature_found():
    reply = _reply_of(fixture_bytes("thunderbird_fr.eml"))
    assert reply.new_text == (
        "Bonjour,\n\nC'est corrigé de mon côté, merci !\n\n-- \nLuc Martin\nTél. 01 23 45 67 89"
    )
    assert reply.signature == "-- \nLuc Martin\nTél. 01 23 45 67 89"
    assert reply.body == "Bonjour,\n\nC'est corrigé de mon côté, merci !"
    assert reply.quoted_text.startswith("Le 03/03/2025 à 10:12, Support Guichet a écrit :")


@pytest.mark.parametrize(
    "separator",
    [
        "-----Original Message-----",
        "----- Original Message -----",
        "-----Message d'origine-----",
        "-------- Message d'origine --------",
        "-------- Original Message --------",
    ],
)
def test_original_message_separators_cut_the_history(separator):
    text = f"Voici ma réponse.\n\n{separator}\nDe : a@x.fr\nBonjour"
    reply = extract_reply(text)
    assert reply.new_text == "Voici ma réponse."
    assert reply.quoted_text.startswith(separator)


@pytest.mark.parametrize(
    "attribution",
    [
        "On Mon, Mar 3, 2025 at 10:12 AM, Support <support@guichet.example> wrote:",
        "Le lun. 3 mars 2025 à 10:12, Support <support@guichet.example> a écrit :",
        "Le 03/03/2025 à 10:12, Support a écrit :",
        "Le 3 mars 2025 à 10:12, Support <support@guichet.example> a\u00a0écrit\u00a0:",
        "Am 03.03.2025 um 10:12 schrieb Support <support@guichet.example>:",
        "El lun, 3 mar 2025 a las 10:12, Support (<support@guichet.example>) escribió:",
    ],
)
def test_attribution_lines_cut_the_history(attribution):
    reply = extract_reply(f"Merci !\n\n{attribution}\n\n> Bonjour")
    assert reply.new_text == "Merci !"


def test_lines_starting_with_quote_marks_are_cut_with_the_line_introducing_them():
    reply = extract_reply("Ok pour moi.\n\nSupport a dit :\n> Bonjour\n> Confirmez-vous ?")
    assert reply.new_text == "Ok pour moi."
    assert reply.quoted_text == "Support a dit :\n> Bonjour\n> Confirmez-vous ?"


def test_bottom_posted_reply_keeps_the_text_below_the_quote():
    reply = extract_reply("Le 03/03/2025 à 10:12, Support a écrit :\n> Question ?\n\nRéponse.")
    assert reply.new_text == "Réponse."


def test_interleaved_answers_are_kept_whole():
    text = "> Question 1 ?\nRéponse 1.\n> Question 2 ?\nRéponse 2."
    assert extract_reply(text).new_text == text


def test_forwarded_header_block_is_not_cut():
    text = (
        "Pour info.\n\n---------- Forwarded message ---------\nDe : Client <c@x.fr>\n"
        "Date: lun. 3 mars 2025 à 10:12\nSubject: Panne\nTo: <moi@x.fr>\n\nTout est en panne."
    )
    assert extract_reply(text).new_text == text


def test_forwarded_subject_keeps_everything():
    text = "Voir ci-dessous.\n\n-----Original Message-----\nFrom: c@x.fr\nSent: lundi\nTo: moi\n\nPanne"
    assert extract_reply(text, subject="TR: Panne").new_text == text
    assert extract_reply(text, subject="Fwd: Panne").new_text == text


def test_stripping_never_leaves_nothing():
    text = "> only a quote\n> nothing else"
    reply = extract_reply(text)
    assert reply.new_text == text
    assert reply.quoted_text == ""


def test_header_block_at_the_top_is_kept():
    text = "De : a@x.fr\nEnvoyé : lundi\nÀ : b@x.fr\nObjet : test\n\ncorps"
    assert extract_reply(text).new_text == text


def test_plain_message_is_unchanged():
    reply = extract_reply("Bonjour,\n\nMa commande est bloquée.\n\nMerci")
    assert reply.new_text == "Bonjour,\n\nMa commande est bloquée.\n\nMerci"
    assert (reply.quoted_text, reply.signature) == ("", "")


def test_html_is_used_when_the_text_part_has_no_visible_quote():
    html = '<p>Réponse</p><div class="gmail_quote">Le 3 mars 2025 à 10:12, X a écrit :<blockquote>Q</blockquote></div>'
    assert extract_reply("Réponse", html).new_text == "Réponse"


def test_empty_input_gives_an_empty_reply():
    assert extract_reply("", None).new_text == ""


@pytest.mark.parametrize(
    ("text", "signature"),
    [
        ("Merci\n\n-- \nJean\n01 02 03 04 05", "-- \nJean\n01 02 03 04 05"),
        ("Merci\n--\nJean", "--\nJean"),
        ("Merci\n\nEnvoyé de mon iPhone", "Envoyé de mon iPhone"),
        ("Thanks\n\nSent from my Galaxy", "Sent from my Galaxy"),
        ("Merci\n\nObtenir Outlook pour Android", "Obtenir Outlook pour Android"),
        ("Merci", ""),
        ("-- \nonly a signature", ""),
    ],
)
def test_find_signature(text, signature):
    assert find_signature(text) == signature
