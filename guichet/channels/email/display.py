"""Showing a received email's HTML safely (docs/email.md#showing-html).

The HTML is sanitised (allow-list, guichet/core/sanitise.py), inline images (`cid:`) become
`data:` URLs, and remote images are removed unless the agent asked for them. The result is
served by its own view, inside a sandboxed iframe (no scripts, no same origin), under a strict
Content-Security-Policy that also blocks remote images unless asked for: two locks, not one.
"""

from __future__ import annotations

import base64
import html
import re

from guichet.core.sanitise import sanitise_html, text_to_html

from .message import Attachment, ParsedMessage

MAX_INLINE_IMAGE = 5 * 1024 * 1024
_IMG_SRC = re.compile(r'(<img\b[^>]*?\bsrc=")([^"]*)(")', re.IGNORECASE)
_REMOTE = re.compile(r"^\s*(?:https?:)?//", re.IGNORECASE)


def csp(load_images: bool) -> str:
    images = "data: https: http:" if load_images else "data:"
    return (
        f"default-src 'none'; img-src {images}; style-src 'unsafe-inline'; "
        "base-uri 'none'; form-action 'none'; frame-ancestors 'self'"
    )


def email_html(parsed: ParsedMessage, *, load_images: bool) -> tuple[str, bool]:
    """(safe HTML of the message, whether it has remote images)."""
    source = parsed.html_body or text_to_html(parsed.text_body)
    clean = sanitise_html(source)
    clean = inline_images(clean, parsed.attachments)
    remote = has_remote_images(clean)
    if remote and not load_images:
        clean = block_remote_images(clean)
    return clean, remote


def block_remote_images(clean: str) -> str:
    """Remote image sources emptied (the CSP blocks them too; this keeps even the request out)."""

    def replace(match: re.Match[str]) -> str:
        if _REMOTE.match(html.unescape(match.group(2))):
            return f"{match.group(1)}{match.group(3)}"
        return match.group(0)

    return _IMG_SRC.sub(replace, clean)


def inline_images(clean: str, attachments: tuple[Attachment, ...]) -> str:
    """cid:<content-id> image sources replaced by data: URLs of the matching parts."""
    by_cid = {
        a.content_id.strip("<>").lower(): a
        for a in attachments
        if a.content_id and a.content_type.startswith("image/") and a.size <= MAX_INLINE_IMAGE
    }

    def replace(match: re.Match[str]) -> str:
        source = html.unescape(match.group(2)).strip()
        if not source.lower().startswith("cid:"):
            return match.group(0)
        part = by_cid.get(source[4:].strip("<>").lower())
        if part is None:
            return f"{match.group(1)}{match.group(3)}"
        data = base64.b64encode(part.data).decode("ascii")
        return f"{match.group(1)}data:{part.content_type};base64,{data}{match.group(3)}"

    return _IMG_SRC.sub(replace, clean)


def has_remote_images(clean: str) -> bool:
    return any(_REMOTE.match(html.unescape(m.group(2))) for m in _IMG_SRC.finditer(clean))
