"""Every raw message of the shared corpus goes through the pure pipeline without a crash."""

from __future__ import annotations

from pathlib import Path

import pytest

from guichet.channels.email import (
    ParsedMessage,
    UnparseableMessage,
    classify_noise,
    extract_reply,
    parse_message,
)

from .paths import MAIL, corpus_files, require

CORPUS = corpus_files()
EMPTY_FILE = "mikel-mail/sample_output_multipart"


def _name(path: Path) -> str:
    return str(path.relative_to(MAIL)) if path != MAIL else "shared-corpus-missing"


def test_shared_corpus_holds_140_messages():
    require(MAIL)
    assert len(CORPUS) == 140


@pytest.mark.parametrize("path", CORPUS or [MAIL], ids=_name)
def test_corpus_message_parses_or_is_refused_with_a_reason(path):
    # given one raw message from the corpus
    raw = require(path).read_bytes()
    # when it is parsed, its reply extracted and its noise classified
    try:
        parsed = parse_message(raw)
    except UnparseableMessage as refused:
        # then a refusal is an UnparseableMessage with a reason, nothing else
        assert refused.reason
        return
    reply = extract_reply(parsed.text_body, parsed.html_body, subject=parsed.subject)
    noise = classify_noise(parsed)
    # then the result is complete and consistent
    assert isinstance(parsed, ParsedMessage)
    assert parsed.raw_size == len(raw)
    assert parsed.message_id
    assert parsed.date is None or parsed.date.tzinfo is not None
    assert isinstance(reply.new_text, str)
    assert noise.kind


def test_only_the_empty_file_is_refused():
    require(MAIL)
    refused = []
    for path in CORPUS:
        try:
            parse_message(path.read_bytes())
        except UnparseableMessage:
            refused.append(_name(path))
    assert refused == [EMPTY_FILE]


def test_empty_file_is_refused_as_empty():
    with pytest.raises(UnparseableMessage, match="empty"):
        parse_message(require(MAIL / EMPTY_FILE).read_bytes())


def test_every_message_with_a_body_yields_text():
    require(MAIL)
    silent = []
    for path in CORPUS:
        try:
            parsed = parse_message(path.read_bytes())
        except UnparseableMessage:
            continue
        if (parsed.html_body or "").strip() and not parsed.text_body.strip():
            silent.append(_name(path))
    # these two have an HTML part with no text in it (an empty body, an image only)
    assert set(silent) <= {
        "mikel-mail/error_emails/bad_date_header.eml",
        "mikel-mail/attachment_emails/attachment_message_rfc822_inline_image.eml",
    }
