"""A compact, comparable picture of everything parsing yields for one raw message.

test_parse_snapshot.py compares the shared corpus against fixtures/corpus_parse_snapshot.json,
written by the code as it was before the parsing speed-ups. Regenerate it (only when an output
change is intended) with: .venv/bin/python -m guichet.channels.email.tests.parse_snapshot
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from pathlib import Path
from typing import Any

from guichet.channels.email import (
    ParsedMessage,
    UnparseableMessage,
    classify_noise,
    extract_reply,
    parse_message,
)

from .paths import FIXTURES, MAIL, corpus_files

SNAPSHOT = FIXTURES / "corpus_parse_snapshot.json"
_SHORT = 48  # longer values are kept as a hash so the fixture stays small


def _compact(value: Any) -> Any:
    """`value` as JSON data; long strings and large structures replaced by a short hash."""
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
    if len(text) <= _SHORT:
        return value
    return "sha256:" + hashlib.sha256(text.encode()).hexdigest()[:16]


def _message(parsed: ParsedMessage) -> dict[str, Any]:
    attachments = [
        {
            "filename": a.filename,
            "content_type": a.content_type,
            "declared_content_type": a.declared_content_type,
            "content_id": a.content_id,
            "inline": a.inline,
            "size": a.size,
            "data": hashlib.sha256(a.data).hexdigest()[:16],
        }
        for a in parsed.attachments
    ]
    reply = extract_reply(parsed.text_body, parsed.html_body, subject=parsed.subject)
    noise = classify_noise(parsed)
    return {
        "message_id": _compact(parsed.message_id),
        "message_id_is_synthetic": parsed.message_id_is_synthetic,
        "in_reply_to": _compact(parsed.in_reply_to),
        "references": _compact(list(parsed.references)),
        "subject": _compact(parsed.subject),
        "from": _compact(str(parsed.from_) if parsed.from_ else None),
        "to": _compact([str(a) for a in parsed.to]),
        "cc": _compact([str(a) for a in parsed.cc]),
        "reply_to": _compact([str(a) for a in parsed.reply_to]),
        "date": parsed.date.isoformat() if parsed.date else None,
        "text_body": _compact(parsed.text_body),
        "html_body": _compact(parsed.html_body),
        "readable_text": _compact(parsed.readable_text),
        "attachments": _compact(attachments),
        "attachment_summary": [[a.filename, a.content_type, a.size] for a in parsed.attachments],
        "headers": _compact(parsed.headers),
        "dsn": _compact(dataclasses.asdict(parsed.dsn) if parsed.dsn else None),
        "raw_size": parsed.raw_size,
        "raw_sha256": parsed.raw_sha256[:16],
        "forwarded": [_message(inner) for inner in parsed.forwarded],
        "defects": _compact(list(parsed.defects)),
        "source_format": parsed.source_format,
        "text_from_html": parsed.text_from_html,
        "reply": {
            "new_text": _compact(reply.new_text),
            "quoted_text": _compact(reply.quoted_text),
            "signature": _compact(reply.signature),
        },
        "noise": _compact([str(noise.kind), list(noise.reasons), str(noise.dsn)]),
    }


def snapshot(path: Path) -> dict[str, Any]:
    try:
        parsed = parse_message(path.read_bytes())
    except UnparseableMessage as refused:
        return {"refused": refused.reason}
    return _message(parsed)


def corpus_snapshot() -> dict[str, Any]:
    return {str(path.relative_to(MAIL)): snapshot(path) for path in corpus_files()}


def main() -> None:
    data = corpus_snapshot()
    assert len(data) == 140, "the shared corpus is missing or incomplete"
    lines = [
        json.dumps(name) + ": " + json.dumps(entry, sort_keys=True, separators=(",", ":"))
        for name, entry in sorted(data.items())
    ]
    SNAPSHOT.write_text("{\n" + ",\n".join(lines) + "\n}\n")  # one message a line


if __name__ == "__main__":
    main()
