"""classify_noise: bounces, auto-replies, mailing lists and bulk mail."""

from __future__ import annotations

import pytest

from guichet.channels.email import NoiseKind, classify_noise, parse_message

from .paths import MAIL, corpus_bytes, fixture_bytes, require

REPORTS = "mikel-mail/multipart_report_emails"


def _message(*headers: str, subject: str = "Question", sender: str = "client@exemple.fr"):
    head = "".join(f"{header}\r\n" for header in headers)
    raw = f"From: {sender}\r\nTo: support@guichet.example\r\nSubject: {subject}\r\n{head}\r\nTexte\r\n"
    return parse_message(raw.encode())


@pytest.mark.parametrize(
    "name",
    [
        "multi_address_bounce1.eml",
        "multi_address_bounce2.eml",
        "multipart_report_multiple_status.eml",
        "report_422.eml",
        "report_530.eml",
    ],  # fmt: skip
)
def test_corpus_delivery_reports_are_bounces(name):
    noise = classify_noise(parse_message(corpus_bytes(f"{REPORTS}/{name}")))
    assert noise.kind is NoiseKind.BOUNCE
    assert noise.dsn is not None and noise.dsn.recipients
    assert not noise.allows_auto_response


def test_multi_recipient_bounce_lists_every_failed_recipient():
    noise = classify_noise(parse_message(corpus_bytes(f"{REPORTS}/multi_address_bounce1.eml")))
    assert noise.dsn is not None
    assert [r.final_recipient for r in noise.dsn.recipients] == [
        "bbbbvhvbbvkjbhfbvbvjhb@gmail.com",
        "bscdbcjhasbcjhbdscbhbsdhcbj@gmail.com",
        "egyfefsdvsfvvhjsd@gmail.com",
        "kfhejkfbsjkjsbhds@gmail.com",
        "qfvhgsvhgsduiohncdhcvhsdfvsfygusd@gmail.com",
    ]
    first = noise.dsn.recipients[0]
    assert (first.action, first.status, first.is_permanent_failure) == ("failed", "5.1.1", True)
    assert first.diagnostic_code.startswith("550-5.1.1 The email account that you tried to reach")
    assert first.remote_mta == "gmail-smtp-in.l.google.com"
    assert noise.dsn.reporting_mta == "lvmail01.LL.com"
    assert noise.dsn.original_message_id == "118707422.15521266992174819.JavaMail.root@lvmail01"


def test_delayed_delivery_report_is_a_temporary_failure():
    noise = classify_noise(parse_message(corpus_bytes(f"{REPORTS}/report_422.eml")))
    assert noise.dsn is not None
    [recipient] = noise.dsn.recipients
    assert (recipient.action, recipient.status) == ("delayed", "4.2.2")
    assert not recipient.is_permanent_failure
    assert recipient.diagnostic_code == "452 4.2.2 <fraser@oooooooo.com.au>... Mailbox full"
    assert noise.dsn.original_message_id == (
        "15655788.13.1200472642578.JavaMail.Administrator@mail.ttttt.com.au"
    )


def test_report_without_a_report_type_is_still_read():
    raw = corpus_bytes("mikel-mail/mime_emails/raw_email_with_mimepart_without_content_type.eml")
    noise = classify_noise(parse_message(raw))
    assert noise.kind is NoiseKind.BOUNCE
    assert noise.dsn is not None
    assert noise.dsn.recipients[0].final_recipient == "larose.julie@courrier.uqam.ca"


def test_non_rfc3464_bounce_is_recognised_by_sender_and_subject():
    message = _message(
        subject="Undelivered Mail Returned to Sender", sender="MAILER-DAEMON@mx.exemple.fr"
    )
    noise = classify_noise(message)
    assert noise.kind is NoiseKind.BOUNCE


def test_exim_failed_recipients_header_is_a_bounce():
    noise = classify_noise(
        _message("X-Failed-Recipients: a@x.fr, b@x.fr", subject="Mail delivery failed")
    )
    assert noise.kind is NoiseKind.BOUNCE
    assert noise.dsn is not None
    assert [r.final_recipient for r in noise.dsn.recipients] == ["a@x.fr", "b@x.fr"]


def test_mail_from_postmaster_about_something_else_is_not_a_bounce():
    assert classify_noise(_message(sender="postmaster@exemple.fr")).kind is NoiseKind.NONE


def test_french_out_of_office_fixture_is_an_auto_reply():
    noise = classify_noise(parse_message(fixture_bytes("out_of_office_fr.eml")))
    assert noise.kind is NoiseKind.AUTO_REPLY
    assert "Auto-Submitted: auto-replied" in noise.reasons
    assert "X-Auto-Response-Suppress" in noise.reasons
    assert "out-of-office subject" in noise.reasons


@pytest.mark.parametrize(
    "header",
    [
        "Auto-Submitted: auto-replied",
        "Auto-Submitted: auto-generated",
        "Auto-Submitted: auto-notified; owner-email=x@y",
        "X-Autoreply: yes",
        "X-Autorespond: Out of office",
        "X-Auto-Response-Suppress: All",
        "X-Auto-Response-Suppress: OOF, DR",
        "Return-Path: <>",
        "Precedence: auto_reply",
    ],
)
def test_auto_reply_headers(header):
    assert classify_noise(_message(header)).kind is NoiseKind.AUTO_REPLY


def test_auto_submitted_no_is_a_human():
    assert classify_noise(_message("Auto-Submitted: no")).kind is NoiseKind.NONE


@pytest.mark.parametrize(
    "subject",
    [
        "Absence du bureau",
        "Réponse automatique : Problème de connexion",
        "Reponse automatique: votre demande",
        "Je suis absent jusqu'au 10 mars",
        "Je suis absente",
        "Message d'absence",
        "Out of Office: your request",
        "Automatic reply: Problem",
        "Autoreply: Problem",
        "Auto-Reply: Problem",
        "RE: I am out of the office",
    ],
)
def test_out_of_office_subjects(subject):
    assert classify_noise(_message(subject=subject)).kind is NoiseKind.AUTO_REPLY


@pytest.mark.parametrize(
    "subject",
    ["Problème de connexion", "Absence de réponse à ma demande", "Facture automatique erronée"],
)
def test_ordinary_subjects_are_not_auto_replies(subject):
    assert classify_noise(_message(subject=subject)).kind is NoiseKind.NONE


def test_list_id_marks_a_mailing_list():
    noise = classify_noise(_message("List-Id: Annonces <annonces.exemple.fr>"))
    assert noise.kind is NoiseKind.MAILING_LIST
    assert not noise.allows_auto_response


def test_corpus_mail_with_list_id_is_a_mailing_list():
    raw = corpus_bytes("mikel-mail/error_emails/empty_in_reply_to.eml")
    assert classify_noise(parse_message(raw)).kind is NoiseKind.MAILING_LIST


@pytest.mark.parametrize(
    "header", ["Precedence: bulk", "Precedence: junk", "List-Unsubscribe: <mailto:u@x.fr>"]
)
def test_bulk_mail(header):
    assert classify_noise(_message(header)).kind is NoiseKind.BULK


def test_precedence_list_is_a_mailing_list():
    assert classify_noise(_message("Precedence: list")).kind is NoiseKind.MAILING_LIST


def test_bounce_wins_over_auto_reply_signals():
    message = parse_message(corpus_bytes(f"{REPORTS}/report_530.eml"))
    assert classify_noise(message).kind is NoiseKind.BOUNCE


def test_ordinary_replies_from_the_corpus_are_not_noise():
    require(MAIL)
    for name in ("gmail.eml", "iphone.eml", "outlook.eml", "thunderbird.eml"):
        message = parse_message(corpus_bytes(f"talon-replies/standard_replies/{name}"))
        noise = classify_noise(message)
        assert (name, noise.kind, noise.allows_auto_response) == (name, NoiseKind.NONE, True)
